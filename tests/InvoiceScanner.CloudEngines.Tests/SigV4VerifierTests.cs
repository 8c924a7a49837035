using InvoiceScanner.FakeAws;

namespace InvoiceScanner.CloudEngines.Tests;

/// <summary>The fake's own SigV4 implementation against AWS's published test-suite vectors.</summary>
public sealed class SigV4VerifierTests
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Scope = "20150830/us-east-1/service/aws4_request";

    private static readonly (string, string)[] VanillaHeaders = [("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")];

    [Theory]
    [InlineData("", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")] // get-vanilla
    [InlineData("Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")] // get-vanilla-query-order-key-case
    public void Signature_matches_the_aws_test_suite(string query, string expected)
    {
        var canonical = SigV4Verifier.CanonicalRequest("GET", "/", query, VanillaHeaders, EmptyHash);
        var signature = SigV4Verifier.Signature(FakeAwsServer.TestSecretKey, "20150830", "us-east-1", "service",
            SigV4Verifier.StringToSign("20150830T123600Z", Scope, canonical));
        Assert.Equal(expected, signature);
    }

    [Fact]
    public void Verify_accepts_the_vanilla_request_and_refuses_a_changed_signature()
    {
        var verifier = new SigV4Verifier([new FakeCredential(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey)], "us-east-1",
            new FixedClock(new DateTimeOffset(2015, 8, 30, 12, 40, 0, TimeSpan.Zero)), TimeSpan.FromMinutes(15));
        Dictionary<string, string> Headers(string signature) => new()
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
            ["authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{Scope}, SignedHeaders=host;x-amz-date, Signature={signature}",
        };

        Assert.Null(verifier.Verify("GET", "/", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), [], "service"));
        var refused = verifier.Verify("GET", "/", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf32"), [], "service");
        Assert.Equal("InvalidSignatureException", refused?.ErrorType);
        Assert.Equal("InvalidSignatureException", verifier.Verify("GET", "/", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), [], "textract")?.ErrorType);
    }

    [Fact]
    public void Verify_refuses_an_expired_signature()
    {
        var verifier = new SigV4Verifier([new FakeCredential(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey)], "us-east-1",
            new FixedClock(new DateTimeOffset(2015, 8, 30, 13, 0, 0, TimeSpan.Zero)), TimeSpan.FromMinutes(15));
        var headers = new Dictionary<string, string>
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
            ["authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{Scope}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        };
        Assert.Contains("expired", verifier.Verify("GET", "/", headers, [], "service")?.Message);
    }

    [Fact]
    public void Canonical_uri_encodes_the_sent_path_again()
    {
        Assert.Equal("/model/us.amazon.nova-micro-v1%253A0/converse", SigV4Verifier.CanonicalUri("/model/us.amazon.nova-micro-v1%3A0/converse"));
        Assert.Equal("/", SigV4Verifier.CanonicalUri("/"));
    }
}
