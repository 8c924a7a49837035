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
/// The HTTP API (payload format 2.0 integrations, JWT authorizer) on 127.0.0.1: route → authorize → invoke → map the
/// response, answering with API Gateway's own bodies when it does not reach a function (404, 401, 413, 500, 503).
/// </summary>
public sealed class HttpApiGateway(
    RouteTable routes,
    JwtAuthorizer authorizer,
    IReadOnlyDictionary<string, FunctionRuntime> functions,
    StackLog log) : IAsyncDisposable
{
    /// <summary>API Gateway's payload limit for a request.</summary>
    public const int MaxRequestBytes = 10 * 1024 * 1024;

    /// <summary>HTTP API waits at most 30 s for an integration, queueing included.</summary>
    public static readonly TimeSpan IntegrationTimeout = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> IgnoredResponseHeaders =
        new(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade"], StringComparer.OrdinalIgnoreCase);

    private WebApplication? _app;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        _app = LoopbackWebApp.Create(port, MaxRequestBytes + 1, app => app.Run(HandleAsync));
        await _app.StartAsync(cancellationToken);
        Port = LoopbackWebApp.BoundPort(_app);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = HttpApiEventBuilder.NewRequestId();
        context.Response.Headers["apigw-requestid"] = requestId;
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var rawPath = rawTarget.Split('?', 2)[0];

        var match = routes.Match(context.Request.Method, rawPath);
        if (match is null)
        {
            await MessageAsync(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        AuthorizedCaller? caller = null;
        if (match.Route.RequiresJwt)
        {
            var authorization = await authorizer.AuthorizeAsync(context.Request.Headers.Authorization.ToString());
            if (!authorization.IsAuthorized)
            {
                context.Response.Headers.WWWAuthenticate = JwtAuthorizer.Challenge(authorization.Error!);
                await MessageAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");
                return;
            }
            caller = authorization.Caller;
        }

        var body = await HttpBodies.ReadAsync(context.Request, MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await MessageAsync(context, StatusCodes.Status413PayloadTooLarge, "Request Entity Too Large");
            return;
        }

        if (!functions.TryGetValue(match.Route.FunctionLogicalId, out var function))
        {
            log.Warn($"{match.Route.RouteKey}: {match.Route.FunctionLogicalId} is not running");
            await MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var traceId = $"Root=1-{now.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..40]; // Root=1-{8 hex}-{24 hex}
        var payload = HttpApiEventBuilder.Build(context, body, match, caller, requestId, traceId, now);
        var payloadBytes = JsonSerializer.SerializeToUtf8Bytes(payload, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        InvocationResult result;
        try
        {
            result = await function.InvokeAsync(payloadBytes, InvocationSource.HttpApi).WaitAsync(IntegrationTimeout, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            await MessageAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client left.
        }

        if (!result.Succeeded)
        {
            log.Info($"{match.Route.RouteKey} → {function.Name} {result.Outcome}: {Shorten(result.PayloadText)}");
            await MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }

        if (!TryMapResponse(result.Payload, out var response))
        {
            log.Info($"{match.Route.RouteKey} → {function.Name} returned a malformed response: {Shorten(result.PayloadText)}");
            await MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }
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

    private static async Task MessageAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(
            JsonSerializer.SerializeToUtf8Bytes(new GatewayMessage(message), LocalJsonContext.Default.GatewayMessage), context.RequestAborted);
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
