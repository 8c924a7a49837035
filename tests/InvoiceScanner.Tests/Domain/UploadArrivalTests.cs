using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>
/// Which object an upload event may make an invoice read: only the invoice's own key, only while it waits, only in time;
/// an event may come before its object can be read; a job's completion counts its failed attempts.
/// </summary>
public class UploadArrivalTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly ProcessingSettings _settings = new() { ObjectWait = TimeSpan.FromMilliseconds(600) };

    private async Task<InvoiceRecord> CreateAsync(string user = "alice")
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings { UrlLifetime = TimeSpan.FromMinutes(15) });
        return (await uploads.CreateAsync(user, new NewInvoiceRequest("invoice.pdf", null, SampleFiles.MinimalPdf().Length), CancellationToken.None)).Invoice;
    }

    private DocumentProcessor Processor(IOcrEngine? engine = null) =>
        new(_invoices, _objects, engine ?? ScriptedOcrEngine.Returning("ACME", "Total 1.00 EUR"), new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock, _settings);

    private async Task<InvoiceRecord> Reload(InvoiceRecord invoice) => (await _invoices.GetAsync(invoice.UserId, invoice.InvoiceId, CancellationToken.None))!;

    [Fact]
    public async Task An_object_at_another_key_of_the_invoice_is_removed_unread_and_the_invoice_keeps_waiting()
    {
        var invoice = await CreateAsync();
        var other = ObjectKeys.Upload(invoice.UserId, invoice.InvoiceId, "replacement.pdf");
        _objects.Objects[other] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");

        var outcome = await Processor(engine).ProcessUploadAsync(new(other, _clock.Now), CancellationToken.None);

        Assert.Equal(OutcomeKind.Removed, outcome.Kind);
        Assert.Contains("upload key", outcome.Detail);
        Assert.False(_objects.Objects.ContainsKey(other));
        Assert.Equal((InvoiceStatus.AwaitingUpload, 0), ((await Reload(invoice)).Status, engine.Calls));
    }

    [Fact]
    public async Task Another_users_upload_folder_cannot_reach_an_invoice()
    {
        var victim = await CreateAsync("bob");
        // Mallory's object under her own user segment but naming Bob's invoice id: no invoice of hers has that id.
        var forged = ObjectKeys.Upload("mallory", victim.InvoiceId, "invoice.pdf");
        _objects.Objects[forged] = (SampleFiles.MinimalPdf(), "application/pdf");

        var outcome = await Processor().ProcessUploadAsync(new(forged, _clock.Now), CancellationToken.None);

        Assert.Equal(OutcomeKind.Removed, outcome.Kind);
        Assert.Equal(InvoiceStatus.AwaitingUpload, (await Reload(victim)).Status);
    }

    [Theory]
    [InlineData("uploads/alice/not-an-invoice-id/invoice.pdf", true)]
    [InlineData("uploads/stray.pdf", true)]
    [InlineData("elsewhere/alice/invoice.pdf", false)]
    public async Task An_object_under_a_key_naming_no_invoice_is_removed_from_uploads_only(string key, bool removed)
    {
        var invoice = await CreateAsync();
        _objects.Objects[key] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");

        var outcome = await Processor(engine).ProcessUploadAsync(new(key, _clock.Now), CancellationToken.None);

        Assert.Equal(removed ? OutcomeKind.Removed : OutcomeKind.Skipped, outcome.Kind);
        Assert.Equal(!removed, _objects.Objects.ContainsKey(key));
        Assert.Equal((InvoiceStatus.AwaitingUpload, 0), ((await Reload(invoice)).Status, engine.Calls));
    }

    [Fact]
    public async Task The_files_facts_are_on_the_record_before_the_ocr_result_that_starts_extraction_is_stored()
    {
        // The stored result's event may finish the invoice in ExtractData before (or, when the table fails, without)
        // ProcessInvoice's own transition: what GET shows of the file must not depend on that race.
        var invoice = await CreateAsync();
        var file = SampleFiles.MinimalPdf();
        _objects.Objects[invoice.UploadKey] = (file, "application/pdf");
        DocumentFacts? whenStored = null;
        var results = new WatchedResultStore(new S3OcrResultStore(_objects), async () => whenStored = (await Reload(invoice)).Document);
        var processor = new DocumentProcessor(_invoices, _objects, ScriptedOcrEngine.Returning("ACME", "Total 1.00 EUR"), new EInvoiceFinder(), results,
            _clock, _settings);

        await processor.ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);

        Assert.NotNull(whenStored);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), whenStored.Sha256);
        Assert.Equal(file.Length, whenStored.SizeBytes);
    }

    [Fact]
    public async Task A_claim_release_failing_while_the_table_is_down_is_retried_so_lambdas_retry_can_claim_again()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var failing = new ScriptedOcrEngine((_, _) => throw new HttpRequestException("the engine dropped the connection"));
        _invoices.FailNextReleases = 2;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Processor(failing).ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None));

        Assert.Equal("the engine dropped the connection", error.Message);
        Assert.Equal(0, _invoices.FailNextReleases);
        var retry = await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);
        Assert.Equal((OutcomeKind.Processed, "OCR_COMPLETE"), (retry.Kind, retry.Status));
    }

    [Fact]
    public async Task Out_of_time_a_failing_release_fails_the_invocation_with_the_steps_own_error()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var failing = new ScriptedOcrEngine((_, _) => throw new HttpRequestException("the engine dropped the connection"));
        _invoices.FailNextReleases = 1000;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAsync<HttpRequestException>(() => Processor(failing).ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), deadline.Token));
        Assert.True(_invoices.FailNextReleases < 1000);
    }

    private sealed class WatchedResultStore(IOcrResultStore inner, Func<Task> beforeSave) : IOcrResultStore
    {
        public async Task SaveAsync(string key, Core.Documents.OcrDocument document, CancellationToken cancellationToken)
        {
            await beforeSave();
            await inner.SaveAsync(key, document, cancellationToken);
        }

        public Task<Core.Documents.OcrDocument?> LoadAsync(string key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);
    }

    [Fact]
    public async Task A_file_written_after_the_url_expired_ends_the_invoice_expired_and_is_removed()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");

        var outcome = await Processor(engine).ProcessUploadAsync(new(invoice.UploadKey, invoice.UploadExpiresAt!.Value + TimeSpan.FromMinutes(3)), CancellationToken.None);

        var stored = await Reload(invoice);
        Assert.Equal((InvoiceStatus.Expired, ErrorCodes.UploadExpired), (stored.Status, stored.Failure?.Code));
        Assert.Equal((OutcomeKind.Removed, "EXPIRED"), (outcome.Kind, outcome.Status));
        Assert.Empty(_objects.Objects);
        Assert.Equal(0, engine.Calls);
        Assert.False(stored.Status.IsCorrectable());
    }

    [Fact]
    public async Task A_file_finishing_within_the_grace_after_expiry_is_read()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");

        var outcome = await Processor().ProcessUploadAsync(new(invoice.UploadKey, invoice.UploadExpiresAt!.Value + TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal(InvoiceStatus.OcrComplete, (await Reload(invoice)).Status);
    }

    [Fact]
    public async Task A_reprocess_long_after_the_upload_is_not_late()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);
        await _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Extracting, _clock.Now), CancellationToken.None);
        await _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Completed, _clock.Now), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(3));
        await new Core.Review.InvoiceReprocessing(_invoices, _objects, _clock)
            .ReprocessAsync(Core.Review.Actor.User("alice"), invoice.InvoiceId, new Core.Review.ReprocessRequest(Ocr: true), null, CancellationToken.None);

        var again = await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, again.Kind);
        Assert.True(_objects.Objects.ContainsKey(invoice.UploadKey));
    }

    [Fact]
    public async Task An_event_before_its_object_is_readable_waits_for_it()
    {
        var invoice = await CreateAsync();
        var processing = Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);
        await Task.Delay(150, TestContext.Current.CancellationToken);
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");

        var outcome = await processing;

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal(InvoiceStatus.OcrComplete, (await Reload(invoice)).Status);
    }

    [Fact]
    public async Task An_event_whose_object_never_comes_fails_file_missing_and_the_objects_own_event_still_reads_it()
    {
        var invoice = await CreateAsync();

        var early = await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);

        var failed = await Reload(invoice);
        Assert.Equal((InvoiceStatus.Failed, ErrorCodes.FileMissing), (failed.Status, failed.Failure?.Code));
        Assert.Equal(ErrorCodes.FileMissing, early.Code);

        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var real = await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);

        var read = await Reload(invoice);
        Assert.Equal(OutcomeKind.Processed, real.Kind);
        Assert.Equal(InvoiceStatus.OcrComplete, read.Status);
        Assert.Null(read.Failure);
    }

    [Fact]
    public async Task Only_file_missing_reopens_a_failed_invoice()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = ("not a document at all"u8.ToArray(), "application/pdf");
        await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);
        Assert.Equal(ErrorCodes.UnsupportedType, (await Reload(invoice)).Failure?.Code);

        var replay = await Processor().ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);

        Assert.Equal(OutcomeKind.Skipped, replay.Kind);
        Assert.Equal(InvoiceStatus.Failed, (await Reload(invoice)).Status);
    }

    [Fact]
    public async Task A_job_completion_that_keeps_failing_gives_up_instead_of_staying_processing()
    {
        var invoice = await CreateAsync();
        _objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = new ScriptedAsyncOcrEngine(Documents.FromLines("x")) { CompletionError = new HttpRequestException("Textract is throttling") };
        var processor = Processor(engine);
        await processor.ProcessUploadAsync(new(invoice.UploadKey, _clock.Now), CancellationToken.None);
        var notice = new OcrJobCompletion(engine.Started[0].JobId, true, _objects.BucketName, invoice.UploadKey);

        for (var attempt = 1; attempt < _settings.MaxAttempts; attempt++)
            await Assert.ThrowsAsync<HttpRequestException>(() => processor.CompleteJobAsync(notice, CancellationToken.None));
        var last = await processor.CompleteJobAsync(notice, CancellationToken.None);

        var failed = await Reload(invoice);
        Assert.Equal((InvoiceStatus.Failed, ErrorCodes.OcrFailed), (failed.Status, failed.Failure?.Code));
        Assert.Equal(ErrorCodes.OcrFailed, last.Code);
        Assert.Contains("Textract is throttling", failed.Failure!.Message);
        Assert.DoesNotContain(nameof(HttpRequestException), failed.Failure.Message);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData(0L, "at least 1")]
    [InlineData(10L * 1024 * 1024 + 1, "more than")]
    public async Task The_upload_request_must_declare_a_size_within_the_limit(long? size, string says)
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());

        var error = await Assert.ThrowsAsync<RequestValidationException>(
            () => uploads.CreateAsync("alice", new NewInvoiceRequest("a.pdf", null, size), CancellationToken.None));

        Assert.Contains(says, error.Details["size"]);
        Assert.Empty(_invoices.All);
    }

    [Fact]
    public async Task The_upload_url_is_for_one_file_of_the_declared_size()
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());

        var ticket = await uploads.CreateAsync("alice", new NewInvoiceRequest("a.pdf", null, 48213), CancellationToken.None);

        Assert.Equal("48213", ticket.Upload.Headers["Content-Length"]);
        Assert.Equal("*", ticket.Upload.Headers["If-None-Match"]);
        Assert.Equal((48213L, ticket.Upload.ExpiresAt), (ticket.Invoice.UploadSize, ticket.Invoice.UploadExpiresAt));
    }

    [Fact]
    public void Logs_name_a_key_without_its_user_or_file_name()
    {
        var invoiceId = InvoiceId.New(_clock.Now);
        var key = ObjectKeys.Upload("eu-west-1:3f1c-alice@example.com", invoiceId, "Rechnung Müller GmbH.pdf");

        var logged = ObjectKeys.ForLog(key);

        Assert.StartsWith("uploads/u:", logged);
        Assert.Contains(invoiceId, logged);
        Assert.DoesNotContain("alice", logged);
        Assert.DoesNotContain("Müller", logged);
        Assert.Equal(logged, ObjectKeys.ForLog(key)); // the same user is followed across lines
        Assert.NotEqual(UserIds.LogRef("alice"), UserIds.LogRef("bob"));
        Assert.Equal("elsewhere/…", ObjectKeys.ForLog("elsewhere/secret name.pdf"));
    }
}
