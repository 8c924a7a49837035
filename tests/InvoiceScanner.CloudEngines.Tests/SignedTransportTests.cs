using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.FakeAws;
using static InvoiceScanner.CloudEngines.Tests.TestAws;

namespace InvoiceScanner.CloudEngines.Tests;

/// <summary>The SDK-signed client against the fake's independent SigV4 check and protocol checks.</summary>
public sealed class SignedTransportTests
{
    private const string EmptyExpense = """{"DocumentMetadata":{"Pages":1},"ExpenseDocuments":[]}""";
    private const string TextOnlyAnswer = """{"output":{"message":{"role":"assistant","content":[{"text":"hi"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""";

    [Fact]
    public async Task Textract_request_is_signed_for_textract_and_uses_awsJson1_1()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));

        var response = await TextractFor(server).AnalyzeExpenseAsync(
            new AnalyzeExpenseRequest { Document = new Document { S3Object = new S3Object { Bucket = "b", Name = "uploads/u/i/a b.pdf" } } }, Ct);

        Assert.Equal(1, response.DocumentMetadata?.Pages);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Textract.AnalyzeExpense", request.Header("x-amz-target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("content-type"));
        Assert.Equal("/", request.RawTarget);
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/textract/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$",
            request.Header("authorization"));
        Assert.Equal("""{"Document":{"S3Object":{"Bucket":"b","Name":"uploads/u/i/a b.pdf"}}}""", request.BodyText);
    }

    [Theory]
    [InlineData("us.amazon.nova-micro-v1:0", "/model/us.amazon.nova-micro-v1%3A0/converse")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse")]
    public async Task Bedrock_model_id_is_url_encoded_in_the_path_and_signed_double_encoded(string modelId, string expectedPath)
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(modelId, FakeAwsResponse.Json(TextOnlyAnswer, contentType: "application/json"));

        var response = await BedrockFor(server).ConverseAsync(modelId, new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hello")] }],
        }, Ct);

        Assert.Equal("hi", response.GetText());
        var request = Assert.Single(server.Requests);
        Assert.Equal(expectedPath, request.RawTarget);
        Assert.Equal(modelId, request.ModelId);
        Assert.Equal("application/json", request.Header("content-type"));
        Assert.Contains("/us-east-1/bedrock/aws4_request", request.Header("authorization"));
        Assert.Null(request.Header("x-amz-target"));
    }

    [Fact]
    public async Task The_invocations_trace_header_goes_along_unsigned()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));
        const string trace = "Root=1-6750a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
        var client = new TextractClient(Options(server) with { TraceHeader = () => trace });

        await client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [1, 2, 3] } }, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal(trace, request.Header("x-amzn-trace-id"));
        Assert.DoesNotContain("x-amzn-trace-id", request.Header("authorization"));
    }

    [Fact]
    public async Task Wrong_secret_is_refused_with_InvalidSignatureException_and_not_retried()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));
        var client = new TextractClient(Options(server, credentials: new BasicAWSCredentials(FakeAwsServer.TestAccessKey, "not-the-secret")));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [1, 2, 3] } }, Ct));

        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.Equal(403, error.StatusCode);
        Assert.NotNull(error.RequestId);
        Assert.False(error.IsRetryable);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Wrong_region_is_refused()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));
        var client = new TextractClient(Options(server, region: "eu-west-1"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [1] } }, Ct));
        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.Contains("region", error.Message);
    }

    [Fact]
    public async Task Session_token_is_sent_and_signed()
    {
        var options = new FakeAwsServerOptions { Credentials = [new FakeCredential("ASIATEMP", "temp-secret", "the-session-token")] };
        await using var server = await FakeAwsServer.StartNewAsync(options, Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));
        var client = new TextractClient(Options(server, credentials: new SessionAWSCredentials("ASIATEMP", "temp-secret", "the-session-token")));

        await client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [1] } }, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("the-session-token", request.Header("x-amz-security-token"));
        Assert.Contains("x-amz-security-token", request.Header("authorization"));
    }

    [Fact]
    public async Task Body_is_sent_as_signed_with_its_sha256()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));

        await TextractFor(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [0xFF, 0xD8, 0xFF] } }, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("""{"Document":{"Bytes":"/9j/"}}""", request.BodyText);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body)), request.Header("x-amz-content-sha256"));
    }

    [Fact]
    public async Task Without_configured_credentials_the_sdk_default_chain_is_used()
    {
        await using var server = await FakeAwsServer.StartNewAsync(
            new FakeAwsServerOptions { Credentials = [new FakeCredential("AKIDFROMENV", "env-secret")] }, Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(EmptyExpense));
        string[] names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            // The first link of the chain: environment variables, as Lambda provides them.
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
            var client = new TextractClient(Options(server) with { Credentials = null });

            await client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = new Document { Bytes = [1] } }, Ct);
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }

        Assert.Contains("Credential=AKIDFROMENV/", Assert.Single(server.Requests).Header("authorization"));
    }

    [Fact]
    public void Endpoint_defaults_and_environment_overrides()
    {
        var env = new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-1" };
        Assert.Equal(new Uri("https://textract.eu-west-1.amazonaws.com/"), TextractClient.FromEnvironment(read: env.GetValueOrDefault).Endpoint);
        Assert.Equal(new Uri("https://bedrock-runtime.eu-west-1.amazonaws.com/"), BedrockRuntimeClient.FromEnvironment(read: env.GetValueOrDefault).Endpoint);

        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566";
        env["AWS_ENDPOINT_URL_TEXTRACT"] = "http://127.0.0.1:4599";
        Assert.Equal(new Uri("http://127.0.0.1:4599/"), TextractClient.FromEnvironment(read: env.GetValueOrDefault).Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), BedrockRuntimeClient.FromEnvironment(read: env.GetValueOrDefault).Endpoint);

        env["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = "not a url";
        Assert.Throws<InvalidOperationException>(() => BedrockRuntimeClient.FromEnvironment(read: env.GetValueOrDefault));
    }
}
