using System.Collections.Concurrent;
using System.Diagnostics;

namespace InvoiceScanner.LocalHost.Processes;

/// <summary>
/// Starts child processes so that they die with this process, even when it is killed outright (SIGKILL, OOM):
/// on Linux each child is wrapped in `setpriv --pdeathsig KILL`. The kernel ties the parent-death signal to the
/// thread that forked the child, not to the process, so every child is started from one dedicated thread that
/// lives as long as the process (a thread-pool thread may retire and take its children with it).
/// </summary>
public static class ChildProcessLauncher
{
    private static readonly BlockingCollection<Action> Work = new();
    private static readonly Lazy<string?> SetprivPath = new(FindSetpriv);

    static ChildProcessLauncher()
    {
        var thread = new Thread(() =>
        {
            foreach (var item in Work.GetConsumingEnumerable())
                item();
        })
        {
            IsBackground = true,
            Name = "child-process-launcher",
        };
        thread.Start();
    }

    /// <summary>True when children are tied to this process's life (Linux with util-linux setpriv).</summary>
    public static bool DiesWithParent => SetprivPath.Value is not null;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; output is redirected by the caller's settings.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        if (SetprivPath.Value is { } setpriv)
        {
            var wrapped = new List<string> { "--pdeathsig", "KILL", "--", startInfo.FileName };
            wrapped.AddRange(startInfo.ArgumentList);
            startInfo.FileName = setpriv;
            startInfo.ArgumentList.Clear();
            foreach (var argument in wrapped)
                startInfo.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        });
        return started.Task;
    }

    /// <summary>Kills the process and its descendants and waits (bounded) until it is gone.</summary>
    public static async Task KillAsync(Process process, TimeSpan wait)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited in the meantime.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exited in the meantime (or is a zombie already).
        }
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Bounded: a process stuck in uninterruptible sleep is reported by the caller's liveness checks.
        }
    }

    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        foreach (var candidate in new[] { "/usr/bin/setpriv", "/bin/setpriv" })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        return ExecutableSearch.Find("setpriv");
    }
}

/// <summary>PATH lookup, like the shell's `command -v`.</summary>
public static class ExecutableSearch
{
    public static string? Find(string name, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The dotnet host that runs framework-dependent builds: the one running us, else PATH, else DOTNET_ROOT.</summary>
    public static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        if (Find("dotnet") is { } onPath)
            return onPath;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
