using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InvoiceScanner.LocalHost.Processes;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// One execution environment of a function: its own Runtime API endpoint (<see cref="RuntimeApiServer"/>) and the
/// process behind it. The process takes invocations from the function's queue one at a time, each with a deadline;
/// a process that exits or times out is replaced by a fresh one (a new "cold start") and the invocation it held fails
/// the way Lambda reports it (Runtime.ExitError / Sandbox.Timedout).
/// </summary>
internal sealed class FunctionInstance : IAsyncDisposable
{
    private static readonly TimeSpan MaxRestartBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(10);

    private readonly FunctionRuntime _function;
    private readonly RuntimeApiServer _server;
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private Task _supervisor = Task.CompletedTask;
    private volatile ProcessGeneration? _current;

    public FunctionInstance(FunctionRuntime function, int number)
    {
        _function = function;
        Number = number;
        _server = new RuntimeApiServer(this);
    }

    /// <summary>1 for the instance the stack starts with; higher ones were started on demand.</summary>
    public int Number { get; }

    public string FunctionArn => _function.FunctionArn;

    /// <summary>host:port, as AWS_LAMBDA_RUNTIME_API.</summary>
    public string RuntimeApiAddress => _server.Address;

    /// <summary>The process now running (null between a crash and its restart).</summary>
    public int? ProcessId => _current?.Process?.Id;

    /// <summary>Holds an invocation (from /next until its result, its deadline or its process's exit).</summary>
    public bool IsBusy => !_inFlight.IsEmpty;

    private string Name => _function.Name;

    private StackLog Log => _function.Log;

