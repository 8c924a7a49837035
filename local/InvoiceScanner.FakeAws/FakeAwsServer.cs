using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.FakeAws.EventBridge;
using InvoiceScanner.Ocr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InvoiceScanner.FakeAws;

public sealed record FakeAwsServerOptions
{
    public string Region { get; init; } = "us-east-1";
    public IReadOnlyList<FakeCredential> Credentials { get; init; } = [new(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey)];
    /// <summary>Largest accepted distance between x-amz-date and the server clock (AWS: 15 minutes); null = unchecked.</summary>
    public TimeSpan? MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>An IPv4 loopback address only (127.0.0.1 by default); anything else is refused by the constructor.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>Port used when <see cref="FakeAwsServer.StartAsync"/> is given none; 0 = an ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Emulated Textract for operations no route or fixture answers. Null = Textract answers only from routes (and,
    /// with <see cref="FixtureDirectory"/>, from fixtures: then an unrecorded S3 document is InvalidS3ObjectException).
    /// </summary>
    public FakeTextractOptions? Textract { get; init; }

    /// <summary>
    /// The Bedrock stand-in model for Converse requests no route or fixture answers. Null = Bedrock answers only from
    /// routes (with <see cref="FixtureDirectory"/>: fixtures first, then the stand-in with default settings).
    /// </summary>
    public FakeBedrockOptions? Bedrock { get; init; }

    /// <summary>EventBridge's PutEvents on any bus; null = no event bus here (PutEvents is an UnknownOperationException).</summary>
    public FakeEventBridgeOptions? Events { get; init; }

    /// <summary>A directory of recorded responses (see <see cref="FakeAwsFixtures"/>), consulted after the routes and before the emulators.</summary>
    public string? FixtureDirectory { get; init; }

    /// <summary>
    /// The local stack's settings: the functions' credential (S3RVER/S3RVER) in <paramref name="region"/>, documents
    /// read from s3rver at <paramref name="s3Endpoint"/> (path-style), the local OCR configured from OCR_* variables,
    /// the rules extractor, the Bedrock stand-in for the usual model ids, and finished jobs handed to
    /// <paramref name="publishNotification"/> (turn it into an SNS event with <see cref="SnsNotification.ToLambdaEventJson"/>).
    /// </summary>
    /// <param name="port">0 = an ephemeral port.</param>
    public static FakeAwsServerOptions ForLocalStack(Uri s3Endpoint, string region, Func<SnsNotification, CancellationToken, Task> publishNotification, int port = 0) => new()
    {
        Region = region,
        Port = port,
        Credentials = [FakeAwsServer.LocalStackCredential],
        Textract = new FakeTextractOptions
        {
            Objects = new AwsSdkS3ObjectReader(s3Endpoint, region),
            Ocr = LocalOcrOptions.FromEnvironment(),
            PublishNotification = publishNotification,
        },
        Bedrock = new FakeBedrockOptions(),
        Events = new FakeEventBridgeOptions(),
    };
}

/// <summary>
/// A local stand-in for Textract and EventBridge's PutEvents (awsJson1_1, POST / + X-Amz-Target) and Bedrock Runtime
/// Converse (restJson1, POST /model/{id}/converse) on Kestrel. Every request must carry a valid SigV4 signature for a
/// known credential, region and the right service name ("textract" / "events" / "bedrock"), and the protocol's headers; otherwise it answers as
/// AWS would (403 InvalidSignatureException, ...). A request is answered by the first of: a scripted
/// <see cref="Routes"/> entry, a recorded response from <see cref="FakeAwsServerOptions.FixtureDirectory"/>, the
/// Textract emulator (<see cref="FakeAwsServerOptions.Textract"/>: local OCR + rules extraction, async jobs with SNS
/// notices) and the Bedrock stand-in model (<see cref="FakeAwsServerOptions.Bedrock"/>); otherwise an
/// UnknownOperationException (Textract) or ResourceNotFoundException (Bedrock).
/// </summary>
public sealed partial class FakeAwsServer : IAsyncDisposable
{
    /// <summary>The AWS documentation's example credential: the default one the fake accepts.</summary>
    public const string TestAccessKey = "AKIDEXAMPLE";
    public const string TestSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /// <summary>The credential the local stack gives its functions (s3rver's fixed key): accept it to serve them.</summary>
    public static readonly FakeCredential LocalStackCredential = new("S3RVER", "S3RVER");
    private const string TextractTargetPrefix = "Textract.";
    private const string EventsTargetPrefix = "AWSEvents.";
    private const long MaxRequestBytes = 64L * 1024 * 1024;

