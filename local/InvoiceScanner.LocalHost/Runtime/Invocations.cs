using System.Text;

namespace InvoiceScanner.LocalHost.Runtime;

public enum InvocationSource { HttpApi, S3Notification, Direct, SnsNotification, Schedule, EventBridge }

public enum InvocationOutcome
{
    /// <summary>The function posted /response.</summary>
    Success,
    /// <summary>The function posted /error.</summary>
    FunctionError,
    /// <summary>No result before the deadline; the process was killed (Sandbox.Timedout).</summary>
    Timeout,
    /// <summary>The process exited while the invocation was in flight, or before it could take it (Runtime.ExitError).</summary>
    RuntimeExit,
    /// <summary>The function reported /init/error (Runtime.InitError).</summary>
    InitError,
    /// <summary>The stack stopped before the invocation finished.</summary>
    Cancelled,
}

/// <summary>What an invocation produced: the response payload, or the error body (errorMessage/errorType/stackTrace).</summary>
public sealed record InvocationResult(string RequestId, InvocationOutcome Outcome, byte[] Payload, string? ErrorType)
{
    public bool Succeeded => Outcome == InvocationOutcome.Success;

    public string PayloadText => Encoding.UTF8.GetString(Payload);
}

/// <summary>One invocation as the journal keeps it (for tests and diagnostics).</summary>
public sealed class InvocationRecord(string functionName, string requestId, InvocationSource source, int attempt, byte[] payload)
{
    private readonly TaskCompletionSource<InvocationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string FunctionName { get; } = functionName;
    public string RequestId { get; } = requestId;
    public InvocationSource Source { get; } = source;

    /// <summary>1 for the first delivery; 2 and 3 for Lambda's async retries.</summary>
    public int Attempt { get; } = attempt;

    public byte[] Payload { get; } = payload;
    public string PayloadText => Encoding.UTF8.GetString(Payload);
    public DateTimeOffset QueuedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>When a function process took it (its /next answered); null while queued or when it never ran.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Which of the function's instances took it (1 = the first one).</summary>
    public int? Instance { get; private set; }

    /// <summary>When it got its outcome.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Set once the invocation has an outcome.</summary>
    public InvocationResult? Result => _completion.Task.IsCompletedSuccessfully ? _completion.Task.Result : null;

    public Task<InvocationResult> Completion => _completion.Task;

    /// <summary>Told when a process takes it (the journal wakes its waiters).</summary>
    internal Action? OnStarted { get; set; }

    internal void MarkStarted(int instance)
    {
        Instance = instance;
        StartedAt = DateTimeOffset.UtcNow;
        OnStarted?.Invoke();
    }

    internal bool TryComplete(InvocationResult result)
    {
        // Locked so CompletedAt is set once, before anyone sees the result (continuations run asynchronously).
        lock (_completion)
        {
            if (_completion.Task.IsCompleted)
                return false;
            CompletedAt = DateTimeOffset.UtcNow;
            return _completion.TrySetResult(result);
        }
    }
}

/// <summary>
/// The recent invocations of every function, newest last (bounded); tests wait on it instead of sleeping. Waiters wake
/// when an invocation is added, taken by a process and completed.
/// </summary>
public sealed class InvocationJournal : WaitableLog<InvocationRecord>
{
    public override void Add(InvocationRecord record)
    {
        record.OnStarted = Signal;
        base.Add(record);
        record.Completion.ContinueWith(_ => Signal(), TaskScheduler.Default);
    }
}

/// <summary>
/// An append-only, bounded log that can be awaited: <see cref="WaitUntilAsync"/> re-checks its condition whenever an
/// entry is added (or <see cref="Signal"/> reports a change to one), so callers never poll on a timer.
/// </summary>
public class WaitableLog<T>
{
    private const int Capacity = 5000;
    private readonly object _gate = new();
    private readonly LinkedList<T> _entries = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public virtual void Add(T entry)
    {
        lock (_gate)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity)
                _entries.RemoveFirst();
        }
        Signal();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
            return [.. _entries];
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="condition"/> holds for the log; returns whether it did.</summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
                changed = _changed.Task;
            if (condition(Snapshot()))
                return true;
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition(Snapshot());
            }
        }
    }

    protected void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
