namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>
/// An error answer from an AWS service (or a stand-in for one), whatever its protocol. <see cref="ErrorType"/>
/// is the sanitised shape name (e.g. "ThrottlingException"), <see cref="Exception.Message"/> the service's text.
/// </summary>
public sealed class AwsServiceException(string errorType, string message, int statusCode, string? requestId, Exception? inner = null)
    : Exception(message, inner)
{
    public string ErrorType { get; } = errorType;
    public int StatusCode { get; } = statusCode;
    public string? RequestId { get; } = requestId;

    /// <summary>Too many requests: worth retrying later with backoff.</summary>
    public bool IsThrottling => AwsErrors.IsThrottling(ErrorType, StatusCode);

    /// <summary>Throttling or a service-side fault; never validation or access errors.</summary>
    public bool IsRetryable => AwsErrors.IsRetryable(ErrorType, StatusCode);

    /// <summary>One line for logs and traces: type, status, request id and message.</summary>
    public string Describe() =>
        $"{ErrorType} (HTTP {StatusCode}{(RequestId is null ? "" : ", request " + RequestId)}): {Message}";

    public override string ToString() => $"{nameof(AwsServiceException)}: {Describe()}";
}
