using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InvoiceScanner.FakeAws;

/// <summary>A caller this fake accepts. The session token, when set, must be sent (and signed) as x-amz-security-token.</summary>
public sealed record FakeCredential(string AccessKey, string SecretKey, string? SessionToken = null);

/// <summary>Why a request was refused, as the AWS error it would produce.</summary>
public sealed record SigV4Failure(string ErrorType, string Message);

/// <summary>
/// Checks AWS Signature Version 4 on a received request, written from the specification and independent of the
/// AWS SDK: parses Authorization, rebuilds the canonical request from what actually arrived (raw path, headers,
/// body), derives the signing key and compares signatures.
/// </summary>
public sealed class SigV4Verifier(IEnumerable<FakeCredential> credentials, string region, TimeProvider clock, TimeSpan? maxClockSkew)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    private readonly Dictionary<string, FakeCredential> _credentials = credentials.ToDictionary(c => c.AccessKey, StringComparer.Ordinal);

    /// <param name="headers">Received headers by lower-case name; repeated headers joined with ','.</param>
    /// <returns>Null when the request is correctly signed for <paramref name="expectedService"/>.</returns>
    public SigV4Failure? Verify(string method, string rawTarget, IReadOnlyDictionary<string, string> headers, byte[] body, string expectedService)
    {
        if (!headers.TryGetValue("authorization", out var authorization))
            return new("MissingAuthenticationTokenException", "Missing Authentication Token");
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            return new("IncompleteSignatureException", $"Authorization must use {Algorithm}.");

        var parts = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
            return new("IncompleteSignatureException", "Authorization needs Credential, SignedHeaders and Signature.");

        var scope = credential.Split('/');
        if (scope.Length != 5)
            return new("IncompleteSignatureException", $"Malformed credential scope '{credential}'.");
        var (accessKey, date, scopeRegion, service, terminator) = (scope[0], scope[1], scope[2], scope[3], scope[4]);
        if (!_credentials.TryGetValue(accessKey, out var known))
            return new("UnrecognizedClientException", "The security token included in the request is invalid.");
        if (terminator != "aws4_request")
            return new("InvalidSignatureException", "Credential scope must end in aws4_request.");
        if (scopeRegion != region)
            return new("InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scopeRegion}' (this endpoint is {region}).");
        if (service != expectedService)
            return new("InvalidSignatureException", $"Credential should be scoped to correct service: '{expectedService}', not '{service}'.");

        if (!headers.TryGetValue("x-amz-date", out var amzDate)
            || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
            return new("IncompleteSignatureException", "x-amz-date is missing or not yyyyMMddTHHmmssZ.");
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
            return new("InvalidSignatureException", "Credential scope date does not match x-amz-date.");
        if (maxClockSkew is { } skew && (clock.GetUtcNow().UtcDateTime - signedAt).Duration() > skew)
            return new("InvalidSignatureException", $"Signature expired: {amzDate} is too far from the server's time.");

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h != h.ToLowerInvariant()))
            return new("InvalidSignatureException", "SignedHeaders must be lower-case and sorted.");
        foreach (var required in new[] { "host", "x-amz-date" })
        {
            if (!signedHeaders.Contains(required))
                return new("InvalidSignatureException", $"'{required}' must be a signed header.");
        }
        foreach (var present in new[] { "x-amz-content-sha256", "x-amz-security-token", "x-amz-target", "content-type" })
        {
            if (headers.ContainsKey(present) && !signedHeaders.Contains(present))
                return new("InvalidSignatureException", $"'{present}' was sent but not signed.");
        }
        foreach (var name in signedHeaders)
        {
            if (!headers.ContainsKey(name))
                return new("InvalidSignatureException", $"Signed header '{name}' was not sent.");
        }

        var bodyHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != bodyHash)
            return new("InvalidSignatureException", "x-amz-content-sha256 does not match the body.");
        if (known.SessionToken is not null && (!headers.TryGetValue("x-amz-security-token", out var token) || token != known.SessionToken))
            return new("UnrecognizedClientException", "The security token included in the request is invalid.");

        var queryAt = rawTarget.IndexOf('?');
        var canonicalRequest = CanonicalRequest(method,
            queryAt < 0 ? rawTarget : rawTarget[..queryAt],
            queryAt < 0 ? "" : rawTarget[(queryAt + 1)..],
            signedHeaders.Select(h => (h, headers[h])),
            bodyHash);
        var expected = Signature(known.SecretKey, date, region, service, StringToSign(amzDate, $"{date}/{region}/{service}/aws4_request", canonicalRequest));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : new("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    public static string CanonicalRequest(string method, string rawPath, string rawQuery, IEnumerable<(string Name, string Value)> signedHeaders, string payloadHash)
    {
        var headers = signedHeaders.ToList();
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalUri(rawPath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in headers)
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        builder.Append('\n');
        builder.Append(string.Join(';', headers.Select(h => h.Name))).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>Non-S3 services: each segment of the path as sent is URI-encoded again (so %3A becomes %253A).</summary>
    public static string CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(UriEncode));

    public static string CanonicalQuery(string rawQuery) =>
        string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Name: UriEncode(Uri.UnescapeDataString(p[0])), Value: UriEncode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretKey, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>RFC 3986: unreserved characters stay, every other byte of the UTF-8 form becomes %XX (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string CanonicalHeaderValue(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
