using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace InvoiceScanner.Ocr.Processes;

/// <summary>What to run: the executable, its arguments (passed verbatim, no shell) and the limits.</summary>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Stdout beyond this is a failure (protects the Lambda's memory from a pathological document).</summary>
    public long MaxOutputBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Called right after the process started (tests use it to observe and cancel).</summary>
    public Action<Process>? Started { get; init; }
}

internal sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardErrorTail)
{
    public string StandardOutputText => Encoding.UTF8.GetString(StandardOutput);
}

internal sealed class ProcessStartException(string fileName, Exception inner)
    : Exception($"Could not start {fileName}: {inner.Message}", inner);

internal sealed class ProcessTimeoutException(string fileName, TimeSpan timeout, string standardErrorTail)
    : Exception($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0.###} s")
{
    public string StandardErrorTail { get; } = standardErrorTail;
}

internal sealed class ProcessOutputTooLargeException(string fileName, long limit)
    : Exception($"{Path.GetFileName(fileName)} wrote more than {limit} bytes");

/// <summary>
/// Runs a command-line tool: stdout and stderr are drained concurrently (a full pipe would otherwise block the
/// child forever), and on timeout or cancellation the whole process tree is killed before this returns.
/// </summary>
internal static class ProcessRunner
{
    private const int StandardErrorTailBytes = 4096;

    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in spec.Arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in spec.Environment) startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            throw new ProcessStartException(spec.FileName, e);
        }

        // No tool we run reads stdin; closing it makes one that tries see EOF instead of waiting.
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var overflowed = false;
        var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream, spec.MaxOutputBytes, () =>
        {
            overflowed = true;
            Kill(process);
        });
        var stderrTask = ReadTailAsync(process.StandardError.BaseStream);

        try
        {
            spec.Started?.Invoke(process);
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
            // The pipes reach EOF when the process exits, unless an orphaned grandchild still holds them.
            var stdout = await stdoutTask.WaitAsync(stop.Token).ConfigureAwait(false);
            var stderr = await stderrTask.WaitAsync(stop.Token).ConfigureAwait(false);
            if (overflowed) throw new ProcessOutputTooLargeException(spec.FileName, spec.MaxOutputBytes);
            return new ProcessResult(process.ExitCode, stdout, stderr);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Kill(process);
            await WaitQuietlyAsync(process, stdoutTask, stderrTask).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessTimeoutException(spec.FileName, spec.Timeout, stderrTask.IsCompletedSuccessfully ? stderrTask.Result : "");
        }
        catch
        {
            Kill(process);
            await WaitQuietlyAsync(process, stdoutTask, stderrTask).ConfigureAwait(false);
            throw;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    private static async Task WaitQuietlyAsync(Process process, Task stdout, Task stderr)
    {
        try
        {
            // Bounded: a process stuck in uninterruptible I/O must not hang the caller; SIGKILL is already sent.
            await Task.WhenAll(process.WaitForExitAsync(), stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure being reported is the one that matters.
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, long limit, Action onOverflow)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                onOverflow();
                // Keep draining so the killed child's pipe closes cleanly; discard the rest.
                while (await stream.ReadAsync(chunk).ConfigureAwait(false) > 0) { }
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<string> ReadTailAsync(Stream stream)
    {
        var tail = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            tail.Write(chunk, 0, read);
            if (tail.Length > 4 * StandardErrorTailBytes)
            {
                var keep = tail.GetBuffer().AsSpan((int)tail.Length - StandardErrorTailBytes, StandardErrorTailBytes).ToArray();
                tail = new MemoryStream();
                tail.Write(keep);
            }
        }

        var bytes = tail.ToArray();
        var start = Math.Max(0, bytes.Length - StandardErrorTailBytes);
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start).Trim();
    }
}
