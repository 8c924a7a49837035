using System.Net.Http.Headers;
using System.Text.Json;

namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>Error parsing and classification shared by the awsJson1_1 (Textract) and restJson1 (Bedrock) protocols.</summary>
public static class AwsErrors
{
    // Shape names AWS SDKs treat as throttling. Textract's LimitExceededException (too many concurrent async
    // jobs) clears by itself when jobs finish, so it is retried like throttling.
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "ThrottledException", "Throttling", "ProvisionedThroughputExceededException",
        "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
        "SlowDown", "LimitExceededException", "BandwidthLimitExceeded",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "InternalServerError", "InternalServerException", "InternalFailure", "InternalError",
        "ServiceUnavailable", "ServiceUnavailableException", "ModelNotReadyException",
        "RequestTimeout", "RequestTimeoutException",
    };

    // Client-side mistakes and permissions: repeating the same request cannot succeed.
    private static readonly HashSet<string> NeverRetry = new(StringComparer.Ordinal)
    {
        "ValidationException", "AccessDeniedException", "InvalidParameterException", "InvalidSignatureException",
        "UnrecognizedClientException", "IncompleteSignature", "MissingAuthenticationTokenException",
        "ExpiredTokenException", "InvalidS3ObjectException", "BadDocumentException", "UnsupportedDocumentException",
        "DocumentTooLargeException", "InvalidJobIdException", "ResourceNotFoundException", "ServiceQuotaExceededException",
    };

    public static bool IsThrottling(string errorType, int statusCode) =>
        Throttling.Contains(errorType) || (statusCode == 429 && !NeverRetry.Contains(errorType));

    public static bool IsRetryable(string errorType, int statusCode) =>
        !NeverRetry.Contains(errorType)
        && (IsThrottling(errorType, statusCode) || Transient.Contains(errorType) || statusCode >= 500);

    /// <summary>
    /// "aws.protocoltests#FooError:http://internal..." → "FooError": the part before any ':' and after the last '#'.
    /// </summary>
    public static string SanitizeErrorType(string raw)
    {
        var value = raw.Trim();
        var colon = value.IndexOf(':');
        if (colon >= 0)
            value = value[..colon];
        var hash = value.LastIndexOf('#');
        if (hash >= 0)
            value = value[(hash + 1)..];
        return value.Trim();
    }

    /// <summary>Builds the exception for a non-2xx answer from its headers and (possibly empty or non-JSON) body.</summary>
    public static AwsServiceException FromResponse(int statusCode, string? reasonPhrase, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        string? type = null;
        if (headers.TryGetValues("X-Amzn-Errortype", out var values) && values.FirstOrDefault() is { Length: > 0 } headerType)
            type = headerType;

        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                using var json = JsonDocument.ParseValue(ref reader);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    type ??= StringMember(json.RootElement, "__type") ?? StringMember(json.RootElement, "code");
                    message = StringMember(json.RootElement, "Message") ?? StringMember(json.RootElement, "message");
                }
            }
            catch (JsonException)
            {
                // A proxy's HTML page or a truncated body: keep the status code as the only fact.
            }
        }

        var errorType = type is null ? "UnknownError" : SanitizeErrorType(type);
        if (errorType.Length == 0)
            errorType = "UnknownError";
        return new AwsServiceException(errorType, message ?? reasonPhrase ?? $"HTTP {statusCode}", statusCode, RequestId(headers));
    }

    internal static string? RequestId(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault()
        : headers.TryGetValues("x-amz-request-id", out var s3Ids) ? s3Ids.FirstOrDefault()
        : null;

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
