using System.Diagnostics;
using System.Text;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>Runs one `InvoiceScanner.LocalHost` command as a user would (a separate process) and collects its output.</summary>
public static class HostCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static string HostDll => Path.Combine(StackPaths.RepositoryRoot, "local", "InvoiceScanner.LocalHost", "bin",
        StackPaths.Configuration, StackPaths.TargetFramework, "InvoiceScanner.LocalHost.dll");

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment["INVOICESCANNER_REPO"] = StackPaths.RepositoryRoot;
        foreach (var (name, value) in environment)
            startInfo.Environment[name] = value;

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', arguments)}` did not finish within {timeout}: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
