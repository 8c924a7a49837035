using System.Text.Json;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Hosting;
using static InvoiceScanner.FakeAws.Tests.Fake;

namespace InvoiceScanner.FakeAws.Tests;

/// <summary>StartExpenseAnalysis → SNS notice → GetExpenseAnalysis, as ProcessInvoice drives them.</summary>
public sealed class ExpenseAnalysisJobTests
{
    private const string Key = "uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My Invoice (2).pdf";
    private const string InvoiceId = "01KAQ4N0Z6X8F0M6TV2C9R7B3D";

    private static InMemoryS3ObjectReader TwoPageObject() => new InMemoryS3ObjectReader().Put(Bucket, Key, TwoPageSample.RenderPdf(), "application/pdf");

    [Fact]
    public async Task A_two_page_job_publishes_a_notice_the_functions_accept_and_completes_with_two_pages()
    {
        var inbox = new NoticeInbox();
        await using var server = await StartAsync(TwoPageObject(), o => o with { PublishNotification = inbox.Publish });
        var engine = Engine(server);
        var pdf = TwoPageSample.RenderPdf();
        var input = new OcrInput(Bucket, Key, DocumentKind.Pdf, pdf);
        Assert.True(((IAsyncOcrEngine)engine).RequiresAsync(input));

        var jobId = await engine.StartAsync(input, InvoiceId, Ct);
        var published = await inbox.NextAsync();

        Assert.Equal(TopicArn, published.TopicArn);
        Assert.Null(published.Subject);
        Assert.True(Guid.TryParse(published.MessageId, out _));
        var notice = TextractCompletionNotice.Parse(published.Message);
        Assert.Equal(jobId, notice.JobId);
        Assert.Equal(TextractJobStatus.Succeeded, notice.Status);
        Assert.True(notice.Succeeded);
        Assert.Equal("StartExpenseAnalysis", notice.API);
        Assert.Equal(InvoiceId, notice.JobTag);
        Assert.Equal(Key, notice.DocumentLocation?.S3ObjectName);
        Assert.Equal(Bucket, notice.DocumentLocation?.S3Bucket);
        Assert.NotNull(notice.CompletedAt);
        Assert.StartsWith("""{"JobId":""", published.Message, StringComparison.Ordinal);

        var document = await engine.CompleteAsync(notice.JobId, Ct);
        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.All(document.Pages, p => Assert.NotEmpty(p.Lines));
        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal(TwoPageSample.Expected.Total, Amount(total.Text));
        Assert.Equal(2, total.Evidence?.Page);
        Assert.Equal(TwoPageSample.Expected.LineItems.Count, document.LineItemCandidates.Count);
        Assert.Equal(TwoPageSample.Expected.LineItems.Select(i => i.Page), document.LineItemCandidates.Select(r => r.Page));
        Assert.Single(server.Notifications);
    }

