using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace ProcessInvoice.Tests;

/// <summary>S3 uploads/ events (events/s3-upload-put.json).</summary>
public class ProcessInvoiceHandlerTests : HandlerTestBed
{
    [Fact]
    public async Task S3_upload_event_decodes_the_key_and_processes_that_invoice()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        Objects.Objects[SampleUploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, ScriptedOcrEngine.Returning("Total 1.00"), new EInvoiceFinder(), new S3OcrResultStore(Objects), Clock, new ProcessingSettings()),
            LocalBucket);

        var summary = await handler.HandleAsync(Events.S3("s3-upload-put.json"), Context);

        var outcome = Assert.Single(summary.Outcomes);
        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal("OCR_COMPLETE", outcome.Status);
        Assert.Contains(Context.Logger.Entries, e => e.Message.StartsWith("Processed") && Equals(e.Property("invoiceId"), SampleInvoiceId));
        Assert.True(Objects.Objects.ContainsKey(ObjectKeys.OcrResult("user-alice", SampleInvoiceId)));
        // Metrics for the record and for the invocation's cost, as embedded-metric lines.
        var metrics = Context.Logger.Entries.Where(e => e.Message == "metrics" && e.Property("_aws") is not null).ToList();
        Assert.Contains(metrics, e => Equals(e.Property("RecordsProcessed"), 1.0) && Equals(e.Property("PagesRead"), 1.0) && e.Property("OcrSeconds") is double);
        Assert.Contains(metrics, e => e.Property("LambdaGbSeconds") is double && e.Property("EstimatedCostUsd") is double);
        // No line names the user or the file.
        Assert.DoesNotContain(Context.Logger.Entries, e => e.Message.Contains("user-alice", StringComparison.Ordinal)
            || e.Properties.Any(p => p.Value?.ToString() is { } v && (v.Contains("user-alice", StringComparison.Ordinal) || v.Contains("My Invoice", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Repeated_records_in_one_event_are_processed_once_and_other_buckets_ignored()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        Objects.Objects[SampleUploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, engine, new EInvoiceFinder(), new S3OcrResultStore(Objects), Clock, new ProcessingSettings()), LocalBucket);
        var s3Event = Events.S3("s3-upload-put.json");
        var foreign = Events.S3("s3-upload-put.json").Records![0];
        foreign.S3!.Bucket!.Name = "someone-elses-bucket";
        s3Event.Records = [s3Event.Records![0], s3Event.Records[0], foreign];

        var summary = await handler.HandleAsync(s3Event, Context);

        Assert.Equal(1, engine.Calls);
        Assert.Contains(summary.Outcomes, o => o.Kind == OutcomeKind.Skipped && o.Detail.Contains("someone-elses-bucket"));
    }

    [Fact]
    public async Task A_transient_failure_fails_the_invocation_so_lambda_retries()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        Objects.Objects[SampleUploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, new ScriptedOcrEngine((_, _) => throw new TimeoutException("s3 slow")), new EInvoiceFinder(),
                new S3OcrResultStore(Objects), Clock, new ProcessingSettings()), LocalBucket);

        await Assert.ThrowsAsync<TimeoutException>(() => handler.HandleAsync(Events.S3("s3-upload-put.json"), Context));
        Assert.Contains(Context.Logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task A_textract_completion_notice_over_sns_completes_the_job()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        Objects.Objects[SampleUploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("Total 4.11"));
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, engine, new EInvoiceFinder(), new S3OcrResultStore(Objects), Clock, new ProcessingSettings()), LocalBucket);
        var started = await handler.HandleAsync(Events.Load("s3-upload-put.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.JsonElement), Context);
        Assert.Equal("PROCESSING", Assert.Single(started.Outcomes).Status);

        var notice = Events.Load("sns-textract-completed.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.JsonElement);
        var summary = await handler.HandleAsync(notice, Context);

        Assert.Equal("OCR_COMPLETE", Assert.Single(summary.Outcomes).Status);
        Assert.Equal(1, engine.Completions);
        Assert.True(Objects.Objects.ContainsKey(ObjectKeys.OcrResult("user-alice", SampleInvoiceId)));
    }

    [Fact]
    public async Task An_sns_message_the_engine_does_not_recognise_is_logged_and_left_alone_beside_a_real_notice()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        Objects.Objects[SampleUploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("Total 4.11"));
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, engine, new EInvoiceFinder(), new S3OcrResultStore(Objects), Clock, new ProcessingSettings()), LocalBucket);
        await handler.HandleAsync(Events.Load("s3-upload-put.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.JsonElement), Context);
        var notice = Events.Load("sns-textract-completed.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.SNSEvent);
        var stranger = Events.Load("sns-textract-completed.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.SNSEvent).Records![0];
        stranger.Sns!.Message = "{\"hello\":\"world\"}";
        notice.Records = [stranger, notice.Records![0]];
        var json = System.Text.Json.JsonSerializer.SerializeToElement(notice, InvoiceScanner.Hosting.LambdaJsonContext.Default.SNSEvent);

        var summary = await handler.HandleAsync(json, Context);

        Assert.Equal("OCR_COMPLETE", Assert.Single(summary.Outcomes).Status);
        Assert.Contains(Context.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("not an OCR job notice"));
        Assert.Equal(1, engine.Completions);
    }

    [Fact]
    public async Task An_engine_that_runs_no_jobs_ignores_job_notices()
    {
        await SeedAsync("user-alice", SampleInvoiceId, InvoiceStatus.Processing);
        var engine = ScriptedOcrEngine.Returning("x");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(Invoices, Objects, engine, new EInvoiceFinder(), new S3OcrResultStore(Objects), Clock, new ProcessingSettings()), LocalBucket);

        var summary = await handler.HandleAsync(Events.Load("sns-textract-completed.json", InvoiceScanner.Hosting.LambdaJsonContext.Default.JsonElement), Context);

        Assert.Empty(summary.Outcomes);
        Assert.Equal(0, engine.Calls);
        Assert.Equal(InvoiceStatus.Processing, (await Invoices.GetAsync("user-alice", SampleInvoiceId, CancellationToken.None))!.Status);
    }
}
