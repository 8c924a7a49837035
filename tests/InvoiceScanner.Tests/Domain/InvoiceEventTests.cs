using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>
/// Which writes tell the bus: an invoice that ends its reading (COMPLETED, NEEDS_REVIEW, FAILED), a person's approval,
/// a correction that sends it back to review — once per change, with the fields as they now read; never a write that
/// did not land, and never by failing the work when the bus is down.
/// </summary>
public class InvoiceEventTests
{
    private const string Alice = "user-alice";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _store = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly RecordingBus _bus = new();
    private readonly List<(InvoiceEvent Event, Exception Error)> _unpublished = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PublishingInvoiceRepository Invoices => new(_store, _bus, _clock, (e, error) => _unpublished.Add((e, error)));

    private static Field<T> F<T>(T value) => new(value, value!.ToString()!, 0.95);

    private static InvoiceFields Fields(decimal total = 119m) => new()
    {
        VendorName = F("Nordwind Papier GmbH"),
        VendorTaxId = F("DE123456789"),
        InvoiceNumber = F("RE-2026-17"),
        InvoiceDate = F(new DateOnly(2026, 11, 30)),
        Total = F(total),
        AmountDue = F(total),
        Currency = F("EUR"),
    };

    /// <summary>An invoice whose OCR result is stored, read by ExtractData (through the publishing repository) with <paramref name="result"/>.</summary>
    private async Task<InvoiceRecord> ReadAsync(ExtractionResult result)
    {
        var id = InvoiceId.New(_clock.Now);
        await _store.CreateAsync(new InvoiceRecord(Alice, id, InvoiceStatus.AwaitingUpload, _clock.Now, _clock.Now, "scan.pdf",
            ObjectKeys.Upload(Alice, id, "scan.pdf"), "application/pdf"), Ct);
        var ocrKey = ObjectKeys.OcrResult(Alice, id);
        await _store.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.Processing, _clock.Now) { LeaseExpiresAt = _clock.Now.AddMinutes(5) }, Ct);
        await _store.RecordDocumentAsync(Alice, id, new DocumentFacts(DocumentKind.Pdf, 1000, new string('a', 64)), ocrKey, "scripted", Ct);
        await _store.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.OcrComplete, _clock.Now) { OcrKey = ocrKey }, Ct);
        await new S3OcrResultStore(_objects).SaveAsync(ocrKey, Documents.FromLines("Nordwind Papier GmbH"), Ct);
        var processor = new ExtractionProcessor(Invoices, new S3OcrResultStore(_objects), new ScriptedExtractor(_ => result),
            ExtractionOptions.Default, _clock, new ProcessingSettings { Lease = TimeSpan.FromMinutes(5) });
        await processor.ExtractAsync(ocrKey, Ct);
        return (await _store.GetAsync(Alice, id, Ct))!;
    }

    [Fact]
    public async Task A_completed_invoice_is_told_once_with_its_key_fields_as_text()
    {
        var invoice = await ReadAsync(new ExtractionResult(Fields(), [], [], 0.95, "scripted"));

        var told = Assert.Single(_bus.Events);
        Assert.Equal(InvoiceStatus.Completed, invoice.Status);
        Assert.Equal(InvoiceEvents.Completed, told.DetailType);
        var d = told.Detail;
        Assert.Equal((invoice.InvoiceId, Alice, "COMPLETED", invoice.Version), (d.InvoiceId, d.UserId, d.Status, d.Version));
        Assert.Equal(("Nordwind Papier GmbH", "DE123456789", "RE-2026-17", "2026-11-30", "EUR", "119", "119"),
            (d.VendorName, d.VendorVatId, d.InvoiceNumber, d.InvoiceDate, d.Currency, d.Total, d.AmountDue));
        Assert.Null(d.ReviewReasons);
    }

    [Fact]
    public async Task An_invoice_for_review_names_its_reasons()
    {
        await ReadAsync(new ExtractionResult(Fields(), [], [new ReviewReason("TOTAL_MISMATCH", "does not add up", "total")], 0.6, "scripted"));

        var told = Assert.Single(_bus.Events);
        Assert.Equal(InvoiceEvents.NeedsReview, told.DetailType);
        Assert.Equal(["TOTAL_MISMATCH"], told.Detail.ReviewReasons);
    }

    [Fact]
    public async Task A_failure_is_told_with_its_code_and_a_write_that_did_not_land_tells_nothing()
    {
        var id = InvoiceId.New(_clock.Now);
        await _store.CreateAsync(new InvoiceRecord(Alice, id, InvoiceStatus.AwaitingUpload, _clock.Now, _clock.Now, "a.pdf",
            ObjectKeys.Upload(Alice, id, "a.pdf"), "application/pdf"), Ct);
        var failed = new StatusUpdate(InvoiceStatus.Failed, _clock.Now) { Failure = new ProcessingFailure(ErrorCodes.EmptyFile, "empty", _clock.Now) };

        await Invoices.TransitionAsync(Alice, id, failed, Ct);
        var again = await Invoices.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.Completed, _clock.Now), Ct);

        Assert.False(again.Applied);
        var told = Assert.Single(_bus.Events);
        Assert.Equal((InvoiceEvents.Failed, ErrorCodes.EmptyFile), (told.DetailType, told.Detail.FailureCode));
    }

    [Fact]
    public async Task Statuses_on_the_way_are_not_events()
    {
        var id = InvoiceId.New(_clock.Now);
        await _store.CreateAsync(new InvoiceRecord(Alice, id, InvoiceStatus.AwaitingUpload, _clock.Now, _clock.Now, "a.pdf",
            ObjectKeys.Upload(Alice, id, "a.pdf"), "application/pdf"), Ct);

        await Invoices.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.Processing, _clock.Now) { LeaseExpiresAt = _clock.Now.AddMinutes(1) }, Ct);

        Assert.Empty(_bus.Events);
    }

    [Fact]
    public async Task An_approval_is_told_with_who_approved_and_a_correction_that_reopens_review_is_told_too()
    {
        var invoice = await ReadAsync(new ExtractionResult(Fields(), [], [], 0.95, "scripted"));
        var review = new InvoiceReview(Invoices, _clock);

        var approved = await review.ApproveAsync(Actor.User(Alice), invoice.InvoiceId, null, new ApprovalRequest(), Ct);
        await review.CorrectAsync(Actor.User(Alice), invoice.InvoiceId, InvoiceAccess.ETag(approved.Version),
            CorrectionRequest.Parse("""{"fields":{"total":120,"invoiceDate":null}}"""), Ct);

        Assert.Equal([InvoiceEvents.Completed, InvoiceEvents.Approved, InvoiceEvents.NeedsReview], _bus.Events.Select(e => e.DetailType));
        Assert.Equal(Alice, _bus.Events[1].Detail.ApprovedBy);
        Assert.Equal("120", _bus.Events[2].Detail.Total);
        Assert.Equal(3, _bus.Events.Select(e => e.Detail.EventId).Distinct().Count());
    }

    [Fact]
    public async Task A_bus_that_cannot_be_reached_does_not_undo_or_fail_the_write_and_is_reported()
    {
        _bus.FailWith = new InvalidOperationException("bus down");

        var invoice = await ReadAsync(new ExtractionResult(Fields(), [], [], 0.95, "scripted"));

        Assert.Equal(InvoiceStatus.Completed, invoice.Status);
        var (lost, error) = Assert.Single(_unpublished);
        Assert.Equal((InvoiceEvents.Completed, invoice.InvoiceId, "bus down"), (lost.DetailType, lost.Detail.InvoiceId, error.Message));
    }

    [Fact]
    public void The_envelope_a_webhook_receives_has_eventbridge_names_and_camel_case_detail()
    {
        var detail = new InvoiceEventDetail("e1", "inv-1", Alice, "COMPLETED", _clock.Now, 3) { Total = "10.50" };

        var json = JsonSerializer.Serialize(InvoiceEvents.Envelope(new InvoiceEvent(InvoiceEvents.Completed, detail)),
            InvoiceEventsJsonContext.Default.InvoiceEventEnvelope);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(("e1", "Invoice Completed", "invoicescanner"),
            (root.GetProperty("id").GetString(), root.GetProperty("detail-type").GetString(), root.GetProperty("source").GetString()));
        Assert.Equal("10.50", root.GetProperty("detail").GetProperty("total").GetString());
        Assert.Equal("inv-1", root.GetProperty("detail").GetProperty("invoiceId").GetString());
    }

    private sealed class RecordingBus : IInvoiceEventBus
    {
        public List<InvoiceEvent> Events { get; } = [];
        public Exception? FailWith { get; set; }

        public Task PublishAsync(IReadOnlyList<InvoiceEvent> events, CancellationToken cancellationToken)
        {
            if (FailWith is { } error)
                throw error;
            Events.AddRange(events);
            return Task.CompletedTask;
        }
    }
}