    /// <summary>Starts the Runtime API endpoint and the first process; returns once that process was started.</summary>
    public async Task StartAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken);
        var firstStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _supervisor = Task.Run(() => SuperviseAsync(firstStart, stopping), CancellationToken.None);
        await firstStart.Task.WaitAsync(cancellationToken);
    }

    // ------------------------------------------------------------------ Runtime API side (called by RuntimeApiServer)

    /// <summary>GET /runtime/invocation/next: waits for the function's next invocation.</summary>
    internal Task<PendingInvocation> TakeNextAsync(CancellationToken requestAborted)
    {
        if (_current is { } generation)
            generation.AskedForWork = true;
        return _function.TakeAsync(this, requestAborted);
    }

    /// <summary>Called by the function (under its lock) when this instance took <paramref name="pending"/>: starts its deadline.</summary>
    internal void Accept(PendingInvocation pending)
    {
        pending.Deadline = DateTimeOffset.UtcNow + _function.Timeout;
        pending.Record.MarkStarted(Number);
        _inFlight[pending.RequestId] = pending;
        pending.StartDeadline(_function.Timeout, () => OnTimeout(pending));
    }

    /// <summary>POST /runtime/invocation/{id}/response or /error. False when the id is not this instance's or already finished.</summary>
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
        var text = Encoding.UTF8.GetString(body);
        Log.Function(Name, $"init error reported: {(text.Length <= 500 ? text : text[..500] + "…")}");
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
                Log.Warn($"{Name}: could not start {_function.Launch.FileName}: {ex.Message}");
                firstStart.TrySetException(ex);
                _function.FailOneQueued(InvocationOutcome.RuntimeExit, "Runtime.ExitError", $"The function process could not be started: {ex.Message}");
                if (!await DelayAsync(MaxRestartBackoff, stopping))
                    break;
                continue;
            }

            _function.CountProcessStart();
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
            OnProcessExited(generation);
            backoff = generation.Uptime.Elapsed > HealthyUptime || generation.KilledAfterTimeout
                ? TimeSpan.FromMilliseconds(250)
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRestartBackoff.Ticks));
            // The delay also lets a stack that is shutting down (Ctrl-C reaches the whole process group) stop us first.
            if (!await DelayAsync(backoff, stopping))
                break;
            Log.Info($"{Name}: starting a new process (instance {Number})");
        }
        _current = null;
    }

    /// <summary>Fails what the dead process held (or, if it never got going, the invocation waiting for it).</summary>
    private void OnProcessExited(ProcessGeneration generation)
    {
        var exitCode = SafeExitCode(generation.Process);
        var reason = generation.KilledAfterTimeout ? "was stopped after an invocation timed out" : $"exited with code {exitCode}";
        Log.Info($"{Name}: process {generation.Process.Id} (instance {Number}) {reason}");
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
                _function.FailOneQueued(InvocationOutcome.InitError, init.ErrorType, init.Body);
            else
                _function.FailOneQueued(InvocationOutcome.RuntimeExit, "Runtime.ExitError", $"Runtime exited before init completed: exit status {exitCode}");
        }
    }

    private async Task<Process> StartProcessAsync()
    {
        var launch = _function.Launch;
        var startInfo = new ProcessStartInfo
        {
            FileName = launch.FileName,
            WorkingDirectory = launch.TaskRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in launch.Arguments)
            startInfo.ArgumentList.Add(argument);
        // A clean Lambda-like environment: nothing of the developer's shell (AWS_PROFILE, real credentials) leaks in.
        startInfo.Environment.Clear();
        foreach (var (name, value) in _function.ProcessEnvironment)
            startInfo.Environment[name] = value;
        startInfo.Environment["AWS_LAMBDA_RUNTIME_API"] = RuntimeApiAddress;
        startInfo.Environment["LAMBDA_TASK_ROOT"] = launch.TaskRoot;
        startInfo.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] =
            $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

        var process = await ChildProcessLauncher.StartAsync(startInfo);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Log.Function(Name, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Log.Function(Name, line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close(); // Lambda functions have no stdin.
        return process;
    }

    private void OnTimeout(PendingInvocation pending)
    {
        if (!_inFlight.TryRemove(pending.RequestId, out _))
            return;
        var seconds = _function.Timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        Fail(pending, InvocationOutcome.Timeout, "Sandbox.Timedout", $"RequestId: {pending.RequestId} Error: Task timed out after {seconds} seconds");
        Log.Function(Name, $"Task timed out after {seconds} seconds (request {pending.RequestId})");
        // Lambda freezes and discards the environment after a timeout; the next invocation gets a fresh process.
        if (_current is { Process: { } process } generation)
        {
            generation.KilledAfterTimeout = true;
            _ = ChildProcessLauncher.KillAsync(process, TimeSpan.FromSeconds(5));
        }
    }

    internal static bool Fail(PendingInvocation pending, InvocationOutcome outcome, string errorType, string message) =>
        pending.Record.TryComplete(new InvocationResult(pending.RequestId, outcome, FunctionRuntime.ErrorBody(message, errorType), errorType));

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

    /// <summary>Waits for the supervisor to stop the process (the caller cancelled the stopping token).</summary>
    public async Task StopProcessAsync()
    {
        try
        {
            // The process goes first, so it never sees its Runtime API refuse work.
            await _supervisor.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            Log.Warn($"{Name}: the process supervisor of instance {Number} did not stop in time");
        }
    }

    /// <summary>Fails what is still in flight and closes the Runtime API endpoint (after <see cref="StopProcessAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var requestId in _inFlight.Keys)
        {
            if (_inFlight.TryRemove(requestId, out var pending))
            {
                pending.StopDeadline();
                Fail(pending, InvocationOutcome.Cancelled, "Runtime.Cancelled", "The local stack stopped.");
            }
        }
        await _server.DisposeAsync();
    }

    /// <summary>One started process of this instance.</summary>
    private sealed class ProcessGeneration
    {
        public Process Process { get; set; } = null!;
        public Stopwatch Uptime { get; } = Stopwatch.StartNew();
        public volatile bool AskedForWork;
        public volatile bool KilledAfterTimeout;
        public (byte[] Body, string ErrorType)? InitError { get; set; }
    }
}
