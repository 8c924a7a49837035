using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.LocalHost.Emulators;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace InvoiceScanner.LocalHost.Api;

/// <summary>What the gateway needs besides its routes: the spec it serves, the emulators /health reports on, its throttle.</summary>
public sealed record GatewaySettings
{
    /// <summary>openapi.yaml, served at /openapi.yaml and rendered at /docs; null: neither is served.</summary>
    public string? OpenApiPath { get; init; }

    /// <summary>The web app (/, /app/*, /config.json, /local/sign-in); null: not served.</summary>
    public Web.WebAppSettings? WebApp { get; init; }

    /// <summary>The emulators' current endpoints (they move after an outage); null: /health reports them down.</summary>
    public Func<EmulatorEndpoints>? Endpoints { get; init; }

    /// <summary>Each route's token bucket; null: no throttle.</summary>
    public ApiThrottleSettings? Throttle { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How long the gateway waits for a function's answer before its 503 (API Gateway: 30 s).</summary>
    public TimeSpan IntegrationTimeout { get; init; } = HttpApiGateway.IntegrationTimeout;

    public static GatewaySettings For(LocalStackOptions options, Func<EmulatorEndpoints> endpoints) => new()
    {
        OpenApiPath = Path.Combine(options.RepositoryRoot, "openapi.yaml"),
        Endpoints = endpoints,
        Throttle = options.ApiThrottle,
    };
}

/// <summary>
/// The gateway's own answers, in the product's one error envelope {"error":{"code","message","requestId"}} with the
/// gateway's request id (apigw-requestid). Messages are for people: no type names, no stack traces.
/// </summary>
public static class GatewayAnswers
{
    public static Task RouteNotFoundAsync(HttpContext context, string requestId, string rawPath) =>
        ErrorAsync(context, requestId, StatusCodes.Status404NotFound, ErrorCodes.RouteNotFound,
            $"No route matches {context.Request.Method} {Shorten(rawPath, 200)}.");

    public static Task MethodNotAllowedAsync(HttpContext context, string requestId, IReadOnlyList<string> allowed) =>
        ErrorAsync(context, requestId, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
            $"{context.Request.Method} is not allowed here; this path takes {string.Join(", ", allowed)}.",
            (HeaderNames.Allow, string.Join(", ", allowed)));

    public static Task UnauthorizedAsync(HttpContext context, string requestId) =>
        ErrorAsync(context, requestId, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "The request needs a valid bearer token (Authorization: Bearer <JWT>).");

    public static Task PayloadTooLargeAsync(HttpContext context, string requestId, int maxBytes) =>
        ErrorAsync(context, requestId, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
            $"The request body is larger than {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes.");

    public static Task UriTooLongAsync(HttpContext context, string requestId, int maxBytes) =>
        ErrorAsync(context, requestId, StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong,
            $"The request target (path and query) is longer than {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes.");

    public static Task RateLimitedAsync(HttpContext context, string requestId, TimeSpan retryAfter) =>
        ErrorAsync(context, requestId, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many requests on this route; retry after {WholeSeconds(retryAfter)} s.", (HeaderNames.RetryAfter, WholeSeconds(retryAfter)));

    public static Task InternalErrorAsync(HttpContext context, string requestId) =>
        ErrorAsync(context, requestId, StatusCodes.Status500InternalServerError, ErrorCodes.Internal,
            "The function failed to answer; quote the request id if you report it.");

    public static Task ServiceUnavailableAsync(HttpContext context, string requestId, TimeSpan waited) =>
        ErrorAsync(context, requestId, StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
            $"No answer within {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s; retry.");

    /// <param name="header">A header the answer carries (405's Allow, 429's Retry-After).</param>
    public static async Task ErrorAsync(HttpContext context, string requestId, int status, string code, string message,
        (string Name, string Value)? header = null)
    {
        if (header is { } extra)
            context.Response.Headers[extra.Name] = extra.Value;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorResponse(new ErrorBody(code, message) { RequestId = requestId }), InvoiceScannerJsonContext.Default.ErrorResponse);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Retry-After in whole seconds, at least 1 (a client waiting 0 s would only be refused again).</summary>
    private static string WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
