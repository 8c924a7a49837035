using System.Globalization;
using System.Security.Cryptography;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace InvoiceScanner.LocalHost.Api;

/// <summary>Builds the payload format 2.0 event API Gateway sends to a Lambda integration.</summary>
public static class HttpApiEventBuilder
{
    public const string ApiId = "local";
    public const string Stage = "$default";

    public static APIGatewayHttpApiV2ProxyRequest Build(
        HttpContext context,
        byte[] body,
        RouteMatch match,
        AuthorizedCaller? caller,
        string requestId,
        string traceId,
        DateTimeOffset now)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var host = request.Host.HasValue ? request.Host.Value : $"127.0.0.1:{context.Connection.LocalPort}";
        var sourceIp = context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        var userAgent = request.Headers.UserAgent.ToString();

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            // Cookies travel in their own field; API Gateway drops the header.
            if (!string.Equals(name, HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
                headers[name.ToLowerInvariant()] = string.Join(',', values.ToArray());
        }
        headers["x-forwarded-for"] = sourceIp;
        headers["x-forwarded-port"] = context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        headers["x-forwarded-proto"] = request.Scheme;
        headers["x-amzn-trace-id"] = traceId;

        var cookies = request.Headers.Cookie
            .SelectMany(h => (h ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();

        var (bodyText, isBase64) = EncodeBody(body, request.ContentType);
        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = match.Route.RouteKey,
            RawPath = rawPath,
            RawQueryString = rawQuery,
            Cookies = cookies.Length > 0 ? cookies : null,
            Headers = headers,
            QueryStringParameters = ParseQuery(rawQuery),
            PathParameters = match.PathParameters.Count > 0 ? new Dictionary<string, string>(match.PathParameters) : null,
            Body = bodyText,
            IsBase64Encoded = isBase64,
            RequestContext = new HttpApiRequestContext
            {
                AccountId = Runtime.FunctionRuntime.AccountId,
                ApiId = ApiId,
                DomainName = host,
                DomainPrefix = host.Split('.', ':')[0],
                Http = new HttpApiHttpDescription
                {
                    Method = request.Method.ToUpperInvariant(),
                    Path = rawPath,
                    Protocol = request.Protocol,
                    SourceIp = sourceIp,
                    UserAgent = userAgent,
                },
                RequestId = requestId,
                RouteKey = match.Route.RouteKey,
                Stage = Stage,
                Time = now.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
                Authorizer = caller is null ? null : new HttpApiAuthorizer
                {
                    Jwt = new HttpApiJwtDescription
                    {
                        Claims = new Dictionary<string, string>(caller.Claims),
                        Scopes = caller.Scopes?.ToArray(),
                    },
                },
            },
        };
    }

    /// <summary>Repeated names are comma-joined, '+' and %XX decoded; null when there is no query.</summary>
    public static Dictionary<string, string>? ParseQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
            return null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            parameters[name] = parameters.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }
        return parameters.Count > 0 ? parameters : null;
    }

    /// <summary>Text media types pass as-is; anything else (or no content type) is base64-encoded.</summary>
    public static (string? Body, bool IsBase64Encoded) EncodeBody(byte[] body, string? contentType)
    {
        if (body.Length == 0)
            return (null, false);
        if (IsText(contentType))
        {
            try
            {
                return (new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body), false);
            }
            catch (System.Text.DecoderFallbackException)
            {
                // Declared as text but not valid UTF-8: pass the bytes intact.
            }
        }
        return (Convert.ToBase64String(body), true);
    }

    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            return false;
        var type = mediaType.MediaType.Value?.ToLowerInvariant() ?? "";
        return type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/xml" or "application/javascript" or "application/graphql"
            || type.EndsWith("+json", StringComparison.Ordinal)
            || type.EndsWith("+xml", StringComparison.Ordinal);
    }

    public static string NewRequestId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).TrimEnd('=').Replace('+', 'A').Replace('/', 'B');

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
