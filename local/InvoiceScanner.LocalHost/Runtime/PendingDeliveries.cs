using System.Collections.Concurrent;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// The asynchronous invocations an event source (S3, SNS, the event bus) has started, so that stopping it cancels them
/// and waits, bounded, for them to end. The token source is not disposed: an event arriving while the stack stops may
/// still read its token.
/// </summary>
public sealed class PendingDeliveries(string what, StackLog log)
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private volatile bool _stopped;

    /// <summary>Cancelled once the source stops: deliveries end their retries.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool Stopped => _stopped;

    public void Track(Task delivery)
    {
        _running[delivery] = 0;
        delivery.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(StopWait);
        }
        catch (TimeoutException)
        {
            log.Warn($"some {what} were still running at shutdown");
        }
    }
}
