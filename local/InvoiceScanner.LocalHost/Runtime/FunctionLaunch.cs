using System.Text.Json;
using InvoiceScanner.LocalHost.Processes;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>How to start one function's build: the command line and its working directory (LAMBDA_TASK_ROOT).</summary>
public sealed record FunctionLaunch(string FileName, IReadOnlyList<string> Arguments, string TaskRoot)
{
    public const string Bootstrap = "bootstrap";

    /// <summary>
    /// Finds &lt;functionsDirectory&gt;/&lt;logicalId&gt;/bootstrap. A framework-dependent .NET build
    /// (bootstrap.dll whose runtimeconfig names a shared framework) runs as `dotnet bootstrap.dll`, so a quick
    /// `dotnet publish` works without -r/--self-contained; anything else (self-contained, ReadyToRun, AOT, a script)
    /// runs as ./bootstrap, as provided.al2023 would.
    /// </summary>
    public static FunctionLaunch Locate(string functionsDirectory, string logicalId)
    {
        var taskRoot = Path.GetFullPath(Path.Combine(functionsDirectory, logicalId));
        var executable = Path.Combine(taskRoot, Bootstrap);
        var assembly = Path.Combine(taskRoot, Bootstrap + ".dll");
        var runtimeConfig = Path.Combine(taskRoot, Bootstrap + ".runtimeconfig.json");

        if (File.Exists(assembly) && File.Exists(runtimeConfig) && IsFrameworkDependent(runtimeConfig))
            return new FunctionLaunch(ExecutableSearch.FindDotnet(), [assembly], taskRoot);
        if (File.Exists(executable))
            return new FunctionLaunch(executable, [], taskRoot);
        throw new FunctionBuildMissingException(
            $"No build of {logicalId}: expected {executable} (or a framework-dependent {assembly}). " +
            "Build the functions first (`make build-all`, or local/run.sh which does it for you).");
    }

    private static bool IsFrameworkDependent(string runtimeConfigPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(runtimeConfigPath));
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var options))
                return false;
            // Self-contained builds list "includedFrameworks"; framework-dependent ones "framework" or "frameworks".
            return options.TryGetProperty("framework", out _) || options.TryGetProperty("frameworks", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public sealed class FunctionBuildMissingException(string message) : Exception(message);
