using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>
/// Signs a request with AWSSDK.Core's SigV4 implementation. The SDK's SignRequest needs its whole request
/// pipeline (IRequest, a ClientConfig subclass), so this derives from <see cref="AWS4Signer"/> to reach the same
/// canonicalisation helpers (header pruning/sorting, double-encoded resource path) and its signature computation.
/// </summary>
internal sealed class SigV4Signer : AWS4Signer
{
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string SecurityTokenHeader = "x-amz-security-token";

    /// <summary>The headers to send, including host, x-amz-date and Authorization.</summary>
    /// <param name="endpoint">Service base URL (scheme, host, port, optional base path).</param>
    /// <param name="resourcePath">Path template relative to the endpoint, e.g. "/model/{modelId}/converse".</param>
    /// <param name="pathResources">Values for the template's placeholders, unencoded.</param>
    /// <param name="headers">Headers to sign (Content-Type, X-Amz-Target, ...).</param>
    public static IDictionary<string, string> Sign(
        string method,
        Uri endpoint,
        string resourcePath,
        IDictionary<string, string>? pathResources,
        IDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAtUtc)
    {
        var all = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        if (credentials.UseToken)
            all[SecurityTokenHeader] = credentials.Token;
        // InitializeHeaders drops any earlier x-amz-content-sha256 (it expects to re-sign), so the hash goes in after.
        var signedAt = InitializeHeaders(all, endpoint, signedAtUtc);
        var bodyHash = AWSSDKUtils.ToHex(SHA256.HashData(body), true);
        all[ContentSha256Header] = bodyHash;
        var sorted = SortAndPruneHeaders(all);
        var canonical = CanonicalizeRequest(endpoint, resourcePath, method, sorted, "", bodyHash, pathResources, true);
        var result = ComputeSignature(credentials, region, signedAt, service, CanonicalizeHeaderNames(sorted), canonical);
        all["Authorization"] = result.ForAuthorizationHeader;
        return all;
    }

    /// <summary>The path actually sent: the endpoint's base path plus the template with each placeholder URI-encoded.</summary>
    public static string ResolvePath(Uri endpoint, string resourcePath, IDictionary<string, string>? pathResources)
    {
        var path = resourcePath;
        if (pathResources is not null)
        {
            foreach (var (key, value) in pathResources)
                path = path.Replace(key, Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        return basePath + (path.StartsWith('/') ? path : "/" + path);
    }
}
