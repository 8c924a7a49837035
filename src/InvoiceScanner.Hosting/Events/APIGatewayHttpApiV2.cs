using System.Text;

namespace InvoiceScanner.Hosting.Events;

// Shaped like Amazon.Lambda.APIGatewayEvents' HTTP API (payload format 2.0) types, flattened to top level.

/// <summary>An API Gateway HTTP API request, payload format version 2.0.</summary>
public class APIGatewayHttpApiV2ProxyRequest
{
    public string? Version { get; set; }

    /// <summary>e.g. "POST /invoices" or "$default".</summary>
    public string? RouteKey { get; set; }

    public string? RawPath { get; set; }

    public string? RawQueryString { get; set; }

    public string[]? Cookies { get; set; }

    /// <summary>Lower-case names on the wire; repeated headers arrive comma-joined. Use <see cref="GetHeader"/>.</summary>
    public Dictionary<string, string>? Headers { get; set; }

    /// <summary>Repeated parameters arrive comma-joined.</summary>
    public Dictionary<string, string>? QueryStringParameters { get; set; }

    public Dictionary<string, string>? PathParameters { get; set; }

    public Dictionary<string, string>? StageVariables { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }

    public HttpApiRequestContext? RequestContext { get; set; }

    /// <summary>Header value by name, ignoring case (HTTP header names are case-insensitive).</summary>
    public string? GetHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Headers is null)
            return null;
        if (Headers.TryGetValue(name, out var exact))
            return exact;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        return null;
    }

    /// <summary>Query parameter by exact name (query names are case-sensitive).</summary>
    public string? GetQuery(string name) => Lookup(QueryStringParameters, name);

    public string? GetPathParameter(string name) => Lookup(PathParameters, name);

    /// <summary>A claim from the JWT authorizer, or null when there is no such claim (or no JWT authorizer).</summary>
    public string? GetClaim(string name) => Lookup(RequestContext?.Authorizer?.Jwt?.Claims, name);

    /// <summary>The body as text: base64-decoded first when <see cref="IsBase64Encoded"/>, then read as UTF-8.</summary>
    /// <exception cref="FormatException">IsBase64Encoded is set but the body is not valid base64.</exception>
    public string? ReadBody()
    {
        if (Body is null)
            return null;
        return IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(Body)) : Body;
    }

    /// <summary>The body's bytes: base64-decoded when <see cref="IsBase64Encoded"/>, else the UTF-8 of the text.</summary>
    public byte[]? ReadBodyBytes()
    {
        if (Body is null)
            return null;
        return IsBase64Encoded ? Convert.FromBase64String(Body) : Encoding.UTF8.GetBytes(Body);
    }

    private static string? Lookup(Dictionary<string, string>? values, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return values is not null && values.TryGetValue(name, out var value) ? value : null;
    }
}

public class HttpApiRequestContext
{
    public string? AccountId { get; set; }

    public string? ApiId { get; set; }

    public string? DomainName { get; set; }

    public string? DomainPrefix { get; set; }

    public HttpApiHttpDescription? Http { get; set; }

    public string? RequestId { get; set; }

    public string? RouteKey { get; set; }

    public string? Stage { get; set; }

    /// <summary>CLF-style, e.g. "12/Mar/2020:19:03:58 +0000".</summary>
    public string? Time { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long TimeEpoch { get; set; }

    public HttpApiAuthorizer? Authorizer { get; set; }
}

public class HttpApiHttpDescription
{
    public string? Method { get; set; }

    public string? Path { get; set; }

    public string? Protocol { get; set; }

    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }
}

public class HttpApiAuthorizer
{
    public HttpApiJwtDescription? Jwt { get; set; }
}

public class HttpApiJwtDescription
{
    /// <summary>The token's claims; non-string claims arrive already flattened to strings.</summary>
    public Dictionary<string, string>? Claims { get; set; }

    public string[]? Scopes { get; set; }
}

/// <summary>An HTTP API (payload format 2.0) response.</summary>
public class APIGatewayHttpApiV2ProxyResponse
{
    public int StatusCode { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string[]? Cookies { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }
}
