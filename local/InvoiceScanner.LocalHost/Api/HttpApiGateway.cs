using System.Text.Json;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.Security;
using InvoiceScanner.LocalHost.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.LocalHost.Api;

/// <summary>
/// The HTTP API (payload format 2.0 integrations, JWT authorizer) on 127.0.0.1: route → throttle → authorize → invoke →
/// map the response. What it answers itself when no function is reached (404, 405, 401, 413, 414, 429, 500, 503) is the
/// product's error envelope (<see cref="GatewayAnswers"/>). It also serves the contract (/openapi.yaml, /docs) and the web app (<see cref="WebAppPages"/>).
/// </summary>
public sealed class HttpApiGateway(
    RouteTable routes,
    JwtAuthorizer authorizer,
    IReadOnlyDictionary<string, FunctionRuntime> functions,
    StackLog log,
    GatewaySettings? settings = null) : IAsyncDisposable
{
    /// <summary>API Gateway's payload limit for a request.</summary>
    public const int MaxRequestBytes = 10 * 1024 * 1024;

    /// <summary>The longest request target (path and query) answered; longer is 414.</summary>
    public const int MaxRequestTargetBytes = 8192;

    /// <summary>HTTP API waits at most 30 s for an integration, queueing included.</summary>
    public static readonly TimeSpan IntegrationTimeout = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> IgnoredResponseHeaders =
        new(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade"], StringComparer.OrdinalIgnoreCase);

    private readonly GatewaySettings _settings = settings ?? new GatewaySettings();
    private readonly ApiThrottle? _throttle = settings?.Throttle is { } throttle ? new ApiThrottle(throttle, settings.Clock) : null;
    private readonly LocalHealth _health = new(settings?.Endpoints, functions);
    private WebApplication? _app;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        // Kestrel's own request-line limit sits well above ours, so a long target reaches the gateway's 414 envelope.
        _app = LoopbackWebApp.Create(port, MaxRequestBytes + 1, app => app.Run(HandleAsync), maxRequestLineBytes: 4 * MaxRequestTargetBytes);
        await _app.StartAsync(cancellationToken);
        Port = LoopbackWebApp.BoundPort(_app);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = HttpApiEventBuilder.NewRequestId();
        context.Response.Headers["apigw-requestid"] = requestId;
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if (System.Text.Encoding.UTF8.GetByteCount(rawTarget) > MaxRequestTargetBytes)
        {
            await GatewayAnswers.UriTooLongAsync(context, requestId, MaxRequestTargetBytes);
            return;
        }
        var rawPath = rawTarget.Split('?', 2)[0];
        if (await ContractPages.TryServeAsync(context, rawPath, _settings.OpenApiPath))
            return;
        if (await WebAppPages.TryServeAsync(context, rawPath, requestId, _settings.WebApp))
            return;

        var match = routes.Match(context.Request.Method, rawPath);
        if (match is null)
        {
            var allowed = routes.MethodsFor(rawPath);
            await (allowed.Count > 0
                ? GatewayAnswers.MethodNotAllowedAsync(context, requestId, allowed)
                : GatewayAnswers.RouteNotFoundAsync(context, requestId, rawPath));
            return;
        }
        if (_throttle is not null && !_throttle.TryTake(match.Route.RouteKey, out var retryAfter))
        {
            await GatewayAnswers.RateLimitedAsync(context, requestId, retryAfter);
            return;
        }

        AuthorizedCaller? caller = null;
        if (match.Route.RequiresJwt)
        {
            var authorization = await authorizer.AuthorizeAsync(context.Request.Headers.Authorization.ToString());
            if (!authorization.IsAuthorized)
            {
                context.Response.Headers.WWWAuthenticate = JwtAuthorizer.Challenge(authorization.Error!);
                await GatewayAnswers.UnauthorizedAsync(context, requestId);
                return;
            }
            caller = authorization.Caller;
        }

        var body = await HttpBodies.ReadAsync(context.Request, MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await GatewayAnswers.PayloadTooLargeAsync(context, requestId, MaxRequestBytes);
            return;
        }
        await IntegrateAsync(context, match, caller, body, requestId);
    }

    /// <summary>Invokes the route's function and writes its response (or the gateway's 500/503 when there is none).</summary>
    private async Task IntegrateAsync(HttpContext context, RouteMatch match, AuthorizedCaller? caller, byte[] body, string requestId)
    {
        if (!functions.TryGetValue(match.Route.FunctionLogicalId, out var function))
        {
            log.Warn($"{match.Route.RouteKey}: {match.Route.FunctionLogicalId} is not running");
            await GatewayAnswers.InternalErrorAsync(context, requestId);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var traceId = $"Root=1-{now.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..40]; // Root=1-{8 hex}-{24 hex}
        var payload = HttpApiEventBuilder.Build(context, body, match, caller, requestId, traceId, now);
        var payloadBytes = JsonSerializer.SerializeToUtf8Bytes(payload, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        InvocationResult result;
        try
        {
            result = await function.InvokeAsync(payloadBytes, InvocationSource.HttpApi).WaitAsync(_settings.IntegrationTimeout, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            await GatewayAnswers.ServiceUnavailableAsync(context, requestId, _settings.IntegrationTimeout);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client left.
        }

        if (!result.Succeeded)
        {
            log.Info($"{match.Route.RouteKey} → {function.Name} {result.Outcome}: {Shorten(result.PayloadText)}");
            await GatewayAnswers.InternalErrorAsync(context, requestId);
            return;
        }

        if (!TryMapResponse(result.Payload, out var response))
        {
            log.Info($"{match.Route.RouteKey} → {function.Name} returned a malformed response: {Shorten(result.PayloadText)}");
            await GatewayAnswers.InternalErrorAsync(context, requestId);
            return;
        }
        if (match.Route.RouteKey == LocalHealth.RouteKey && !response.IsBase64Encoded)
            response.Body = await _health.AugmentAsync(response.Body, context.RequestAborted);
        await WriteResponseAsync(context, response);
    }

    /// <summary>
    /// A result with statusCode is a structured response; any other valid JSON is passed through as a 200
    /// application/json body (payload 2.0 response inference).
    /// </summary>
    public static bool TryMapResponse(byte[] payload, out APIGatewayHttpApiV2ProxyResponse response)
    {
        response = new APIGatewayHttpApiV2ProxyResponse();
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("statusCode", out _))
            {
                var structured = document.RootElement.Deserialize(LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
                if (structured is null || structured.StatusCode is < 100 or > 599)
                    return false;
                if (structured.IsBase64Encoded && structured.Body is not null)
                    _ = Convert.FromBase64String(structured.Body);
                response = structured;
                return true;
            }
            response = new APIGatewayHttpApiV2ProxyResponse
            {
                StatusCode = StatusCodes.Status200OK,
                Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
                Body = document.RootElement.GetRawText(),
            };
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return false;
        }
    }

    private static async Task WriteResponseAsync(HttpContext context, APIGatewayHttpApiV2ProxyResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? [])
        {
            if (!IgnoredResponseHeaders.Contains(name))
                context.Response.Headers[name] = value;
        }
        foreach (var cookie in response.Cookies ?? [])
            context.Response.Headers.Append("Set-Cookie", cookie);
        var bytes = response.Body is null ? []
            : response.IsBase64Encoded ? Convert.FromBase64String(response.Body)
            : System.Text.Encoding.UTF8.GetBytes(response.Body);
        context.Response.ContentLength = bytes.Length;
        if (bytes.Length > 0)
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
