using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using InvoiceScanner.Hosting;
using InvoiceScanner.LocalHost.Processes;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// One function: its Runtime API endpoint (<see cref="RuntimeApiServer"/>), its invocation queue and the process
/// that serves it. Like one Lambda execution environment: invocations run one at a time, each with a deadline; a
/// process that exits or times out is replaced by a fresh one (a new "cold start") and its in-flight invocation
/// fails the way Lambda reports it (Runtime.ExitError / Sandbox.Timedout).
/// </summary>
public sealed class FunctionRuntime : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private static readonly TimeSpan MaxRestartBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(10);

    private readonly FunctionLaunch _launch;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StackLog _log;
    private readonly InvocationJournal _journal;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly RuntimeApiServer _server;
    private Task _supervisor = Task.CompletedTask;
    private volatile ProcessGeneration? _current;
    private int _starts;

    public FunctionRuntime(
        FunctionDefinition definition,
        FunctionLaunch launch,
        TimeSpan timeout,
        string region,
        IReadOnlyDictionary<string, string> environment,
        StackLog log,
        InvocationJournal journal)
    {
        Definition = definition;
        Timeout = timeout;
        FunctionArn = $"arn:aws:lambda:{region}:{AccountId}:function:{definition.LogicalId}";
        _launch = launch;
        _environment = environment;
        _log = log;
        _journal = journal;
        _server = new RuntimeApiServer(this);
    }

    public FunctionDefinition Definition { get; }

    public string Name => Definition.LogicalId;

    public TimeSpan Timeout { get; }

    public string FunctionArn { get; }

    /// <summary>host:port, as AWS_LAMBDA_RUNTIME_API.</summary>
    public string RuntimeApiAddress => _server.Address;

    /// <summary>The function process now running (null between a crash and its restart).</summary>
    public int? ProcessId => _current?.Process?.Id;

    /// <summary>How many processes were started so far (1 + restarts).</summary>
    public int ProcessStarts => Volatile.Read(ref _starts);

    /// <summary>Starts the Runtime API endpoint and the first function process.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken);
        var firstStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _supervisor = Task.Run(() => SuperviseAsync(firstStart, _stopping.Token), CancellationToken.None);
        await firstStart.Task.WaitAsync(cancellationToken);
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
            Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack is stopping.");
        return record.Completion.WaitAsync(cancellationToken);
    }

    // ------------------------------------------------------------------ Runtime API side (called by RuntimeApiServer)

    /// <summary>GET /runtime/invocation/next: waits for the next invocation and starts its deadline.</summary>
    internal async Task<PendingInvocation> TakeNextAsync(CancellationToken requestAborted)
    {
        if (_current is { } generation)
            generation.AskedForWork = true;
        while (true)
        {
            var pending = await _queue.Reader.ReadAsync(requestAborted);
            if (pending.Record.Completion.IsCompleted)
                continue; // Failed while queued (e.g. an init failure took it).
            pending.Deadline = DateTimeOffset.UtcNow + Timeout;
            _inFlight[pending.RequestId] = pending;
            pending.StartDeadline(Timeout, () => OnTimeout(pending));
            return pending;
        }
    }

    /// <summary>POST /runtime/invocation/{id}/response or /error. False when the id is unknown or already finished.</summary>
    internal bool Complete(string requestId, InvocationOutcome outcome, byte[] payload, string? errorType)
    {
        if (!_inFlight.TryRemove(requestId, out var pending))
            return false;
        pending.StopDeadline();
        return pending.Record.TryComplete(new InvocationResult(requestId, outcome, payload, errorType));
    }

    /// <summary>POST /runtime/init/error: remembered until the process exits, then reported on the invocation that waited for it.</summary>
    internal void ReportInitError(byte[] body, string? errorType)
    {
        if (_current is { } generation)
            generation.InitError = (body, errorType ?? "Runtime.InitError");
        _log.Function(Name, $"init error reported: {Truncate(Encoding.UTF8.GetString(body), 500)}");
    }

    // ------------------------------------------------------------------ process supervision

    private async Task SuperviseAsync(TaskCompletionSource firstStart, CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            // Current before the process exists: its first /next may arrive before StartProcessAsync returns.
            var generation = new ProcessGeneration();
            _current = generation;
            try
            {
                generation.Process = await StartProcessAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _current = null;
                _log.Warn($"{Name}: could not start {_launch.FileName}: {ex.Message}");
                firstStart.TrySetException(ex);
                FailOneQueued(InvocationOutcome.RuntimeExit, "Runtime.ExitError", $"The function process could not be started: {ex.Message}");
                if (!await DelayAsync(MaxRestartBackoff, stopping))
                    break;
                continue;
            }

            Interlocked.Increment(ref _starts);
            firstStart.TrySetResult();
            try
            {
                await generation.Process.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                await ChildProcessLauncher.KillAsync(generation.Process, TimeSpan.FromSeconds(5));
                break;
            }

            _current = null;
            var exitCode = SafeExitCode(generation.Process);
            var reason = generation.KilledAfterTimeout ? "was stopped after an invocation timed out" : $"exited with code {exitCode}";
            _log.Info($"{Name}: process {generation.Process.Id} {reason}");
            generation.Process.Dispose();

            var failedInFlight = false;
            foreach (var requestId in _inFlight.Keys)
            {
                if (!_inFlight.TryRemove(requestId, out var pending))
                    continue;
                pending.StopDeadline();
                failedInFlight |= Fail(pending, InvocationOutcome.RuntimeExit, "Runtime.ExitError",
                    $"RequestId: {requestId} Error: Runtime exited with error: exit status {exitCode}");
            }
            // A process that never asked for work (init failed, missing dependency...) fails the invocation
            // that is waiting for it, so a broken build cannot hold its queue forever.
            if (!failedInFlight && !generation.KilledAfterTimeout && (!generation.AskedForWork || generation.InitError is not null))
            {
                if (generation.InitError is { } init)
                    FailOneQueued(InvocationOutcome.InitError, init.ErrorType, init.Body);
                else
                    FailOneQueued(InvocationOutcome.RuntimeExit, "Runtime.ExitError", $"Runtime exited before init completed: exit status {exitCode}");
            }

            backoff = generation.Uptime.Elapsed > HealthyUptime || generation.KilledAfterTimeout
                ? TimeSpan.FromMilliseconds(250)
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRestartBackoff.Ticks));
            // The delay also lets a stack that is shutting down (Ctrl-C reaches the whole process group) stop us first.
            if (!await DelayAsync(backoff, stopping))
                break;
            _log.Info($"{Name}: starting a new process");
        }
        _current = null;
    }

    private async Task<Process> StartProcessAsync()
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = _launch.FileName,
            WorkingDirectory = _launch.TaskRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in _launch.Arguments)
            startInfo.ArgumentList.Add(argument);
        // A clean Lambda-like environment: nothing of the developer's shell (AWS_PROFILE, real credentials) leaks in.
        startInfo.Environment.Clear();
        foreach (var (name, value) in _environment)
            startInfo.Environment[name] = value;
        startInfo.Environment["AWS_LAMBDA_RUNTIME_API"] = RuntimeApiAddress;
        startInfo.Environment["LAMBDA_TASK_ROOT"] = _launch.TaskRoot;
        startInfo.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] =
            $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

        var process = await ChildProcessLauncher.StartAsync(startInfo);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _log.Function(Name, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _log.Function(Name, line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close(); // Lambda functions have no stdin.
        return process;
    }

    private void OnTimeout(PendingInvocation pending)
    {
        if (!_inFlight.TryRemove(pending.RequestId, out _))
            return;
        var seconds = Timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        Fail(pending, InvocationOutcome.Timeout, "Sandbox.Timedout", $"RequestId: {pending.RequestId} Error: Task timed out after {seconds} seconds");
        _log.Function(Name, $"Task timed out after {seconds} seconds (request {pending.RequestId})");
        // Lambda freezes and discards the environment after a timeout; the next invocation gets a fresh process.
        if (_current is { Process: { } process } generation)
        {
            generation.KilledAfterTimeout = true;
            _ = ChildProcessLauncher.KillAsync(process, TimeSpan.FromSeconds(5));
        }
    }

    private void FailOneQueued(InvocationOutcome outcome, string errorType, string message) =>
        FailOneQueued(outcome, errorType, ErrorBody(message, errorType));

    private void FailOneQueued(InvocationOutcome outcome, string errorType, byte[] body)
    {
        while (_queue.Reader.TryRead(out var pending))
        {
            if (pending.Record.TryComplete(new InvocationResult(pending.RequestId, outcome, body, errorType)))
                return;
        }
    }

    private static bool Fail(PendingInvocation pending, InvocationOutcome outcome, string errorType, string message) =>
        pending.Record.TryComplete(new InvocationResult(pending.RequestId, outcome, ErrorBody(message, errorType), errorType));

    internal static byte[] ErrorBody(string message, string errorType) =>
        JsonSerializer.SerializeToUtf8Bytes(new RuntimeErrorBody(message, errorType, []), LambdaJsonContext.Default.RuntimeErrorBody);

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{epoch}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};" +
               $"Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0;Lineage=1:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}:0";
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
            await _stopping.CancelAsync();
        try
        {
            // The process goes first, so it never sees its Runtime API refuse work.
            await _supervisor.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            _log.Warn($"{Name}: the process supervisor did not stop in time");
        }
        _queue.Writer.TryComplete();
        foreach (var requestId in _inFlight.Keys)
        {
            if (_inFlight.TryRemove(requestId, out var pending))
            {
                pending.StopDeadline();
                Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack stopped.");
            }
        }
        while (_queue.Reader.TryRead(out var pending))
            Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack stopped.");
        await _server.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>One started process of this function.</summary>
    private sealed class ProcessGeneration
    {
        public Process Process { get; set; } = null!;
        public Stopwatch Uptime { get; } = Stopwatch.StartNew();
        public volatile bool AskedForWork;
        public volatile bool KilledAfterTimeout;
        public (byte[] Body, string ErrorType)? InitError { get; set; }
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
