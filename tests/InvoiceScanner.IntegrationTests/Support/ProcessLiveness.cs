using System.Runtime.InteropServices;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>Process checks by pid. A zombie counts as gone: it runs nothing (this sandbox's init does not reap orphans).</summary>
public static class ProcessLiveness
{
    public const int SigTerm = 15;

    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // Format: "pid (comm) state ..."; comm may contain spaces and parentheses, so read after the last ')'.
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state is not ("Z" or "X");
    }

    /// <summary>Waits (bounded) until none of <paramref name="pids"/> is alive; returns the ones still alive.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var remaining = pids.ToList();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            remaining = remaining.Where(IsAlive).ToList();
            if (remaining.Count == 0 || deadline.IsCancellationRequested)
                return remaining;
            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // One last look above.
            }
        }
    }

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
