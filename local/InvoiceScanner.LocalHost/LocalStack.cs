using System.Text.Json;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.FakeAws;
using InvoiceScanner.FakeAws.EventBridge;
using InvoiceScanner.Hosting;
using InvoiceScanner.LocalHost.Api;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Events;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.S3;
using InvoiceScanner.LocalHost.Security;
using InvoiceScanner.LocalHost.Sns;
using InvoiceScanner.LocalHost.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.LocalHost;

/// <summary>
/// The whole product on one machine: emulators (S3, DynamoDB), bucket and table, the fake Textract/Bedrock endpoint
/// when a cloud engine is chosen, one process per function behind a Runtime API emulator, the S3 notification bridge
/// (and the SNS subscription for Textract's completion notices) and the HTTP API. <see cref="StartAsync"/> brings it up
/// in that order; <see cref="DisposeAsync"/> takes it down in reverse and leaves no child process behind.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _started = [];
    private readonly Dictionary<string, FunctionRuntime> _functions = new(StringComparer.Ordinal);
    private WebApplication? _control;
    private EmulatorsProcess? _emulators;
    private volatile S3NotificationBridge? _bridge;
    private volatile SnsNotificationBridge? _textractNotices;
    private EventBusBridge? _eventBus;
    private HttpApiGateway? _gateway;
    private readonly S3EventSink _s3EventSink;
    private bool _disposed;

    private LocalStack(LocalStackOptions options, StackLog log, DevSigningKey signingKey)
    {
        Options = options;
        Log = log;
        SigningKey = signingKey;
        _s3EventSink = new S3EventSink(() => _bridge, log);
    }

    public LocalStackOptions Options { get; }

    public StackLog Log { get; }

    public DevSigningKey SigningKey { get; }

    public InvocationJournal Journal { get; } = new();

    public EmulatorEndpoints Endpoints { get; private set; } = null!;

    public IReadOnlyDictionary<string, FunctionRuntime> Functions => _functions;

    /// <summary>The S3 events the bridge received (null when it is off).</summary>
    public WaitableLog<S3EventRecord>? S3Events => _bridge?.Received;

    /// <summary>
    /// The stand-in for Textract and Bedrock Runtime (null with Local + Rules). Its <see cref="FakeAwsServer.Routes"/>
    /// script answers (e.g. a rejection), <see cref="FakeAwsServer.Requests"/> shows what the functions asked.
    /// </summary>
    public FakeAwsServer? FakeAws { get; private set; }

    /// <summary>Textract's completion notices as the SNS subscription received them (null when not delivered).</summary>
    public WaitableLog<SnsNotification>? TextractNotices => _textractNotices?.Received;

    /// <summary>The stack's event bus: the invoice events the functions published (also in <see cref="LocalStackOptions.EventsFile"/>).</summary>
    public EventBusBridge EventBus => _eventBus ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>http://127.0.0.1:port of the HTTP API (null when not served).</summary>
    public string? ApiUrl => _gateway?.Url;

    /// <summary>Internal endpoints: the S3 event sink, /status and the JWKS.</summary>
    public string ControlUrl { get; private set; } = "";

    /// <summary>
    /// What a POST to <see cref="ControlUrl"/>/s3-events must carry in <see cref="EmulatorsProcess.SinkSecretHeader"/>:
    /// for code in this process that delivers S3 events as S3 might (duplicated, replayed, early, foreign).
    /// </summary>
    public string S3EventSecret => _s3EventSink.Secret;

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, StackLog log, CancellationToken cancellationToken)
    {
        var signingKey = DevSigningKey.LoadOrCreate(options.JwtKeyPath);
        var stack = new LocalStack(options, log, signingKey);
        try
        {
            await stack.StartCoreAsync(cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        // Fail before starting anything when a function build is missing.
        var wanted = Options.OnlyFunctions is { } only
            ? LocalFleet.Functions.Where(f => only.Contains(f.LogicalId, StringComparer.Ordinal)).ToList()
            : [.. LocalFleet.Functions];
        var launches = wanted.ToDictionary(f => f.LogicalId, f => FunctionLaunch.Locate(Options.FunctionsDirectory, f.LogicalId));

        // A taken API port should fail now, not after everything else started.
        if (Options.ServeApi && Options.ApiPort != 0)
            EnsurePortIsFree(Options.ApiPort, "--api-port");

        // 1. Control endpoint first: emulators.js needs the sink URL at start.
        _control = LoopbackWebApp.Create(0, 1024 * 1024, MapControl);
        await _control.StartAsync(cancellationToken);
        _started.Add(_control);
        ControlUrl = $"http://127.0.0.1:{LoopbackWebApp.BoundPort(_control)}";

        // 2. Emulators, bucket and table.
        if (Options.StartEmulators)
        {
            Log.Info("starting S3 (s3rver) and DynamoDB Local…");
            _emulators = await EmulatorsProcess.StartAsync(
                new EmulatorsOptions(Options.EmulatorsScript, Options.S3Port, Options.DynamoDbPort, Options.S3DataDirectory, Options.BucketName)
                {
                    SinkUrl = Options.BridgeS3Events ? ControlUrl + "/s3-events" : null,
                    SinkSecret = _s3EventSink.Secret,
                    DynamoDbDirectory = Options.DynamoDbDataDirectory,
                },
                Log, cancellationToken);
            _started.Add(_emulators);
            Endpoints = _emulators.Endpoints;
        }
        else
        {
            Endpoints = new EmulatorEndpoints(
                new Uri($"http://127.0.0.1:{Options.S3Port}"), new Uri($"http://127.0.0.1:{Options.DynamoDbPort}"), null, null);
        }
        await StackProvisioner.ProvisionAsync(Endpoints, Options, cancellationToken);

        // 2b. The AWS stand-in: the event bus always, Textract and Bedrock when chosen (reading documents from this S3);
        // it verifies the functions' credential and region. Events go to the bus bridge: a file, and the rules' functions.
        _eventBus = new EventBusBridge(Options.BridgeS3Events ? LocalFleet.EventRules : [], _functions, Options.EventsFile, Options.Region,
            Options.AsyncRetryDelay, Log);
        _eventBus.Start();
        _started.Add(_eventBus);
        var events = new FakeEventBridgeOptions { PublishEvent = _eventBus.PublishAsync };
        var fakeOptions = Options.UsesCloudEngines
            ? FakeAwsServerOptions.ForLocalStack(Endpoints.S3, Options.Region, PublishTextractNoticeAsync)
            : new FakeAwsServerOptions { Region = Options.Region, Credentials = [FakeAwsServer.LocalStackCredential] };
        FakeAws = await FakeAwsServer.StartNewAsync(fakeOptions with
        {
            Textract = fakeOptions.Textract is { } textract
                ? textract with { OnPublishFailed = (notice, error) => Log.Warn($"Textract notice {notice.MessageId} not delivered: {error.Message}") }
                : null,
            Events = events,
        }, cancellationToken);
        _started.Add(FakeAws);
        Log.Info(Options.UsesCloudEngines
            ? $"fake Textract/Bedrock/EventBridge at {FakeAws.BaseAddress} (OCR {Options.OcrEngine}, structuring {Options.Structuring}); events in {Options.EventsFile}"
            : $"fake EventBridge at {FakeAws.BaseAddress}; events in {Options.EventsFile}");

        // 3. Functions (their processes start in parallel: each is a cold start of a .NET program).
        var environment = FunctionEnvironment();
        foreach (var definition in wanted)
        {
            var function = new FunctionRuntime(definition, launches[definition.LogicalId], Options.FunctionTimeoutFor(definition),
                Options.Region, EnvironmentFor(definition, environment), Log, Journal, Options.FunctionInstances);
            _functions[definition.LogicalId] = function;
            _started.Add(function);
        }
        await Task.WhenAll(_functions.Values.Select(f => f.StartAsync(cancellationToken)));

        // 4. Event sources.
        if (Options.BridgeS3Events)
        {
            _bridge = new S3NotificationBridge(LocalFleet.S3Notifications, _functions, Options.Region,
                Options.DuplicateS3Events, Options.AsyncRetryDelay, Log);
            _started.Add(_bridge);
            if (Options.OcrEngine == OcrEngineChoice.Textract)
            {
                // template.yaml: TextractCompletionSubscription (protocol lambda) → ProcessInvoiceFunction.
                _textractNotices = new SnsNotificationBridge(LocalFleet.ProcessInvoiceFunction, _functions,
                    Options.DuplicateTextractNotices, Options.AsyncRetryDelay, Log);
                _started.Add(_textractNotices);
            }
        }
        _started.Add(new Schedules.ScheduleRunner(LocalFleet.Schedules, _functions, Options.Region, Options.ScheduleInterval, Options.AsyncRetryDelay, Log));
        if (Options.ServeApi)
        {
            var authorizer = new JwtAuthorizer(SigningKey.SecurityKey, DevTokens.Issuer, [DevTokens.Audience]);
            _gateway = new HttpApiGateway(new RouteTable(LocalFleet.Routes), authorizer, _functions, Log,
                GatewaySettings.For(Options, () => Endpoints) with { WebApp = new WebAppSettings(Path.Combine(Options.RepositoryRoot, "web"), SigningKey) });
            _started.Add(_gateway);
            await _gateway.StartAsync(Options.ApiPort, cancellationToken);
        }
    }

    /// <summary>
    /// Crashes <paramref name="service"/> and brings it back after <paramref name="down"/> on the same endpoint (see
    /// <see cref="EmulatorsProcess.OutageAsync"/>); completes once it listens again. DynamoDB's tables survive only with
    /// <see cref="LocalStackOptions.DynamoDbDataDirectory"/>.
    /// </summary>
    public async Task OutageAsync(EmulatorService service, TimeSpan down, CancellationToken cancellationToken)
    {
        if (!Options.StartEmulators)
            throw new InvalidOperationException($"No {service} outage: the stack uses emulators this stack did not start (StartEmulators is false).");
        var emulators = _emulators ?? throw new InvalidOperationException($"No {service} outage: the emulators are not running.");
        await emulators.OutageAsync(service, down, cancellationToken);
        Endpoints = emulators.Endpoints; // the new DynamoDbPid
    }

    /// <summary>The fake Textract's SNS publish: hand the notice to the topic's subscription (it invokes asynchronously).</summary>
    private Task PublishTextractNoticeAsync(SnsNotification notice, CancellationToken cancellationToken)
    {
        if (_textractNotices is { } subscription)
            subscription.Accept(notice);
        else
            Log.Info($"{notice.TopicArn}: Textract completion notice {notice.MessageId} not delivered (no event sources in this run)");
        return Task.CompletedTask;
    }

    private static void EnsurePortIsFree(int port, string option)
    {
        try
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use (choose another with {option}, or 0 for any free port).");
        }
    }

    /// <summary>The variables every function process gets (the Lambda ones are added per process).</summary>
    private Dictionary<string, string> FunctionEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TABLE_NAME"] = Options.TableName,
            ["BUCKET_NAME"] = Options.BucketName,
            ["AWS_REGION"] = Options.Region,
            ["AWS_DEFAULT_REGION"] = Options.Region,
            ["AWS_ACCESS_KEY_ID"] = StackProvisioner.Credentials.GetCredentials().AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = StackProvisioner.Credentials.GetCredentials().SecretKey,
            ["AWS_ENDPOINT_URL_S3"] = Endpoints.S3.ToString().TrimEnd('/'),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = Endpoints.DynamoDb.ToString().TrimEnd('/'),
            ["OCR_ENGINE"] = Options.OcrEngine.ToString(),
            ["STRUCTURING"] = Options.Structuring.ToString(),
            ["LOG_LEVEL"] = Options.FunctionLogLevel,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["TZ"] = ":UTC",
            ["LANG"] = "C.UTF-8",
            // The functions shell out to poppler, tesseract and ImageMagick.
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        };
        // Images and scans are read with PP-OCR when its models are installed (else tesseract); OCR_IMAGE_ENGINE
        // in the host's environment (auto, tesseract, ppocr) is passed on to choose.
        if (Directory.Exists(Options.PpOcrModelDirectory)) variables["OCR_PPOCR_MODEL_DIR"] = Options.PpOcrModelDirectory;
        if (Environment.GetEnvironmentVariable("OCR_IMAGE_ENGINE") is { Length: > 0 } imageEngine) variables["OCR_IMAGE_ENGINE"] = imageEngine;
        if (FakeAws is { } fake)
        {
            // The fake checks SigV4 for the functions' credential (above) in Options.Region, as the services would.
            var endpoint = fake.BaseAddress.ToString().TrimEnd('/');
            variables[EventBridgeEventBus.EndpointVariable] = endpoint;
            variables["EVENT_BUS_NAME"] = "default";
            // Webhook receivers in local runs and tests listen on 127.0.0.1 (AWS never allows it).
            variables["WEBHOOKS_ALLOW_LOOPBACK"] = "true";
            variables[TextractClient.EndpointVariable] = endpoint;
            variables[BedrockRuntimeClient.EndpointVariable] = endpoint;
            variables["TEXTRACT_SNS_TOPIC_ARN"] = Options.TextractSnsTopicArn;
            variables["TEXTRACT_ROLE_ARN"] = Options.TextractRoleArn;
            variables["BEDROCK_MODEL_ID"] = Options.BedrockModelId;
        }
        foreach (var name in new[] { "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
                variables[name] = value;
        }
        foreach (var (name, value) in Options.ExtraEnvironment)
            variables[name] = value;
        return variables;
    }

    private static Dictionary<string, string> EnvironmentFor(FunctionDefinition definition, Dictionary<string, string> common)
    {
        var variables = new Dictionary<string, string>(common, StringComparer.Ordinal);
        foreach (var (name, value) in definition.Environment)
            variables.TryAdd(name, value); // --env wins over the template's values
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = definition.LogicalId,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = definition.MemorySizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + definition.LogicalId,
        })
        {
            variables[name] = value;
        }
        return variables;
    }

    private void MapControl(WebApplication app)
    {
        app.MapPost("/s3-events", _s3EventSink.HandleAsync);
        app.MapGet("/status", context =>
            context.Response.WriteAsync(JsonSerializer.Serialize(Status(), LocalJsonContext.Default.StackStatus), context.RequestAborted));
        app.MapGet("/.well-known/jwks.json", context =>
            context.Response.WriteAsync(JsonSerializer.Serialize(SigningKey.ToJsonWebKeySet(), LocalJsonContext.Default.JsonWebKeySet), context.RequestAborted));
    }

    public StackStatus Status() => new(
        ApiUrl,
        Endpoints.S3.ToString().TrimEnd('/'),
        Endpoints.DynamoDb.ToString().TrimEnd('/'),
        ControlUrl,
        Options.BucketName,
        Options.TableName,
        Environment.ProcessId,
        _emulators?.Pid,
        _emulators?.Endpoints.DynamoDbPid,
        _functions.ToDictionary(f => f.Key, f => f.Value.ProcessId),
        Options.OcrEngine.ToString(),
        Options.Structuring.ToString(),
        FakeAws?.BaseAddress.ToString().TrimEnd('/'),
        Options.FunctionInstances);

    /// <summary>
    /// When S3 events (or Textract's SNS notices) about <paramref name="keyPart"/> (e.g. an invoice id) have failed every
    /// attempt in some function and none of their deliveries succeeded, Lambda has given up on them: returns that
    /// function's last error; else null.
    /// </summary>
    public string? AbandonedEventError(string keyPart)
    {
        var deliveries = Journal.Snapshot()
            .Where(r => r.Source is InvocationSource.S3Notification or InvocationSource.SnsNotification
                && r.PayloadText.Contains(keyPart, StringComparison.Ordinal))
            .GroupBy(r => (r.FunctionName, r.Source));
        foreach (var function in deliveries)
        {
            var records = function.ToList();
            if (records.Any(r => r.Result is null || r.Result.Succeeded))
                continue;
            var lastAttempt = records.LastOrDefault(r => r.Attempt == AsyncInvocation.MaxAttempts);
            if (lastAttempt?.Result is { } result)
            {
                var what = function.Key.Source == InvocationSource.SnsNotification ? " (Textract notice)" : "";
                return $"{function.Key.FunctionName}{what} failed {AsyncInvocation.MaxAttempts} times: {ErrorSummary(result)}";
            }
        }
        return null;
    }

    /// <summary>"errorType: errorMessage" from a Lambda error body (the raw text if it is not one).</summary>
    private static string ErrorSummary(InvocationResult result)
    {
        try
        {
            var body = JsonSerializer.Deserialize(result.Payload, LambdaJsonContext.Default.RuntimeErrorBody);
            if (body is { ErrorMessage: { } message })
                return $"{body.ErrorType ?? result.ErrorType}: {message}";
        }
        catch (JsonException)
        {
            // Not an error body.
        }
        var text = result.PayloadText;
        return $"{result.ErrorType}: {(text.Length <= 300 ? text : text[..300] + "…")}";
    }

    /// <summary>Mints a dev token the HTTP API accepts.</summary>
    public string CreateToken(string userId, TimeSpan? lifetime = null, params string[] groups) =>
        DevTokens.ForUser(SigningKey, userId, lifetime ?? TimeSpan.FromHours(1), groups);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Reverse order: stop taking requests, stop deliveries, stop functions, then the emulators.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].DisposeAsync();
            }
            catch (Exception ex)
            {
                Log.Warn($"while stopping {_started[i].GetType().Name}: {ex.Message}");
            }
        }
        _started.Clear();
    }
}
