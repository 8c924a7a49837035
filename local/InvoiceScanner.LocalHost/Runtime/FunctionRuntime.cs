using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using InvoiceScanner.Hosting;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// One function: its invocation queue and its execution environments (<see cref="FunctionInstance"/>, each a process
/// behind its own Runtime API endpoint). Like Lambda, an idle function keeps one environment; when an invocation
/// arrives and every environment is busy, another one is started (a cold start), up to <see cref="MaxInstances"/>.
/// Whichever instance is idle takes the next invocation from the queue.
/// </summary>
public sealed class FunctionRuntime : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    // Scaling decisions and taking work happen under this lock, so "queued > idle instances" is never misjudged.
    private readonly object _gate = new();
    private readonly List<FunctionInstance> _instances = [];
    private readonly List<Task> _scaleOuts = [];
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly InvocationJournal _journal;
    private int _starts;

    /// <param name="maxInstances">How many execution environments may serve invocations at the same time.</param>
    public FunctionRuntime(
        FunctionDefinition definition,
        FunctionLaunch launch,
        TimeSpan timeout,
        string region,
        IReadOnlyDictionary<string, string> environment,
        StackLog log,
        InvocationJournal journal,
        int maxInstances = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInstances, 1);
        Definition = definition;
        Timeout = timeout;
        FunctionArn = $"arn:aws:lambda:{region}:{AccountId}:function:{definition.LogicalId}";
        MaxInstances = maxInstances;
        Launch = launch;
        ProcessEnvironment = environment;
        Log = log;
        _journal = journal;
    }

    public FunctionDefinition Definition { get; }

    public string Name => Definition.LogicalId;

    public TimeSpan Timeout { get; }

    public string FunctionArn { get; }

    /// <summary>The most execution environments (processes) that serve this function at once.</summary>
    public int MaxInstances { get; }

    internal FunctionLaunch Launch { get; }

    internal IReadOnlyDictionary<string, string> ProcessEnvironment { get; }

    internal StackLog Log { get; }

    /// <summary>host:port of the first instance, as its AWS_LAMBDA_RUNTIME_API.</summary>
    public string RuntimeApiAddress => Instances.FirstOrDefault()?.RuntimeApiAddress ?? "";

    /// <summary>Every instance's Runtime API address, first instance first.</summary>
    public IReadOnlyList<string> RuntimeApiAddresses => [.. Instances.Select(i => i.RuntimeApiAddress)];

    /// <summary>The first instance's process now running (null between a crash and its restart).</summary>
    public int? ProcessId => Instances.FirstOrDefault()?.ProcessId;

    /// <summary>The processes now running, one per instance that has one.</summary>
    public IReadOnlyList<int> ProcessIds => [.. Instances.Select(i => i.ProcessId).OfType<int>()];

    /// <summary>How many execution environments exist (1 until invocations overlap).</summary>
    public int InstanceCount => Instances.Count;

    /// <summary>How many processes were started so far, over all instances (instances + restarts).</summary>
    public int ProcessStarts => Volatile.Read(ref _starts);

    private IReadOnlyList<FunctionInstance> Instances
    {
        get
        {
            lock (_gate)
                return [.. _instances];
        }
    }

    /// <summary>Starts the first instance: its Runtime API endpoint and its process.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = new FunctionInstance(this, 1);
        lock (_gate)
            _instances.Add(first);
        await first.StartAsync(_stopping.Token, cancellationToken);
    }

    /// <summary>
    /// Queues an invocation and waits for its outcome. Cancelling only stops the waiting: like Lambda, an invocation
    /// that was accepted still runs.
    /// </summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, InvocationSource source, int attempt = 1, CancellationToken cancellationToken = default)
    {
        var record = new InvocationRecord(Name, Guid.NewGuid().ToString(), source, attempt, payload);
        _journal.Add(record);
        var pending = new PendingInvocation(record, NewTraceId());
        if (_stopping.IsCancellationRequested || !_queue.Writer.TryWrite(pending))
            FunctionInstance.Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack is stopping.");
        else
            ScaleOutIfAllBusy();
        return record.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Lambda's cold start on demand: more invocations waiting than idle instances, and room for another.</summary>
    private void ScaleOutIfAllBusy()
    {
        FunctionInstance added;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _instances.Count == 0 || _instances.Count >= MaxInstances)
                return;
            var idle = _instances.Count(i => !i.IsBusy);
            if (_queue.Reader.Count <= idle)
                return;
            added = new FunctionInstance(this, _instances.Count + 1);
            _instances.Add(added);
            _scaleOuts.Add(StartScaledOutAsync(added));
        }
        Log.Info($"{Name}: every instance is busy; starting instance {added.Number} of at most {MaxInstances}");
    }

    private async Task StartScaledOutAsync(FunctionInstance instance)
    {
        await Task.Yield(); // not under the caller's lock
        try
        {
            await instance.StartAsync(_stopping.Token, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The stack is stopping.
        }
        catch (Exception ex)
        {
            // A process that failed to start is retried by the instance's supervisor; the instance stays.
            Log.Warn($"{Name}: instance {instance.Number} did not start: {ex.Message}");
        }
    }

    // ------------------------------------------------------------------ called by the instances

    /// <summary>Waits for the next invocation and hands it to <paramref name="instance"/>, which starts its deadline.</summary>
    internal async Task<PendingInvocation> TakeAsync(FunctionInstance instance, CancellationToken requestAborted)
    {
        while (true)
        {
            if (!await _queue.Reader.WaitToReadAsync(requestAborted))
                throw new ChannelClosedException();
            lock (_gate)
            {
                while (_queue.Reader.TryRead(out var pending))
                {
                    if (pending.Record.Completion.IsCompleted)
                        continue; // Failed while queued (e.g. an init failure took it).
                    instance.Accept(pending);
                    return pending;
                }
            }
        }
    }

    internal void CountProcessStart() => Interlocked.Increment(ref _starts);

    internal void FailOneQueued(InvocationOutcome outcome, string errorType, string message) =>
        FailOneQueued(outcome, errorType, ErrorBody(message, errorType));

    internal void FailOneQueued(InvocationOutcome outcome, string errorType, byte[] body)
    {
        while (_queue.Reader.TryRead(out var pending))
        {
            if (pending.Record.TryComplete(new InvocationResult(pending.RequestId, outcome, body, errorType)))
                return;
        }
    }

    internal static byte[] ErrorBody(string message, string errorType) =>
        JsonSerializer.SerializeToUtf8Bytes(new RuntimeErrorBody(message, errorType, []), LambdaJsonContext.Default.RuntimeErrorBody);

    private static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{epoch}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};" +
               $"Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0;Lineage=1:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}:0";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
            await _stopping.CancelAsync();
        Task[] scaleOuts;
        lock (_gate)
            scaleOuts = [.. _scaleOuts];
        await Task.WhenAll(scaleOuts); // they catch their own failures
        var instances = Instances;
        await Task.WhenAll(instances.Select(i => i.StopProcessAsync()));
        _queue.Writer.TryComplete();
        foreach (var instance in instances)
            await instance.DisposeAsync();
        while (_queue.Reader.TryRead(out var pending))
            FunctionInstance.Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack stopped.");
        _stopping.Dispose();
    }
}

/// <summary>An invocation waiting in the queue or being served.</summary>
internal sealed class PendingInvocation(InvocationRecord record, string traceId)
{
    private CancellationTokenSource? _deadline;

    public InvocationRecord Record { get; } = record;
    public string RequestId => Record.RequestId;
    public string TraceId { get; } = traceId;
    public DateTimeOffset Deadline { get; set; }

    public void StartDeadline(TimeSpan timeout, Action onTimeout)
    {
        _deadline = new CancellationTokenSource(timeout);
        _deadline.Token.Register(onTimeout);
    }

    public void StopDeadline() => _deadline?.Dispose();
}
