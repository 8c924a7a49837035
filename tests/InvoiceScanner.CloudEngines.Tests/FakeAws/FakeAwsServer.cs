using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
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
    public IPAddress Address { get; init; } = IPAddress.Loopback;
}

/// <summary>
/// A local stand-in for Textract (awsJson1_1, POST / + X-Amz-Target) and Bedrock Runtime Converse (restJson1,
/// POST /model/{id}/converse) on Kestrel. Every request must carry a valid SigV4 signature for a known credential,
/// region and the right service name ("textract" / "bedrock"), and the protocol's headers; otherwise it answers as
/// AWS would (403 InvalidSignatureException, ...). Answers come from <see cref="Routes"/>. Self-contained (no
/// project references) so it can move into the local stack.
/// </summary>
public sealed partial class FakeAwsServer(FakeAwsServerOptions? options = null) : IAsyncDisposable
{
    public const string TestAccessKey = "AKIDEXAMPLE";
    public const string TestSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string TextractTargetPrefix = "Textract.";

    private readonly FakeAwsServerOptions _options = options ?? new FakeAwsServerOptions();
    private readonly ConcurrentQueue<FakeAwsRequest> _requests = new();
    private WebApplication? _app;

    public FakeRouteTable Routes { get; } = new();
    public string Region => _options.Region;
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received, in arrival order, including refused ones.</summary>
    public IReadOnlyList<FakeAwsRequest> Requests => _requests.ToArray();

    public static async Task<FakeAwsServer> StartNewAsync(FakeAwsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeAwsServer(options);
        await server.StartAsync(0, cancellationToken);
        return server;
    }

    /// <param name="port">0 = an ephemeral port; see <see cref="BaseAddress"/>.</param>
    public async Task StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException("Already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(_options.Address, port));
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

    public async ValueTask DisposeAsync() => await StopAsync();

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
            var operation = target.StartsWith(TextractTargetPrefix, StringComparison.Ordinal) ? target[TextractTargetPrefix.Length..] : target;
            request = new FakeAwsRequest("textract", operation, null, context.Request.Method, rawTarget, headers, body);
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

        var handler = Routes.Find(request);
        var response = handler is not null ? handler(request)
            : awsJson ? Error(true, 400, "UnknownOperationException", $"No route for {target}.")
            : Error(false, 404, "ResourceNotFoundException", $"Model {request.ModelId} is not served here.");
        await WriteAsync(context, response);
    }

    private static string? ProtocolProblem(FakeAwsRequest request, bool awsJson, string rawPath)
    {
        if (request.Method != "POST")
            return $"Expected POST, got {request.Method}.";
        var contentType = request.Header("content-type");
        if (awsJson)
        {
            if (!request.Header("x-amz-target")!.StartsWith(TextractTargetPrefix, StringComparison.Ordinal))
                return $"X-Amz-Target must be Textract.{{Operation}}, not '{request.Header("x-amz-target")}'.";
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
