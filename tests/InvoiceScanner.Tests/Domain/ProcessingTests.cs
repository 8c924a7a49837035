using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>The fleet's domain flow on in-memory adapters: upload → checks → OCR → extraction.</summary>
public class ProcessingTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly ProcessingSettings _settings = new() { MaxUploadBytes = 1024, Lease = TimeSpan.FromMinutes(5) };

    private async Task<InvoiceRecord> CreateAsync(string user = "alice", string fileName = "invoice.pdf", string? contentType = null)
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());
        var ticket = await uploads.CreateAsync(user, new NewInvoiceRequest(fileName, contentType, 1000), CancellationToken.None);
        return ticket.Invoice;
    }

    private DocumentProcessor Processor(ScriptedOcrEngine engine) =>
        new(_invoices, _objects, engine, new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock, _settings);

    private ExtractionProcessor Extractor(ScriptedExtractor extractor) =>
        new(_invoices, new S3OcrResultStore(_objects), extractor, ExtractionOptions.Default, _clock, _settings);

    private Task<InvoiceRecord?> Reload(InvoiceRecord invoice) => _invoices.GetAsync(invoice.UserId, invoice.InvoiceId, CancellationToken.None);

    [Fact]
    public async Task Upload_request_creates_an_awaiting_invoice_and_a_url_for_its_key()
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings { UrlLifetime = TimeSpan.FromMinutes(15) });
        var ticket = await uploads.CreateAsync("alice", new NewInvoiceRequest("Scan 1.jpeg", null, 1000), CancellationToken.None);

        Assert.Equal(InvoiceStatus.AwaitingUpload, ticket.Invoice.Status);
        Assert.Equal("image/jpeg", ticket.Invoice.ContentType);
        Assert.Equal($"uploads/alice/{ticket.Invoice.InvoiceId}/Scan 1.jpeg", ticket.Invoice.UploadKey);
        Assert.Equal(_clock.Now.AddMinutes(15), ticket.Upload.ExpiresAt);
        Assert.Equal("image/jpeg", ticket.Upload.Headers["Content-Type"]);
        Assert.Single(_invoices.All);
    }

    [Theory]
    [InlineData(null, null, "fileName")]
    [InlineData("notes.txt", null, "contentType")]
    [InlineData("a.pdf", "application/zip", "contentType")]
    [InlineData("bad\u0007name.pdf", null, "fileName")]
    public async Task Invalid_upload_requests_name_the_offending_member(string? fileName, string? contentType, string member)
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());
        var error = await Assert.ThrowsAsync<RequestValidationException>(
            () => uploads.CreateAsync("alice", new NewInvoiceRequest(fileName, contentType, 1000), CancellationToken.None));
        Assert.Contains(member, error.Details.Keys);
        Assert.Empty(_invoices.All);
    }

    [Fact]
    public async Task A_reprocess_with_ocr_reads_the_file_again_and_records_who_did_each_step()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        await Processor(ScriptedOcrEngine.Returning("ACME Corp", "Total 12.50 USD")).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        await Extractor(new ScriptedExtractor(_ => Documents.Result(12.5m, "USD"))).ExtractAsync(ObjectKeys.OcrResult("alice", invoice.InvoiceId), CancellationToken.None);
        var reprocessing = new Core.Review.InvoiceReprocessing(_invoices, _objects, _clock);
        await reprocessing.ReprocessAsync(Core.Review.Actor.User("alice"), invoice.InvoiceId, new Core.Review.ReprocessRequest(Ocr: true), null, CancellationToken.None);
        var engine = ScriptedOcrEngine.Returning("ACME Corp", "Total 13.50 USD");

        var again = await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal((OutcomeKind.Processed, 1), (again.Kind, engine.Calls));
        Assert.Equal(InvoiceStatus.OcrComplete, (await Reload(invoice))!.Status);
        var history = await _invoices.HistoryAsync("alice", invoice.InvoiceId, CancellationToken.None);
        Assert.Equal(["AWAITING_UPLOAD", "PROCESSING", "OCR_COMPLETE", "EXTRACTING", "COMPLETED", "QUEUED", "PROCESSING", "OCR_COMPLETE"], history.Select(h => h.Status));
        Assert.Equal("local", history[^1].Actor.Id);
        Assert.Equal("reprocess", history[5].Kind);
    }

    [Fact]
    public async Task A_pdf_goes_through_ocr_and_extraction_to_completed()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("ACME Corp", "Invoice INV-1", "Total 12.50 USD");

        var processed = await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, processed.Kind);
        var afterOcr = await Reload(invoice);
        Assert.Equal(InvoiceStatus.OcrComplete, afterOcr!.Status);
        Assert.Equal(ObjectKeys.OcrResult("alice", invoice.InvoiceId), afterOcr.OcrKey);
        Assert.Equal(Core.Files.DocumentKind.Pdf, afterOcr.Document!.Kind);
        Assert.Equal(1, afterOcr.Document.Pages);
        Assert.True(_objects.Objects.ContainsKey(afterOcr.OcrKey!));

        OcrDocument? seen = null;
        var extractor = new ScriptedExtractor(doc => { seen = doc; return Documents.Result(12.50m, "USD"); });
        var extracted = await Extractor(extractor).ExtractAsync(afterOcr.OcrKey!, CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, extracted.Kind);
        Assert.Equal("Total 12.50 USD", seen!.Pages[0].Lines[2].Text); // the stored OCR document round-tripped
        var done = await Reload(invoice);
        Assert.Equal(InvoiceStatus.Completed, done!.Status);
        Assert.Equal(12.50m, done.Result!.Fields.Total!.Value);
        Assert.Null(done.LeaseExpiresAt);
    }

    /// <summary>The OCR object's S3 event runs ExtractData as soon as the object exists, before SaveAsync returns.</summary>
    private sealed class OvertakingOcrResults(IOcrResultStore inner, Func<string, Task> onSaved) : IOcrResultStore
    {
        public async Task SaveAsync(string key, OcrDocument document, CancellationToken cancellationToken)
        {
            await inner.SaveAsync(key, document, cancellationToken);
            await onSaved(key);
        }

        public Task<OcrDocument?> LoadAsync(string key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);
    }

    [Fact]
    public async Task When_extraction_overtakes_the_ocr_complete_write_the_file_facts_are_still_stored()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var extraction = Extractor(new ScriptedExtractor(_ => Documents.Result(12.50m, "USD")));
        var overtaking = new OvertakingOcrResults(new S3OcrResultStore(_objects),
            key => extraction.ExtractAsync(key, CancellationToken.None));
        var processor = new DocumentProcessor(_invoices, _objects, ScriptedOcrEngine.Returning("Total 12.50 USD"), new EInvoiceFinder(), overtaking, _clock, _settings);

        var processed = await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, processed.Kind);
        var done = await Reload(invoice);
        Assert.Equal(InvoiceStatus.Completed, done!.Status); // not moved back to OCR_COMPLETE
        Assert.Equal(SampleFiles.MinimalPdf().Length, done.Document?.SizeBytes);
        Assert.Equal(1, done.Document?.Pages);
        Assert.Equal("scripted", done.OcrEngine);
        Assert.Equal(12.50m, done.Result!.Fields.Total!.Value);
    }

    [Fact]
    public async Task A_step_that_keeps_failing_is_retried_then_failed_not_left_waiting()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedOcrEngine((_, _) => throw new HttpRequestException("engine unreachable"));
        var processor = Processor(engine);

        // Lambda's first attempt and two retries of the same event.
        await Assert.ThrowsAsync<HttpRequestException>(() => processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None));
        Assert.Equal(InvoiceStatus.Processing, (await Reload(invoice))!.Status);
        await Assert.ThrowsAsync<HttpRequestException>(() => processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None));
        var last = await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(3, engine.Calls);
        Assert.Equal(OutcomeKind.Failed, last.Kind);
        var failed = (await Reload(invoice))!;
        Assert.Equal(InvoiceStatus.Failed, failed.Status);
        Assert.Equal(ErrorCodes.OcrFailed, failed.Failure!.Code);
        Assert.Contains("3 failed attempts", failed.Failure.Message);
        Assert.Contains("engine unreachable", failed.Failure.Message);
    }

    [Fact]
    public async Task Review_reasons_end_in_needs_review()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.Png(), "image/png");
        await Processor(ScriptedOcrEngine.Returning("x")).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        var extractor = new ScriptedExtractor(_ => Documents.Result(1m, "USD", new ReviewReason("TOTAL_MISMATCH", "subtotal + tax != total", "Total")));

        await Extractor(extractor).ExtractAsync(ObjectKeys.OcrResult("alice", invoice.InvoiceId), CancellationToken.None);

        var done = await Reload(invoice);
        Assert.Equal(InvoiceStatus.NeedsReview, done!.Status);
        Assert.Equal("TOTAL_MISMATCH", Assert.Single(done.Result!.ReviewReasons).Code);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "empty", [], ErrorCodes.EmptyFile },
        { "zip", SampleFiles.Zip(), ErrorCodes.UnsupportedType },
        { "html", "<html><body>hi</body></html>"u8.ToArray(), ErrorCodes.UnsupportedType },
        { "truncated pdf", SampleFiles.TruncatedPdf(), ErrorCodes.UnreadablePdf },
        { "too large", [.. SampleFiles.MinimalPdf(), .. new byte[2000]], ErrorCodes.TooLarge },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_fail_with_their_code_before_any_ocr(string name, byte[] content, string code)
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (content, "application/pdf");
        var engine = ScriptedOcrEngine.Returning("never");

        var outcome = await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(0, engine.Calls);
        var failed = await Reload(invoice);
        Assert.Equal(InvoiceStatus.Failed, failed!.Status);
        Assert.Equal(code, failed.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(failed.Failure.Message), name);
        Assert.Single(_objects.Objects); // nothing else written
    }

    [Fact]
    public async Task An_engine_rejection_fails_the_invoice_with_the_engine_code()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedOcrEngine((_, _) => throw new DocumentRejectedException(ErrorCodes.NoTextFound, "no text"));

        await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(ErrorCodes.NoTextFound, (await Reload(invoice))!.Failure!.Code);
    }

    [Fact]
    public async Task A_duplicated_event_is_processed_once()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");
        var processor = Processor(engine);

        var outcomes = new List<ProcessingOutcome>();
        for (var i = 0; i < 3; i++)
            outcomes.Add(await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None));

        Assert.Equal(1, engine.Calls);
        Assert.Equal([OutcomeKind.Processed, OutcomeKind.Skipped, OutcomeKind.Skipped], outcomes.Select(o => o.Kind));
    }

    [Fact]
    public async Task Concurrent_duplicates_claim_once()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedOcrEngine(async (_, ct) => { await Task.Delay(50, ct); return Documents.FromLines("x"); });
        var processor = Processor(engine);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None))));

        Assert.Equal(1, engine.Calls);
    }

    [Fact]
    public async Task A_transient_failure_frees_the_claim_for_lambdas_retry()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var attempts = 0;
        var engine = new ScriptedOcrEngine((_, _) => ++attempts == 1 ? throw new HttpRequestException("throttled") : Task.FromResult(Documents.FromLines("x")));
        var processor = Processor(engine);

        await Assert.ThrowsAsync<HttpRequestException>(() => processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None));
        Assert.Equal(InvoiceStatus.Processing, (await Reload(invoice))!.Status);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, retry.Kind);
        Assert.Equal(InvoiceStatus.OcrComplete, (await Reload(invoice))!.Status);
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_function_is_retaken_after_its_lease()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        // A worker claimed it and died without a word.
        await _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId,
            new StatusUpdate(InvoiceStatus.Processing, _clock.Now) { LeaseExpiresAt = _clock.Now + _settings.Lease }, CancellationToken.None);
        var processor = Processor(ScriptedOcrEngine.Returning("x"));

        Assert.Equal(OutcomeKind.Skipped, (await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None)).Kind);
        _clock.Advance(_settings.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(OutcomeKind.Processed, (await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Running_out_of_time_fails_the_invoice_instead_of_leaving_it_processing()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        using var deadline = new CancellationTokenSource();
        var engine = new ScriptedOcrEngine(async (_, ct) => { await deadline.CancelAsync(); ct.ThrowIfCancellationRequested(); return Documents.FromLines("x"); });

        var outcome = await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey), deadline.Token);

        Assert.Equal(ErrorCodes.OcrTimeout, outcome.Code);
        Assert.Equal(InvoiceStatus.Failed, (await Reload(invoice))!.Status);
    }

    [Fact]
    public async Task An_upload_of_no_invoice_is_removed_and_a_foreign_key_left_alone()
    {
        var processor = Processor(ScriptedOcrEngine.Returning("x"));
        var strayKey = ObjectKeys.Upload("alice", InvoiceId.New(_clock.Now), "x.pdf");
        _objects.Objects[strayKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        _objects.Objects["somewhere/else.pdf"] = (SampleFiles.MinimalPdf(), "application/pdf");

        var unknown = await processor.ProcessUploadAsync(new(strayKey), CancellationToken.None);
        var foreign = await processor.ProcessUploadAsync(new("somewhere/else.pdf"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Removed, unknown.Kind);
        Assert.Equal(OutcomeKind.Skipped, foreign.Kind);
        Assert.Empty(_invoices.All);
        Assert.Equal(["somewhere/else.pdf"], _objects.Objects.Keys);
    }

    [Fact]
    public async Task Extraction_may_overtake_the_ocr_status_write()
    {
        // The ocr/ object's event can reach ExtractData before ProcessInvoice records OCR_COMPLETE.
        var invoice = await CreateAsync();
        await _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Processing, _clock.Now), CancellationToken.None);
        var ocrKey = ObjectKeys.OcrResult(invoice.UserId, invoice.InvoiceId);
        await new S3OcrResultStore(_objects).SaveAsync(ocrKey, Documents.FromLines("x"), CancellationToken.None);

        await Extractor(new ScriptedExtractor(_ => Documents.Result(1m, "EUR"))).ExtractAsync(ocrKey, CancellationToken.None);

        Assert.Equal(InvoiceStatus.Completed, (await Reload(invoice))!.Status);
    }

    [Fact]
    public async Task A_corrupt_ocr_result_fails_the_invoice()
    {
        var invoice = await CreateAsync();
        await _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Processing, _clock.Now), CancellationToken.None);
        var ocrKey = ObjectKeys.OcrResult(invoice.UserId, invoice.InvoiceId);
        _objects.Objects[ocrKey] = ("{\"engine\":"u8.ToArray(), "application/json");
        var extractor = new ScriptedExtractor(_ => Documents.Result(1m, "EUR"));

        var outcome = await Extractor(extractor).ExtractAsync(ocrKey, CancellationToken.None);

        Assert.Equal(ErrorCodes.OcrResultInvalid, outcome.Code);
        Assert.Equal(0, extractor.Calls);
        Assert.Equal(InvoiceStatus.Failed, (await Reload(invoice))!.Status);
    }

    [Fact]
    public async Task An_asynchronous_engine_job_is_started_then_completed_by_its_notice()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("page one", "page two"));
        var processor = new DocumentProcessor(_invoices, _objects, engine, new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock, _settings);

        var started = await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        Assert.Equal("PROCESSING", started.Status);
        var (jobId, tag) = Assert.Single(engine.Started);
        Assert.Equal(invoice.InvoiceId, tag);
        Assert.False(_objects.Objects.ContainsKey(ObjectKeys.OcrResult("alice", invoice.InvoiceId)));

        var notice = new OcrJobCompletion(jobId, true, _objects.BucketName, invoice.UploadKey);
        var completed = await processor.CompleteJobAsync(notice, CancellationToken.None);
        var duplicate = await processor.CompleteJobAsync(notice, CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, completed.Kind);
        Assert.Equal(OutcomeKind.Skipped, duplicate.Kind);
        Assert.Equal(1, engine.Completions);
        var stored = await Reload(invoice);
        Assert.Equal(InvoiceStatus.OcrComplete, stored!.Status);
        Assert.Equal("scripted", stored.OcrEngine);
    }

    [Fact]
    public async Task A_failed_engine_job_fails_the_invoice_with_the_engines_message()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("x"));
        var processor = new DocumentProcessor(_invoices, _objects, engine, new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock, _settings);
        await processor.ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        var outcome = await processor.CompleteJobAsync(new OcrJobCompletion("job-1", false, _objects.BucketName, invoice.UploadKey, "UNSUPPORTED_DOCUMENT"), CancellationToken.None);

        Assert.Equal(ErrorCodes.OcrFailed, outcome.Code);
        var failed = await Reload(invoice);
        Assert.Equal(InvoiceStatus.Failed, failed!.Status);
        Assert.Contains("UNSUPPORTED_DOCUMENT", failed.Failure!.Message);
        Assert.Equal(0, engine.Completions);
    }

    [Fact]
    public async Task A_job_notice_for_another_bucket_or_key_is_ignored()
    {
        var invoice = await CreateAsync();
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("x"));
        var processor = new DocumentProcessor(_invoices, _objects, engine, new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock, _settings);

        var foreignBucket = await processor.CompleteJobAsync(new OcrJobCompletion("j", true, "other-bucket", invoice.UploadKey), CancellationToken.None);
        var foreignKey = await processor.CompleteJobAsync(new OcrJobCompletion("j", true, _objects.BucketName, "ocr/x.json"), CancellationToken.None);

        Assert.Equal([OutcomeKind.Skipped, OutcomeKind.Skipped], new[] { foreignBucket.Kind, foreignKey.Kind });
        Assert.Equal(InvoiceStatus.AwaitingUpload, (await Reload(invoice))!.Status);
        Assert.Equal(0, engine.Completions);
    }
}
