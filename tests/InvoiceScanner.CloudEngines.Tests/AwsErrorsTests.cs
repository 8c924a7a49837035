using System.Net;
using System.Text;
using InvoiceScanner.CloudEngines.Aws;

namespace InvoiceScanner.CloudEngines.Tests;

public sealed class AwsErrorsTests
{
    [Theory]
    [InlineData("ThrottlingException", "ThrottlingException")]
    [InlineData("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", "ValidationException")]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("com.amazonaws.textract#InvalidParameterException", "InvalidParameterException")]
    [InlineData("a#b#LastError", "LastError")]
    public void Error_type_keeps_the_part_after_the_last_hash_and_before_the_colon(string raw, string expected) =>
        Assert.Equal(expected, AwsErrors.SanitizeErrorType(raw));

    [Fact]
    public void Header_type_wins_over_the_body_and_either_message_casing_is_read()
    {
        var error = Parse(400, """{"__type":"SomethingElse","message":"lower"}""", ("X-Amzn-Errortype", "ValidationException:http://x/"), ("x-amzn-RequestId", "req-1"));
        Assert.Equal(("ValidationException", "lower", 400, "req-1"), (error.ErrorType, error.Message, error.StatusCode, error.RequestId));

        var upper = Parse(400, """{"__type":"com.amazonaws.textract#BadDocumentException","Message":"Upper"}""");
        Assert.Equal(("BadDocumentException", "Upper"), (upper.ErrorType, upper.Message));

        var code = Parse(400, """{"code":"InvalidS3ObjectException","message":"m"}""");
        Assert.Equal("InvalidS3ObjectException", code.ErrorType);
    }

    [Fact]
    public void Bodies_without_a_type_or_json_keep_the_status()
    {
        var noType = Parse(400, """{"message":"The provided model identifier is invalid."}""");
        Assert.Equal(("UnknownError", "The provided model identifier is invalid."), (noType.ErrorType, noType.Message));
        Assert.False(noType.IsRetryable);

        var html = Parse(502, "<html>Bad Gateway</html>");
        Assert.Equal(("UnknownError", 502), (html.ErrorType, html.StatusCode));
        Assert.True(html.IsRetryable);

        Assert.True(Parse(429, "").IsThrottling);
    }

    [Theory]
    [InlineData("ThrottlingException", 429, true)]
    [InlineData("ThrottlingException", 500, true)]
    [InlineData("ProvisionedThroughputExceededException", 400, true)]
    [InlineData("LimitExceededException", 400, true)]
    [InlineData("ServiceUnavailableException", 503, true)]
    [InlineData("InternalServerError", 500, true)]
    [InlineData("InternalServerException", 500, true)]
    [InlineData("ModelNotReadyException", 429, true)]
    [InlineData("UnknownError", 503, true)]
    [InlineData("ValidationException", 400, false)]
    [InlineData("AccessDeniedException", 403, false)]
    [InlineData("AccessDeniedException", 400, false)]
    [InlineData("InvalidParameterException", 400, false)]
    [InlineData("InvalidSignatureException", 403, false)]
    [InlineData("ServiceQuotaExceededException", 400, false)]
    [InlineData("ModelTimeoutException", 408, false)]
    public void Only_throttling_and_service_faults_are_retried(string type, int status, bool retryable) =>
        Assert.Equal(retryable, new AwsServiceException(type, "m", status, null).IsRetryable);

    [Fact]
    public void Backoff_is_full_jitter_on_a_doubling_capped_ceiling()
    {
        var top = AwsRetryPolicy.Default with { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500), Jitter = () => 0.999999 };
        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(1, 5).Select(a => (int)Math.Round(top.BackoffAfter(a).TotalMilliseconds)));
        var bottom = top with { Jitter = () => 0 };
        Assert.Equal(TimeSpan.Zero, bottom.BackoffAfter(3));
    }

    private static AwsServiceException Parse(int status, string body, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return AwsErrors.FromResponse(status, response.ReasonPhrase, response.Headers, Encoding.UTF8.GetBytes(body));
    }
}
