using System.Text.Json.Nodes;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.FakeAws;
using static InvoiceScanner.CloudEngines.Tests.TestAws;

namespace InvoiceScanner.CloudEngines.Tests;

/// <summary>TextractClient and TextractOcrEngine against the fake endpoint.</summary>
public sealed class TextractEngineTests
{
    private const string InvoiceId = "01JD5Y6Q9W3V2C8B7N4M1K0H2G";
    private static readonly OcrInput Receipt = new("invoices-bucket", "uploads/u1/" + InvoiceId + "/receipt.jpg", DocumentKind.Jpeg, new byte[1024]);
    private static readonly OcrInput Pdf = new("invoices-bucket", "uploads/u1/" + InvoiceId + "/invoice.pdf", DocumentKind.Pdf, new byte[2048]);

    private static readonly TextractOcrEngineOptions AsyncOptions = new()
    {
        SnsTopicArn = "arn:aws:sns:us-east-1:123456789012:textract-done",
        RoleArn = "arn:aws:iam::123456789012:role/textract-publish",
    };

    private static TextractOcrEngine Engine(FakeAwsServer server, AwsRetryPolicy? retry = null, TextractOcrEngineOptions? options = null) =>
        new(TextractFor(server, retry), options ?? AsyncOptions);

    [Fact]
    public async Task Recognize_analyses_the_stored_object_and_maps_the_result()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.Json(Fixtures.Text(Fixtures.AnalyzeExpensePath("receipt-mega-market"))));

        var document = await Engine(server).RecognizeAsync(Receipt, Ct);

        Assert.Equal("textract", document.Engine);
        Assert.Contains(document.Candidates, c => c is { Field: FieldNames.Total, Text: "$1810.46", CurrencyCode: "USD" });
        var body = Assert.Single(server.Requests).Json();
        Assert.Equal("invoices-bucket", body.GetProperty("Document").GetProperty("S3Object").GetProperty("Bucket").GetString());
        Assert.Equal(Receipt.Key, body.GetProperty("Document").GetProperty("S3Object").GetProperty("Name").GetString());
        Assert.False(body.GetProperty("Document").TryGetProperty("Bytes", out _));
    }

    [Theory]
    [InlineData("UnsupportedDocumentException", "Request has unsupported document format", TextractErrorCodes.UnsupportedDocument)]
    [InlineData("BadDocumentException", "Unable to read document", TextractErrorCodes.BadDocument)]
    [InlineData("DocumentTooLargeException", "Document is too large", ErrorCodes.TooLarge)]
    [InlineData("InvalidParameterException", "Request has invalid parameters", TextractErrorCodes.InvalidDocument)]
    [InlineData("AccessDeniedException", "User is not authorized to perform: textract:AnalyzeExpense", ErrorCodes.EngineConfiguration)]
    [InlineData("InvalidS3ObjectException", "Unable to get object metadata from S3", ErrorCodes.EngineConfiguration)]
    public async Task Document_and_configuration_errors_become_rejections_without_retry(string errorType, string message, string expectedCode)
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.AwsJsonError(400, errorType, message));

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine(server).RecognizeAsync(Receipt, Ct));

        Assert.Equal(expectedCode, rejected.Code);
        Assert.Contains(message, rejected.Message);
        Assert.Equal(errorType, Assert.IsType<AwsServiceException>(rejected.InnerException).ErrorType);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Recorded_invalid_parameter_error_is_parsed_from_its_capital_M_message()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        var envelope = FakeAwsResponse.FromEnvelope(Fixtures.Text("textract/errors/invalid-parameter-exception.with-headers.json"));
        server.Routes.Textract("AnalyzeExpense", envelope);

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine(server).RecognizeAsync(Receipt, Ct));

        Assert.Equal(TextractErrorCodes.InvalidDocument, rejected.Code);
        var cause = Assert.IsType<AwsServiceException>(rejected.InnerException);
        Assert.Equal(("InvalidParameterException", "Request has invalid parameters", 400, "94407fa7-e7b2-4d83-9bd3-a6b32d01184e"),
            (cause.ErrorType, cause.Message, cause.StatusCode, cause.RequestId));
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_until_it_succeeds()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense",
            FakeAwsResponse.AwsJsonError(400, "ProvisionedThroughputExceededException", "Provisioned rate exceeded"),
            FakeAwsResponse.AwsJsonError(500, "ThrottlingException", "Slow down"),
            FakeAwsResponse.Json(Fixtures.Text(Fixtures.AnalyzeExpensePath("invoice-amazon-123PQR456"))));
        var delays = new List<TimeSpan>();

        var document = await Engine(server, InstantRetry(4, delays)).RecognizeAsync(Receipt, Ct);

        Assert.Contains(document.Candidates, c => c is { Field: FieldNames.Total, Text: "$6231.09" });
        Assert.Equal(3, server.Requests.Count);
        // Full jitter fixed at 0.5 of a cap that doubles from 100 ms.
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], delays);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_stays_a_transient_error()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.AwsJsonError(500, "ThrottlingException", "Slow down"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Engine(server, InstantRetry(3)).RecognizeAsync(Receipt, Ct));

        Assert.Equal("ThrottlingException", error.ErrorType);
        Assert.True(error.IsThrottling);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_when_the_callers_deadline_passes()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("AnalyzeExpense", FakeAwsResponse.AwsJsonError(400, "ProvisionedThroughputExceededException", "Provisioned rate exceeded"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var retry = InstantRetry(10) with
        {
            // The deadline arrives during the first backoff.
            Delay = (_, token) =>
            {
                deadline.Cancel();
                return Task.Delay(Timeout.InfiniteTimeSpan, token);
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine(server, retry).RecognizeAsync(Receipt, deadline.Token));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Documents_above_the_sync_limit_are_refused_before_calling_Textract()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        var engine = Engine(server, options: AsyncOptions with { MaxSyncBytes = 1000 });

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => engine.RecognizeAsync(Receipt, Ct));

        Assert.Equal(ErrorCodes.TooLarge, rejected.Code);
        Assert.Empty(server.Requests);
        Assert.True(engine.RequiresAsync(Pdf));
        Assert.False(engine.RequiresAsync(Receipt with { Content = new byte[10] }, pageCount: 3));
        Assert.True(new TextractOcrEngine(TextractFor(server)).RequiresAsync(Pdf with { Content = new byte[10] }, pageCount: 2));
    }

    [Fact]
    public async Task Start_sends_an_idempotent_job_tagged_with_the_invoice_id()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("StartExpenseAnalysis", FakeAwsResponse.Json("""{"JobId":"job-123"}"""));

        var jobId = await Engine(server).StartAsync(Pdf, InvoiceId, Ct);

        Assert.Equal("job-123", jobId);
        var body = Assert.Single(server.Requests).Json();
        Assert.Equal(Pdf.Key, body.GetProperty("DocumentLocation").GetProperty("S3Object").GetProperty("Name").GetString());
        Assert.Equal(InvoiceId, body.GetProperty("JobTag").GetString());
        Assert.Equal("invoice-" + InvoiceId, body.GetProperty("ClientRequestToken").GetString());
        Assert.Equal(AsyncOptions.SnsTopicArn, body.GetProperty("NotificationChannel").GetProperty("SNSTopicArn").GetString());
        Assert.Equal(AsyncOptions.RoleArn, body.GetProperty("NotificationChannel").GetProperty("RoleArn").GetString());
        Assert.False(body.TryGetProperty("OutputConfig", out _));
    }

    [Fact]
    public async Task Start_retries_LimitExceeded_and_needs_the_sns_configuration()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("StartExpenseAnalysis",
            FakeAwsResponse.AwsJsonError(400, "LimitExceededException", "Too many concurrent jobs"),
            FakeAwsResponse.Json("""{"JobId":"job-2"}"""));

        Assert.Equal("job-2", await Engine(server).StartAsync(Pdf, InvoiceId, Ct));
        Assert.Equal(2, server.Requests.Count);

        var unconfigured = new TextractOcrEngine(TextractFor(server));
        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => unconfigured.StartAsync(Pdf, InvoiceId, Ct));
        Assert.Equal(ErrorCodes.EngineConfiguration, rejected.Code);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Complete_follows_NextToken_through_every_result_page()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        var full = JsonNode.Parse(Fixtures.Text(Fixtures.TwoPage))!.AsObject();
        var documents = full["ExpenseDocuments"]!.AsArray();
        var first = full.DeepClone().AsObject();
        first["ExpenseDocuments"] = new JsonArray(documents[0]!.DeepClone());
        first["NextToken"] = "page-2-token";
        var second = full.DeepClone().AsObject();
        second["ExpenseDocuments"] = new JsonArray(documents[1]!.DeepClone());
        server.Routes.Textract("GetExpenseAnalysis", request =>
            request.Json().TryGetProperty("NextToken", out var token)
                ? token.GetString() == "page-2-token" ? FakeAwsResponse.Json(second.ToJsonString()) : FakeAwsResponse.AwsJsonError(400, "InvalidParameterException", "bad token")
                : FakeAwsResponse.Json(first.ToJsonString()));

        var document = await Engine(server, options: AsyncOptions with { MaxResults = 1 }).CompleteAsync("job-123", Ct);

        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.Contains(document.Candidates, c => c is { Field: FieldNames.Total, Text: "$5,715.00" });
        Assert.Equal(8, document.LineItemCandidates.Count);
        var requests = server.Requests.Select(r => r.Json()).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("job-123", 1), (r.GetProperty("JobId").GetString(), r.GetProperty("MaxResults").GetInt32())));
        Assert.False(requests[0].TryGetProperty("NextToken", out _));
        Assert.Equal("page-2-token", requests[1].GetProperty("NextToken").GetString());
    }

    [Fact]
    public async Task Complete_rejects_a_failed_job_with_its_status_message()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("GetExpenseAnalysis", FakeAwsResponse.Json(Fixtures.Text("textract/async-job-status/job-failed.json")));

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine(server).CompleteAsync("job-1", Ct));

        Assert.Equal(ErrorCodes.OcrFailed, rejected.Code);
        Assert.Contains("Dummy Status Message", rejected.Message);
    }

    [Fact]
    public async Task Complete_on_a_running_job_is_transient()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("GetExpenseAnalysis", FakeAwsResponse.Json(Fixtures.Text("textract/async-job-status/job-in-progress.json")));

        var running = await Assert.ThrowsAsync<TextractJobNotFinishedException>(() => Engine(server).CompleteAsync("job-1", Ct));
        Assert.Equal("job-1", running.JobId);
        Assert.Single(server.Requests);

        var raw = await TextractFor(server).GetAllExpenseAnalysisPagesAsync("job-1", cancellationToken: Ct);
        Assert.Equal((TextractJobStatus.InProgress, "Dummy still in progress message"), (raw.JobStatus, raw.StatusMessage));
    }

    [Fact]
    public async Task Complete_with_an_unknown_job_is_rejected()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("GetExpenseAnalysis", FakeAwsResponse.AwsJsonError(400, "InvalidJobIdException", "An invalid job identifier was passed."));

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine(server).CompleteAsync("job-x", Ct));
        Assert.Equal(ErrorCodes.OcrFailed, rejected.Code);
    }

    [Fact]
    public async Task Detect_document_text_round_trips()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.Textract("DetectDocumentText", FakeAwsResponse.Json(Fixtures.Text("textract/detect-document-text/single-page-1.detect-document-text.json")));

        var response = await TextractFor(server).DetectDocumentTextAsync(new DetectDocumentTextRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = "b", Name = "k", Version = "v1" } },
        }, Ct);

        Assert.Equal("1.0", response.DetectDocumentTextModelVersion);
        Assert.Equal(24, response.Blocks!.Count(b => b.BlockType == "LINE"));
        Assert.Equal("Textract.DetectDocumentText", Assert.Single(server.Requests).Header("x-amz-target"));
        Assert.Equal("v1", server.Requests[0].Json().GetProperty("Document").GetProperty("S3Object").GetProperty("Version").GetString());
    }

    [Fact]
    public void Completion_notice_parses_what_Textract_publishes()
    {
        var notice = TextractCompletionNotice.Parse("""
            {"JobId":"642492aea78a86a40665555dc375ee97bc963f342b29cd05030f19bd8fd1bc5f","Status":"SUCCEEDED",
             "API":"StartExpenseAnalysis","JobTag":"01JD5Y6Q9W3V2C8B7N4M1K0H2G","Timestamp":1584060018437,
             "DocumentLocation":{"S3ObjectName":"uploads/u1/01JD5Y6Q9W3V2C8B7N4M1K0H2G/invoice.pdf","S3Bucket":"invoices-bucket"}}
            """);

        Assert.True(notice.Succeeded);
        Assert.Equal(("StartExpenseAnalysis", InvoiceId), (notice.API, notice.JobTag));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1584060018437), notice.CompletedAt);
        Assert.Equal(("invoices-bucket", "uploads/u1/01JD5Y6Q9W3V2C8B7N4M1K0H2G/invoice.pdf"), (notice.DocumentLocation!.S3Bucket, notice.DocumentLocation.S3ObjectName));
        Assert.False(TextractCompletionNotice.Parse("""{"JobId":"j","Status":"FAILED","Timestamp":"1584060018437"}""").Succeeded);
        Assert.Throws<FormatException>(() => TextractCompletionNotice.Parse("""{"Records":[]}"""));
        Assert.Throws<FormatException>(() => TextractCompletionNotice.Parse("not json"));
    }

    [Fact]
    public void Job_tags_and_request_tokens_fit_Textracts_patterns()
    {
        Assert.Equal(InvoiceId, TextractOcrEngine.JobTag(InvoiceId));
        Assert.Throws<ArgumentException>(() => TextractOcrEngine.JobTag("has space"));
        Assert.Equal("invoice-abc_1", TextractOcrEngine.ClientRequestToken("abc_1"));
        var hashed = TextractOcrEngine.ClientRequestToken(new string('x', 80) + ":");
        Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", hashed);
        Assert.Equal(hashed, TextractOcrEngine.ClientRequestToken(new string('x', 80) + ":"));
    }
}
