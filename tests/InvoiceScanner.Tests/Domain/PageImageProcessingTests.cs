using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>ProcessInvoice draws the pages people look at beside the fields; drawing never costs an invoice its data.</summary>
public class PageImageProcessingTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();

    private async Task<InvoiceRecord> UploadAsync(string fileName, byte[] content, string contentType)
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());
        var invoice = (await uploads.CreateAsync("alice", new NewInvoiceRequest(fileName, null, 1000), CancellationToken.None)).Invoice;
        _objects.Objects[invoice.UploadKey] = (content, contentType);
        return invoice;
    }

    private Task<ProcessingOutcome> ProcessAsync(InvoiceRecord invoice, InMemoryPageImageRenderer renderer) =>
        new DocumentProcessor(_invoices, _objects, ScriptedOcrEngine.Returning("ACME", "Total 12.50"), new EInvoiceFinder(),
                new S3OcrResultStore(_objects), _clock, new ProcessingSettings(), renderer)
            .ProcessUploadAsync(new(invoice.UploadKey), TestContext.Current.CancellationToken);

    private IEnumerable<string> PageKeys(InvoiceRecord invoice) =>
        _objects.Objects.Keys.Where(k => k.StartsWith(ObjectKeys.PagesFolder(invoice.UserId, invoice.InvoiceId), StringComparison.Ordinal)).Order();

    [Fact]
    public async Task Every_drawn_page_is_stored_under_pages_before_the_OCR_result_and_the_outcome_counts_them()
    {
        var invoice = await UploadAsync("scan.pdf", SampleFiles.MinimalPdf(), "application/pdf");
        var renderer = new InMemoryPageImageRenderer(pages: 2);

        var outcome = await ProcessAsync(invoice, renderer);

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal([$"pages/alice/{invoice.InvoiceId}/1.webp", $"pages/alice/{invoice.InvoiceId}/2.webp"], PageKeys(invoice));
        Assert.Equal("image/webp", _objects.Objects[$"pages/alice/{invoice.InvoiceId}/2.webp"].ContentType);
        Assert.Equal("page 2"u8.ToArray(), _objects.Objects[$"pages/alice/{invoice.InvoiceId}/2.webp"].Content);
        Assert.Equal((2, (string?)null), (outcome.PageImages, outcome.PageImageProblem));
        Assert.Equal([DocumentKind.Pdf], renderer.Asked);
        Assert.True(_objects.Objects.ContainsKey(ObjectKeys.OcrResult("alice", invoice.InvoiceId)));
    }

    [Fact]
    public async Task A_renderer_failing_midway_keeps_the_pages_drawn_says_why_and_the_invoice_is_still_read()
    {
        var invoice = await UploadAsync("scan.pdf", SampleFiles.MinimalPdf(), "application/pdf");

        var outcome = await ProcessAsync(invoice, new InMemoryPageImageRenderer(pages: 3) { FailAfter = 1 });

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal(InvoiceStatus.OcrComplete.ToWire(), outcome.Status);
        Assert.Single(PageKeys(invoice));
        Assert.Equal((1, "page 2 could not be drawn"), (outcome.PageImages, outcome.PageImageProblem));
        Assert.True(_objects.Objects.ContainsKey(ObjectKeys.OcrResult("alice", invoice.InvoiceId)));
    }

    [Fact]
    public async Task An_e_invoice_XML_has_no_pages_to_draw()
    {
        var invoice = await UploadAsync("invoice.xml", System.Text.Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii), "application/xml");
        var renderer = new InMemoryPageImageRenderer(pages: 1);

        var outcome = await ProcessAsync(invoice, renderer);

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Empty(renderer.Asked);
        Assert.Empty(PageKeys(invoice));
        Assert.Null(outcome.PageImages);
    }

    [Fact]
    public async Task A_hybrid_pdf_read_from_its_xml_alone_by_a_paid_engine_still_has_its_page_drawn_and_its_xml_kept_beside()
    {
        var pdf = MinimalPdf.Build(["Total 166.60"], ("factur-x.xml", System.Text.Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii)));
        var invoice = await UploadAsync("hybrid.pdf", pdf, "application/pdf");
        var paid = new ScriptedOcrEngine((_, _) => throw new InvalidOperationException("billed")) { PaidPerPage = true };
        var renderer = new InMemoryPageImageRenderer(pages: 1);

        var outcome = await new DocumentProcessor(_invoices, _objects, paid, new EInvoiceFinder(), new S3OcrResultStore(_objects), _clock,
            new ProcessingSettings(), renderer).ProcessUploadAsync(new(invoice.UploadKey), TestContext.Current.CancellationToken);

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal(0, paid.Calls);
        Assert.Equal([$"pages/alice/{invoice.InvoiceId}/1.webp", $"pages/alice/{invoice.InvoiceId}/einvoice.xml"], PageKeys(invoice));
        // The XML as read (its layout may differ from the attachment's, never its content).
        var copy = System.Text.Encoding.UTF8.GetString(_objects.Objects[ObjectKeys.EInvoiceCopy("alice", invoice.InvoiceId)].Content);
        Assert.True(System.Xml.Linq.XNode.DeepEquals(System.Xml.Linq.XDocument.Parse(HandMadeEInvoice.Cii), System.Xml.Linq.XDocument.Parse(copy)), copy);
        Assert.Equal(1, outcome.PageImages);
    }

    [Fact]
    public async Task Without_a_renderer_nothing_is_drawn_and_nothing_is_reported()
    {
        var invoice = await UploadAsync("scan.pdf", SampleFiles.MinimalPdf(), "application/pdf");

        var outcome = await new DocumentProcessor(_invoices, _objects, ScriptedOcrEngine.Returning("Total 1.00"), new EInvoiceFinder(),
            new S3OcrResultStore(_objects), _clock, new ProcessingSettings()).ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);

        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Empty(PageKeys(invoice));
        Assert.Null(outcome.PageImages);
    }
}