    private readonly FakeAwsServerOptions _options;
    private readonly ConcurrentQueue<FakeAwsRequest> _requests = new();
    private readonly FakeAwsFixtures? _fixtures;
    private readonly TextractEmulator? _textract;
    private readonly BedrockEmulator? _bedrock;
    private readonly EventBusEmulator? _events;
    private WebApplication? _app;

    public FakeAwsServer(FakeAwsServerOptions? options = null)
    {
        _options = options ?? new FakeAwsServerOptions();
        if (!IPAddress.IsLoopback(_options.Address) || _options.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new ArgumentException($"The fake binds to an IPv4 loopback address (127.0.0.1) only, not {_options.Address}.", nameof(options));
        _fixtures = _options.FixtureDirectory is { } directory ? new FakeAwsFixtures(directory) : null;
        if (_options.Textract is not null || _fixtures is not null)
            _textract = new TextractEmulator(_options.Textract ?? new FakeTextractOptions(), _fixtures, _options.Clock);
        if (_options.Bedrock is not null || _fixtures is not null)
            _bedrock = new BedrockEmulator(_options.Bedrock ?? new FakeBedrockOptions(), _fixtures);
        if (_options.Events is { } events)
            _events = new EventBusEmulator(events, _options.Clock);
    }

    public FakeRouteTable Routes { get; } = new();
    public string Region => _options.Region;
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received, in arrival order, including refused ones.</summary>
    public IReadOnlyList<FakeAwsRequest> Requests => _requests.ToArray();

    /// <summary>Every completion notice the emulated Textract published, in order (also when no callback is set).</summary>
    public IReadOnlyList<SnsNotification> Notifications => _textract?.Notifications ?? [];

    /// <summary>Every event the stand-in bus took, in order.</summary>
    public IReadOnlyList<BusEvent> Events => _events?.Events ?? [];

    /// <summary>Starts a server on an ephemeral port (or <see cref="FakeAwsServerOptions.Port"/> when set).</summary>
    public static async Task<FakeAwsServer> StartNewAsync(FakeAwsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeAwsServer(options);
        try
        {
            await server.StartAsync(null, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <param name="port">null = <see cref="FakeAwsServerOptions.Port"/>; 0 = an ephemeral port; see <see cref="BaseAddress"/>.</param>
    public async Task StartAsync(int? port = null, CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException("Already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
            kestrel.Listen(_options.Address, port ?? _options.Port);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    /// <summary>Stops listening, then cancels unfinished Textract jobs (they end FAILED, without a notice).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_textract is not null)
            await _textract.DisposeAsync();
        // The S3 reader ForLocalStack made holds an S3 client; the server is its only user.
        if (_options.Textract?.Objects is AwsSdkS3ObjectReader reader)
            reader.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value.ToArray()), StringComparer.Ordinal);
        var rawPath = rawTarget.Split('?')[0];

        FakeAwsRequest request;
        bool awsJson;
        if (headers.TryGetValue("x-amz-target", out var target))
        {
            awsJson = true;
            request = target.StartsWith(EventsTargetPrefix, StringComparison.Ordinal)
                ? new FakeAwsRequest("events", target[EventsTargetPrefix.Length..], null, context.Request.Method, rawTarget, headers, body)
                : new FakeAwsRequest("textract", target.StartsWith(TextractTargetPrefix, StringComparison.Ordinal) ? target[TextractTargetPrefix.Length..] : target,
                    null, context.Request.Method, rawTarget, headers, body);
        }
        else if (ConversePath().Match(rawPath) is { Success: true } match)
        {
            awsJson = false;
            request = new FakeAwsRequest("bedrock", "Converse", Uri.UnescapeDataString(match.Groups["id"].Value), context.Request.Method, rawTarget, headers, body);
        }
        else
        {
            _requests.Enqueue(new FakeAwsRequest("unknown", "", null, context.Request.Method, rawTarget, headers, body));
            await WriteAsync(context, FakeAwsResponse.RestJsonError(404, "UnknownOperationException", $"No operation at {context.Request.Method} {rawPath}."));
            return;
        }
        _requests.Enqueue(request);

        var verifier = new SigV4Verifier(_options.Credentials, _options.Region, _options.Clock, _options.MaxClockSkew);
        if (verifier.Verify(request.Method, rawTarget, headers, body, request.Service) is { } failure)
        {
            await WriteAsync(context, Error(awsJson, 403, failure.ErrorType, failure.Message));
            return;
        }
        if (ProtocolProblem(request, awsJson, rawPath) is { } problem)
        {
            await WriteAsync(context, Error(awsJson, 400, "SerializationException", problem));
            return;
        }

        FakeAwsResponse response;
        try
        {
            response = await AnswerAsync(request, context.RequestAborted)
                ?? (awsJson ? Error(true, 400, "UnknownOperationException", $"No route for {target}.")
                    : Error(false, 404, "ResourceNotFoundException", $"Model {request.ModelId} is not served here."));
        }
        catch (FakeAwsException error)
        {
            response = awsJson ? error.ToAwsJson() : error.ToRestJson();
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            response = awsJson
                ? Error(true, 500, "InternalServerError", $"The fake failed: {error.GetType().Name}: {error.Message}")
                : Error(false, 500, "InternalServerException", $"The fake failed: {error.GetType().Name}: {error.Message}");
        }
        await WriteAsync(context, response);
    }

    private async Task<FakeAwsResponse?> AnswerAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        if (Routes.Find(request) is { } handler && await handler(request, cancellationToken) is { } scripted)
            return scripted;
        return request.Service switch
        {
            "textract" => _textract is null ? null : await _textract.HandleAsync(request, cancellationToken),
            "events" => _events is null ? null : await _events.HandleAsync(request, cancellationToken),
            _ => _bedrock is null ? null : await _bedrock.HandleAsync(request, cancellationToken),
        };
    }

    private static string? ProtocolProblem(FakeAwsRequest request, bool awsJson, string rawPath)
    {
        if (request.Method != "POST")
            return $"Expected POST, got {request.Method}.";
        var contentType = request.Header("content-type");
        if (awsJson)
        {
            if (request.Service == "textract" && !request.Header("x-amz-target")!.StartsWith(TextractTargetPrefix, StringComparison.Ordinal))
                return $"X-Amz-Target must be Textract.{{Operation}} or AWSEvents.{{Operation}}, not '{request.Header("x-amz-target")}'.";
            if (rawPath != "/")
                return $"awsJson1_1 requests go to '/', not '{rawPath}'.";
            if (contentType != FakeAwsResponse.AwsJsonContentType)
                return $"Content-Type must be {FakeAwsResponse.AwsJsonContentType}, not '{contentType}'.";
        }
        else if (contentType is null || !contentType.StartsWith(FakeAwsResponse.RestJsonContentType, StringComparison.Ordinal))
        {
            return $"Content-Type must be {FakeAwsResponse.RestJsonContentType}, not '{contentType}'.";
        }
        return null;
    }

    private static FakeAwsResponse Error(bool awsJson, int status, string type, string message) =>
        awsJson ? FakeAwsResponse.AwsJsonError(status, type, message) : FakeAwsResponse.RestJsonError(status, type, message);

    private static async Task WriteAsync(HttpContext context, FakeAwsResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
            context.Response.Headers[name] = value;
        if (!response.Headers.Keys.Any(k => k.Equals("x-amzn-RequestId", StringComparison.OrdinalIgnoreCase)))
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(response.Body));
    }

    [GeneratedRegex("^/model/(?<id>[^/]+)/converse$")]
    private static partial Regex ConversePath();
}
