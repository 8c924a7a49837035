using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Textract;
using static InvoiceScanner.FakeAws.Tests.Fake;

namespace InvoiceScanner.FakeAws.Tests;

/// <summary>Signature, protocol and error shapes, fixtures and the server's own settings.</summary>
public sealed class ServerTests
{
    private static AnalyzeExpenseRequest Analyze(string key) => new() { Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = key } } };

    [Fact]
    public async Task A_request_signed_with_wrong_credentials_is_refused_with_403()
    {
        var objects = new InMemoryS3ObjectReader().Put(Bucket, "a.pdf", "%PDF-1.4\n%%EOF"u8.ToArray());
        await using var server = await StartAsync(objects);

        var wrongSecret = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Textract(server, new BasicAWSCredentials(FakeAwsServer.TestAccessKey, "not-the-secret")).AnalyzeExpenseAsync(Analyze("a.pdf"), Ct));
        Assert.Equal(403, wrongSecret.StatusCode);
        Assert.Equal("InvalidSignatureException", wrongSecret.ErrorType);

        var unknownKey = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Bedrock(server, new BasicAWSCredentials("AKIDUNKNOWN", "whatever")).ConverseAsync(Model, new ConverseRequest
            {
                Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hi")] }],
            }, Ct));
        Assert.Equal(403, unknownKey.StatusCode);
        Assert.Equal("UnrecognizedClientException", unknownKey.ErrorType);
    }

    [Fact]
    public async Task The_local_stack_credential_can_be_accepted()
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions
        {
            Credentials = [FakeAwsServer.LocalStackCredential],
            Bedrock = new FakeBedrockOptions(),
        }, Ct);

        var response = await Bedrock(server, new BasicAWSCredentials("S3RVER", "S3RVER")).ConverseAsync(Model, new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("Total 1.00")] }],
        }, Ct);
        Assert.Equal(StopReason.EndTurn, response.StopReason);
    }

    [Fact]
    public async Task Errors_carry_the_type_in_the_header_and_the_body()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        using var http = new HttpClient();

        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress) { Content = content };
        request.Headers.Add("X-Amz-Target", "Textract.AnalyzeExpense");
        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("MissingAuthenticationTokenException", body.RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("Message").GetString()));
        Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Scripted_routes_win_over_the_emulator_and_unscripted_operations_fall_through()
    {
        var objects = new InMemoryS3ObjectReader();
        await using var server = await StartAsync(objects);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.AwsJsonError(400, "ProvisionedThroughputExceededException", "Provisioned rate exceeded"));

        var scripted = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(Analyze("a.pdf"), Ct));
        Assert.Equal("ProvisionedThroughputExceededException", scripted.ErrorType);

        server.Routes.RemoveTextract("AnalyzeExpense");
        var emulated = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(Analyze("a.pdf"), Ct));
        Assert.Equal("InvalidS3ObjectException", emulated.ErrorType);
    }

    [Fact]
    public async Task Fixture_mode_serves_recorded_responses_for_matching_requests()
    {
        var directory = Directory.CreateTempSubdirectory("fakeaws-fixtures-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "textract", "analyze-expense"));
            Directory.CreateDirectory(Path.Combine(directory.FullName, "bedrock", "converse"));
            File.WriteAllText(Path.Combine(directory.FullName, "textract", "analyze-expense", "receipt-42.analyze-expense.json"), """
                {"DocumentMetadata":{"Pages":1},"ExpenseDocuments":[{"ExpenseIndex":1,"SummaryFields":[
                  {"Type":{"Text":"TOTAL","Confidence":99.9},"ValueDetection":{"Text":"$42.00","Confidence":99.5},"PageNumber":1}],
                  "LineItemGroups":[]}],
                 "ResponseMetadata":{"RequestId":"r","HTTPStatusCode":200}}
                """);
            File.WriteAllText(Path.Combine(directory.FullName, "textract", "analyze-expense", "broken.error.json"), """
                {"status":400,"headers":{"Content-Type":"application/x-amz-json-1.1"},"body":{"__type":"BadDocumentException","Message":"Request has invalid document"}}
                """);
            File.WriteAllText(Path.Combine(directory.FullName, "bedrock", "converse", FakeAwsFixtures.FileNameOf(Model) + ".json"),
                """{"output":{"message":{"role":"assistant","content":[{"text":"recorded"}]}},"stopReason":"end_turn","usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4},"metrics":{"latencyMs":120}}""");

            await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { FixtureDirectory = directory.FullName }, Ct);

            var recorded = await Textract(server).AnalyzeExpenseAsync(Analyze("uploads/u/i/receipt-42.jpg"), Ct);
            Assert.Equal("$42.00", recorded.ExpenseDocuments!.Single().SummaryFields!.Single().ValueDetection!.Text);
            var served = new FakeAwsFixtures(directory.FullName).AnalyzeExpense("uploads/u/i/receipt-42.jpg")!;
            Assert.DoesNotContain("ResponseMetadata", served.Body, StringComparison.Ordinal);
            Assert.Contains("$42.00", served.Body, StringComparison.Ordinal);
            Assert.Equal(FakeAwsResponse.AwsJsonContentType, served.ContentType);

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(Analyze("uploads/broken.pdf"), Ct));
            Assert.Equal("BadDocumentException", error.ErrorType);
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(Analyze("uploads/other.pdf"), Ct));
            Assert.Equal("InvalidS3ObjectException", missing.ErrorType);

            var converse = await Bedrock(server).ConverseAsync(Model, new ConverseRequest
            {
                Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hi")] }],
            }, Ct);
            Assert.Equal("recorded", converse.GetText());
            Assert.Equal(120, converse.Metrics?.LatencyMs);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Only_loopback_addresses_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => new FakeAwsServer(new FakeAwsServerOptions { Address = IPAddress.Any }));
    }

    [Fact]
    public async Task A_given_port_is_used()
    {
        await using var probe = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        var port = probe.BaseAddress.Port;
        await probe.StopAsync(Ct);

        await using var server = new FakeAwsServer(new FakeAwsServerOptions { Port = port });
        await server.StartAsync(cancellationToken: Ct);
        Assert.Equal(port, server.BaseAddress.Port);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
    }
}
