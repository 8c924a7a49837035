namespace InvoiceScanner.FakeAws;

/// <summary>An error answer the fake gives as the service would: HTTP status, error type (shape name) and message.</summary>
public sealed class FakeAwsException(int statusCode, string errorType, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string ErrorType { get; } = errorType;

    public FakeAwsResponse ToAwsJson() => FakeAwsResponse.AwsJsonError(StatusCode, ErrorType, Message);

    public FakeAwsResponse ToRestJson() => FakeAwsResponse.RestJsonError(StatusCode, ErrorType, Message);
}
