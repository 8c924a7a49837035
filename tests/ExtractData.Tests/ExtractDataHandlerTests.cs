using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace ExtractData.Tests;

/// <summary>S3 ocr/ events (events/s3-ocr-put.json).</summary>
public class ExtractDataHandlerTests : HandlerTestBed
{
    private static readonly string OcrKey = ObjectKeys.OcrResult("user-alice", SampleInvoiceId);

    private ExtractDataHandler Handler(IInvoiceExtractor extractor) => new(
        new ExtractionProcessor(Invoices, new S3OcrResultStore(Objects), extractor, ExtractionOptions.Default, Clock, new ProcessingSettings()),
        LocalBucket);

    private async Task<InvoiceRecord> StoredInvoiceAsync() =>
        (await Invoices.GetAsync("user-alice", SampleInvoiceId, CancellationToken.None))!;

    private async Task SeedOcrResultAsync(params string[] lines)
    {
        await SeedAsync("user-alice", SampleInvoiceId, InvoiceStatus.Processing);
        await Invoices.TransitionAsync("user-alice", SampleInvoiceId, new StatusUpdate(InvoiceStatus.OcrComplete, Clock.Now), CancellationToken.None);
        await new S3OcrResultStore(Objects).SaveAsync(OcrKey, Documents.FromLines(lines), CancellationToken.None);
    }

    [Fact]
    public async Task S3_ocr_event_extracts_and_completes_the_invoice()
    {
        await SeedOcrResultAsync("Total 9.99 EUR");
        var extractor = new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR"));

        var summary = await Handler(extractor).HandleAsync(Events.S3("s3-ocr-put.json"), Context);

        Assert.Equal("COMPLETED", Assert.Single(summary.Outcomes).Status);
        var stored = await StoredInvoiceAsync();
        Assert.Equal(InvoiceStatus.Completed, stored.Status);
        Assert.Equal(9.99m, stored.Result!.Fields.Total!.Value);
        Assert.Equal(OcrKey, stored.OcrKey);
    }

    [Fact]
    public async Task A_result_with_review_reasons_is_stored_as_needs_review_with_them()
    {
        await SeedOcrResultAsync("Total 9.99 EUR");
        var reason = new ReviewReason("TOTAL_MISMATCH", "subtotal + tax does not equal total", "total");
        var handler = Handler(new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR", reason)));

        var outcome = Assert.Single((await handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context)).Outcomes);

        Assert.Equal("NEEDS_REVIEW", outcome.Status);
        Assert.Contains("TOTAL_MISMATCH", outcome.Detail);
        var stored = await StoredInvoiceAsync();
        Assert.Equal(InvoiceStatus.NeedsReview, stored.Status);
        Assert.Equal(reason, Assert.Single(stored.Result!.ReviewReasons));
    }

    [Fact]
    public async Task The_same_event_delivered_again_does_not_extract_twice_or_move_the_invoice_back()
    {
        await SeedOcrResultAsync("Total 9.99 EUR");
        var extractor = new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR"));
        var handler = Handler(extractor);

        await handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context);
        var second = await handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context);

        Assert.Equal(1, extractor.Calls);
        Assert.Equal(OutcomeKind.Skipped, Assert.Single(second.Outcomes).Kind);
        Assert.Equal(InvoiceStatus.Completed, (await StoredInvoiceAsync()).Status);
    }

    [Fact]
    public async Task A_corrupt_ocr_object_fails_the_invoice_with_its_code_without_retrying()
    {
        await SeedOcrResultAsync("ignored");
        Objects.Objects[OcrKey] = (Encoding.UTF8.GetBytes("{\"pages\": [ not json"), "application/json");
        var extractor = new ScriptedExtractor(_ => Documents.Result(1m, "EUR"));

        // No exception: a retry could not fix a corrupt object, so the invoice is FAILED instead.
        var outcome = Assert.Single((await Handler(extractor).HandleAsync(Events.S3("s3-ocr-put.json"), Context)).Outcomes);

        Assert.Equal("FAILED", outcome.Status);
        Assert.Equal(0, extractor.Calls);
        var stored = await StoredInvoiceAsync();
        Assert.Equal(InvoiceStatus.Failed, stored.Status);
        Assert.Equal(ErrorCodes.OcrResultInvalid, stored.Failure!.Code);
    }

    [Fact]
    public async Task A_transient_failure_fails_the_invocation_and_a_redelivery_can_finish_the_work()
    {
        await SeedOcrResultAsync("Total 9.99 EUR");
        var attempts = 0;
        var handler = Handler(new ScriptedExtractor(_ => ++attempts == 1 ? throw new TimeoutException("model slow") : Documents.Result(9.99m, "EUR")));

        await Assert.ThrowsAsync<TimeoutException>(() => handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context));
        Assert.NotEqual(InvoiceStatus.Failed, (await StoredInvoiceAsync()).Status);

        // Lambda's retry of the same event: the released claim is taken again at once, no lease to wait out.
        var retry = await handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context);

        Assert.Equal("COMPLETED", Assert.Single(retry.Outcomes).Status);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Keys_outside_the_ocr_layout_and_other_buckets_are_skipped_and_harm_nothing()
    {
        await SeedOcrResultAsync("Total 9.99 EUR");
        var extractor = new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR"));
        var s3Event = Events.S3("s3-ocr-put.json");
        var strayKey = Events.S3("s3-ocr-put.json").Records![0];
        strayKey.S3!.Object!.Key = "ocr/user-alice/not-an-invoice.txt";
        var foreign = Events.S3("s3-ocr-put.json").Records![0];
        foreign.S3!.Bucket!.Name = "someone-elses-bucket";
        s3Event.Records = [strayKey, foreign];

        var summary = await Handler(extractor).HandleAsync(s3Event, Context);

        Assert.All(summary.Outcomes, o => Assert.Equal(OutcomeKind.Skipped, o.Kind));
        Assert.Equal(0, extractor.Calls);
        Assert.Equal(InvoiceStatus.OcrComplete, (await StoredInvoiceAsync()).Status);
    }
}
