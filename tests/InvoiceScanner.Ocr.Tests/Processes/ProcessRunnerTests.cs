using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Tests.Processes;

public sealed class ProcessRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ProcessSpec Shell(string script, TimeSpan? timeout = null) => new("/bin/sh", ["-c", script], timeout ?? TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Drains_large_stdout_and_stderr_together_and_keeps_only_the_stderr_tail()
    {
        // 8 MB on stdout and 1 MB on stderr, interleaved: either pipe filling up would block a naive reader.
        var result = await ProcessRunner.RunAsync(Shell(
            "i=0; while [ $i -lt 8 ]; do head -c 1048576 /dev/zero; head -c 131072 /dev/zero | tr '\\0' e >&2; i=$((i+1)); done; echo END >&2"), Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(8 * 1048576, result.StandardOutput.Length);
        Assert.EndsWith("END", result.StandardErrorTail);
        Assert.InRange(result.StandardErrorTail.Length, 100, 4096);
    }

    [Fact]
    public async Task Returns_the_exit_code_and_stderr_of_a_failing_tool()
    {
        var result = await ProcessRunner.RunAsync(Shell("echo partial; echo 'Syntax Error: broken' >&2; exit 3"), Token);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("partial\n", result.StandardOutputText);
        Assert.Equal("Syntax Error: broken", result.StandardErrorTail);
    }

    [Fact]
    public async Task Passes_arguments_verbatim_and_sets_the_environment()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "printf '%s|' \"$1\" \"$OMP_THREAD_LIMIT\"", "sh", "a b; $(echo no)"], TimeSpan.FromMinutes(1))
        {
            Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" },
        };

        var result = await ProcessRunner.RunAsync(spec, Token);

        Assert.Equal("a b; $(echo no)|1|", result.StandardOutputText);
    }

    [Fact]
    public async Task Timeout_kills_the_process_and_throws()
    {
        var pid = 0;
        var spec = Shell("echo waiting >&2; exec sleep 300", TimeSpan.FromMilliseconds(300)) with { Started = p => pid = p.Id };

        var error = await Assert.ThrowsAsync<ProcessTimeoutException>(() => ProcessRunner.RunAsync(spec, Token));

        Assert.Contains("did not finish within 0.3 s", error.Message);
        Assert.Equal("waiting", error.StandardErrorTail);
        Assert.False(IsAlive(pid), "the timed-out process is still running");
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_process_tree()
    {
        using var folder = new Support.TempFolder();
        var pidFile = folder.File("child.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = ProcessRunner.RunAsync(Shell($"sleep 300 & echo $! > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; wait"), cancellation.Token);

        // Wait for the grandchild to exist (no timing assumption: poll until the file appears or the run ends).
        while (!File.Exists(pidFile) && !run.IsCompleted) await Task.Delay(20, Token);
        var childPid = int.Parse(await File.ReadAllTextAsync(pidFile, Token), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsAlive(childPid), "the background sleep should be running before cancellation");

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(IsAlive(childPid), "the grandchild survived cancellation");
    }

    [Fact]
    public async Task Output_over_the_limit_kills_the_tool_and_fails()
    {
        var spec = Shell("exec cat /dev/zero") with { MaxOutputBytes = 1 << 20 };

        await Assert.ThrowsAsync<ProcessOutputTooLargeException>(() => ProcessRunner.RunAsync(spec, Token));
    }

    [Fact]
    public async Task A_missing_executable_cannot_be_started()
    {
        var error = await Assert.ThrowsAsync<ProcessStartException>(() =>
            ProcessRunner.RunAsync(new ProcessSpec("/nonexistent/tool", [], TimeSpan.FromSeconds(10)), Token));

        Assert.Contains("/nonexistent/tool", error.Message);
    }

    /// <summary>Running (not gone and not a zombie waiting to be reaped by init).</summary>
    internal static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
