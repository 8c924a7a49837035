using System.Text;
using InvoiceScanner.FakeAws.EventBridge;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.Events;

/// <summary>
/// The stack's event bus: every event the functions put (through the fake's PutEvents) is appended to a JSON Lines file
/// — one event a line, as a rule's target receives it, so a developer can `tail -f` it — and handed to the functions
/// whose <see cref="EventRule"/> matches its source, invoked asynchronously (retried twice after a function error) as
/// EventBridge invokes a Lambda target.
/// </summary>
public sealed class EventBusBridge(
    IReadOnlyList<EventRule> rules,
    IReadOnlyDictionary<string, FunctionRuntime> functions,
    string eventsFile,
    string region,
    TimeSpan retryDelay,
    StackLog log) : IAsyncDisposable
{
    private readonly PendingDeliveries _deliveries = new("event deliveries", log);
    private readonly Lock _fileGate = new();

    /// <summary>Every event the bus took, in order.</summary>
    public WaitableLog<BusEvent> Received { get; } = new();

    public string EventsFile { get; } = eventsFile;

    /// <summary>Starts the file empty: it lists this run's events.</summary>
    public void Start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(EventsFile)!);
        File.WriteAllText(EventsFile, "");
    }

    public Task PublishAsync(BusEvent busEvent, CancellationToken cancellationToken)
    {
        var json = busEvent.ToTargetJson(FunctionRuntime.AccountId, region);
        lock (_fileGate)
            File.AppendAllText(EventsFile, json + "\n");
        Received.Add(busEvent);
        if (_deliveries.Stopped)
            return Task.CompletedTask;
        foreach (var rule in rules.Where(r => r.Source == busEvent.Source))
        {
            if (!functions.TryGetValue(rule.FunctionLogicalId, out var function))
            {
                log.Info($"event {busEvent.DetailType} {busEvent.Id}: {rule.FunctionLogicalId} is not running; not delivered");
                continue;
            }
            _deliveries.Track(AsyncInvocation.DeliverAsync(function, Encoding.UTF8.GetBytes(json), InvocationSource.EventBridge,
                $"event {busEvent.DetailType} {busEvent.Id}", retryDelay, log, _deliveries.Stopping));
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _deliveries.StopAsync();
}