    [Fact]
    public async Task The_notice_becomes_the_Lambda_SNS_event_ProcessInvoice_reads()
    {
        var inbox = new NoticeInbox();
        await using var server = await StartAsync(TwoPageObject(), o => o with { PublishNotification = inbox.Publish });
        var jobId = await Engine(server).StartAsync(Bucket, Key, InvoiceId, Ct);
        var published = await inbox.NextAsync();

        var json = published.ToLambdaEventJson();

        var snsEvent = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.SNSEvent)!;
        var record = Assert.Single(snsEvent.Records);
        Assert.Equal("aws:sns", record.EventSource);
        Assert.Equal("1.0", record.EventVersion);
        Assert.StartsWith(TopicArn + ":", record.EventSubscriptionArn, StringComparison.Ordinal);
        Assert.Equal("Notification", record.Sns.Type);
        Assert.Equal(published.MessageId, record.Sns.MessageId);
        Assert.Equal(TopicArn, record.Sns.TopicArn);
        Assert.Equal(published.Message, record.Sns.Message);
        Assert.Equal(published.Timestamp.UtcDateTime, record.Sns.Timestamp);
        Assert.Equal(jobId, TextractCompletionNotice.Parse(record.Sns.Message).JobId);
        // The same member names as events/sns-textract-completed.json.
        using var raw = JsonDocument.Parse(json);
        var sns = raw.RootElement.GetProperty("Records")[0].GetProperty("Sns");
        Assert.Equal(published.Message, sns.GetProperty("Message").GetString());
        Assert.Equal(TopicArn, sns.GetProperty("TopicArn").GetString());
    }

    [Fact]
    public async Task The_same_ClientRequestToken_gets_the_same_JobId_and_one_job()
    {
        var inbox = new NoticeInbox();
        await using var server = await StartAsync(TwoPageObject(), o => o with { PublishNotification = inbox.Publish });
        var engine = Engine(server);

        var first = await engine.StartAsync(Bucket, Key, InvoiceId, Ct);
        var again = await engine.StartAsync(Bucket, Key, InvoiceId, Ct);
        var other = await engine.StartAsync(Bucket, Key, "01KAQ4N0Z6X8F0M6TV2C9R7B3E", Ct);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Matches("^[0-9a-f]{64}$", first);
        var notices = new[] { await inbox.NextAsync(), await inbox.NextAsync() }.Select(n => TextractCompletionNotice.Parse(n.Message).JobId).Order().ToList();
        Assert.Equal(new[] { first, other }.Order(), notices);
        Assert.False(inbox.TryTake(out _));

        // The token reused for a different request is refused, as Textract does.
        var mismatch = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).StartExpenseAnalysisAsync(new StartExpenseAnalysisRequest
        {
            DocumentLocation = new DocumentLocation { S3Object = new S3Object { Bucket = Bucket, Name = Key } },
            ClientRequestToken = "invoice-" + InvoiceId,
            JobTag = "another-tag",
            NotificationChannel = new NotificationChannel { SNSTopicArn = TopicArn, RoleArn = RoleArn },
        }, Ct));
        Assert.Equal("IdempotentParameterMismatchException", mismatch.ErrorType);
    }

    [Fact]
    public async Task GetExpenseAnalysis_pages_one_document_per_page_with_NextToken()
    {
        var inbox = new NoticeInbox();
        await using var server = await StartAsync(TwoPageObject(), o => o with { PublishNotification = inbox.Publish });
        var client = Textract(server);
        var jobId = await Engine(server).StartAsync(Bucket, Key, InvoiceId, Ct);
        await inbox.NextAsync();

        var first = await client.GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId, MaxResults = 1 }, Ct);
        Assert.Equal(TextractJobStatus.Succeeded, first.JobStatus);
        Assert.Equal(2, first.DocumentMetadata?.Pages);
        Assert.Equal("1.0", first.AnalyzeExpenseModelVersion);
        var page1 = Assert.Single(first.ExpenseDocuments!);
        Assert.NotNull(first.NextToken);
        Assert.All(page1.Blocks!, b => Assert.Equal(1, b.Page));

        var second = await client.GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId, MaxResults = 1, NextToken = first.NextToken }, Ct);
        var page2 = Assert.Single(second.ExpenseDocuments!);
        Assert.Null(second.NextToken);
        Assert.All(page2.Blocks!, b => Assert.Equal(2, b.Page));
        Assert.Contains(page2.SummaryFields!, f => f.Type?.Text == "TOTAL" && f.PageNumber == 2);

        var whole = await client.GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId }, Ct);
        Assert.Equal(2, whole.ExpenseDocuments!.Count);
        Assert.Null(whole.NextToken);

        var paged = await Engine(server, maxResults: 1).CompleteAsync(jobId, Ct);
        Assert.Equal(2, paged.Pages.Count);

        var badToken = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId, NextToken = "bm90LWEtdG9rZW4=" }, Ct));
        Assert.Equal("InvalidParameterException", badToken.ErrorType);
    }

    [Fact]
    public async Task A_running_job_is_IN_PROGRESS_until_it_finishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = new NoticeInbox();
        await using var server = await StartAsync(TwoPageObject(), o => o with
        {
            PublishNotification = inbox.Publish,
            BeforeJobRuns = (_, ct) => release.Task.WaitAsync(ct),
        });
        var engine = Engine(server);
        var jobId = await engine.StartAsync(Bucket, Key, InvoiceId, Ct);

        var running = await Textract(server).GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId }, Ct);
        Assert.Equal(TextractJobStatus.InProgress, running.JobStatus);
        Assert.Null(running.ExpenseDocuments);
        var notFinished = await Assert.ThrowsAsync<TextractJobNotFinishedException>(() => engine.CompleteAsync(jobId, Ct));
        Assert.Equal(jobId, notFinished.JobId);
        Assert.False(inbox.TryTake(out _));

        release.SetResult();
        Assert.Equal(jobId, TextractCompletionNotice.Parse((await inbox.NextAsync()).Message).JobId);
        Assert.Equal(2, (await engine.CompleteAsync(jobId, Ct)).Pages.Count);
    }

    [Fact]
    public async Task A_job_on_a_file_Textract_cannot_read_fails_and_says_so_in_its_notice()
    {
        var inbox = new NoticeInbox();
        var objects = new InMemoryS3ObjectReader().Put(Bucket, "uploads/u/i/notes.pdf", "not a document at all"u8.ToArray());
        await using var server = await StartAsync(objects, o => o with { PublishNotification = inbox.Publish });
        var engine = Engine(server);

        var jobId = await engine.StartAsync(Bucket, "uploads/u/i/notes.pdf", InvoiceId, Ct);
        var notice = TextractCompletionNotice.Parse((await inbox.NextAsync()).Message);

        Assert.Equal(TextractJobStatus.Failed, notice.Status);
        Assert.False(notice.Succeeded);
        var failed = await Textract(server).GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId }, Ct);
        Assert.Equal(TextractJobStatus.Failed, failed.JobStatus);
        Assert.Equal("Request has unsupported document format", failed.StatusMessage);
        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => engine.CompleteAsync(jobId, Ct));
        Assert.Equal(ErrorCodes.OcrFailed, rejected.Code);
    }

    [Fact]
    public async Task Start_checks_the_object_the_channel_and_the_tag_before_accepting_a_job()
    {
        await using var server = await StartAsync(TwoPageObject());
        var client = Textract(server);
        StartExpenseAnalysisRequest Request(string key = Key, NotificationChannel? channel = null, string? tag = "ok") => new()
        {
            DocumentLocation = new DocumentLocation { S3Object = new S3Object { Bucket = Bucket, Name = key } },
            JobTag = tag,
            NotificationChannel = channel,
        };
        var channel = new NotificationChannel { SNSTopicArn = TopicArn, RoleArn = RoleArn };

        async Task<string> ErrorOf(StartExpenseAnalysisRequest request) =>
            (await Assert.ThrowsAsync<AwsServiceException>(() => client.StartExpenseAnalysisAsync(request, Ct))).ErrorType;

        Assert.Equal("InvalidS3ObjectException", await ErrorOf(Request("uploads/missing.pdf", channel)));
        Assert.Equal("InvalidParameterException", await ErrorOf(Request()));
        Assert.Equal("ValidationException", await ErrorOf(Request(channel: channel with { SNSTopicArn = "not-an-arn" })));
        Assert.Equal("ValidationException", await ErrorOf(Request(channel: channel, tag: "no spaces allowed")));
        Assert.Empty(server.Notifications);
    }

    [Fact]
    public async Task An_unknown_JobId_is_an_InvalidJobIdException()
    {
        await using var server = await StartAsync(new InMemoryS3ObjectReader());

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Textract(server).GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = new string('a', 64) }, Ct));
        Assert.Equal("InvalidJobIdException", error.ErrorType);
        Assert.Equal(400, error.StatusCode);

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine(server).CompleteAsync(new string('b', 64), Ct));
        Assert.Equal(ErrorCodes.OcrFailed, rejected.Code);
    }

    [Fact]
    public async Task A_failing_callback_is_reported_and_the_result_stays_readable()
    {
        var failures = System.Threading.Channels.Channel.CreateUnbounded<Exception>();
        await using var server = await StartAsync(TwoPageObject(), o => o with
        {
            PublishNotification = (_, _) => throw new InvalidOperationException("lambda is down"),
            OnPublishFailed = (_, error) => failures.Writer.TryWrite(error),
        });

        var jobId = await Engine(server).StartAsync(Bucket, Key, InvoiceId, Ct);
        var failure = await failures.Reader.ReadAsync(Ct);

        Assert.Equal("lambda is down", failure.Message);
        Assert.Equal(jobId, TextractCompletionNotice.Parse(Assert.Single(server.Notifications).Message).JobId);
        Assert.Equal(2, (await Engine(server).CompleteAsync(jobId, Ct)).Pages.Count);
    }
}
