using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>E-invoices through the fleet's domain flow: an XML upload, and a hybrid PDF whose page is compared with its XML.</summary>
public sealed class EInvoiceProcessingTests
{
    private static readonly byte[] Cii = Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly ProcessingSettings _settings = new() { MaxUploadBytes = 64 * 1024, Lease = TimeSpan.FromMinutes(5) };
    private readonly ScriptedExtractor _otherDocuments = new(_ => throw new InvalidOperationException("an e-invoice must not reach the document reader"));

    private async Task<InvoiceRecord> UploadAsync(string fileName, byte[] content, string? contentType = null)
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings());
        var invoice = (await uploads.CreateAsync("alice", new NewInvoiceRequest(fileName, contentType, 1000), CancellationToken.None)).Invoice;
        _objects.Objects[invoice.UploadKey] = (content, invoice.ContentType);
        return invoice;
    }

    private async Task<InvoiceRecord> RunAsync(InvoiceRecord invoice, ScriptedOcrEngine engine, ScriptedExtractor pageReader)
    {
        var results = new S3OcrResultStore(_objects);
        await new DocumentProcessor(_invoices, _objects, engine, new EInvoiceFinder(), results, _clock, _settings)
            .ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        var afterOcr = (await _invoices.GetAsync("alice", invoice.InvoiceId, CancellationToken.None))!;
        if (afterOcr.OcrKey is { } ocrKey)
            await new ExtractionProcessor(_invoices, results, new EInvoiceExtractor(pageReader, _otherDocuments), ExtractionOptions.Default, _clock, _settings)
                .ExtractAsync(ocrKey, CancellationToken.None);
        return (await _invoices.GetAsync("alice", invoice.InvoiceId, CancellationToken.None))!;
    }

    private static ScriptedOcrEngine Pages(params string[] lines) =>
        new((_, _) => Task.FromResult(Documents.FromLines(lines) with { FromTextLayer = true }));

    private static ScriptedExtractor PageReads(InvoiceFields fields) => new(_ => new ExtractionResult(fields, [], [], 0.9, "page"));

    [Theory]
    [InlineData("rechnung.xml", null)]
    [InlineData("upload", "text/xml")]
    public async Task An_xml_einvoice_completes_with_its_exact_values_and_no_ocr(string fileName, string? contentType)
    {
        var invoice = await UploadAsync(fileName, Cii, contentType);
        var ocr = Pages("never read");
        var pageReader = PageReads(new InvoiceFields());

        var done = await RunAsync(invoice, ocr, pageReader);

        Assert.Equal(InvoiceStatus.Completed, done.Status);
        Assert.Equal("application/xml", done.ContentType);
        Assert.Equal((0, 0, 0), (ocr.Calls, pageReader.Calls, _otherDocuments.Calls));
        Assert.Equal(("einvoice-xml", "CII, EN16931", (int?)null), (done.Document!.WireKind, done.Document.EInvoice, done.Document.Pages));
        Assert.Equal("einvoice: CII, EN16931", done.Result!.Engine);
        Assert.Equal((146.60m, 1.0), (done.Result.Fields.AmountDue!.Value, done.Result.Fields.AmountDue.Confidence));
        Assert.Equal(2, done.Result.LineItems.Count);
    }

    [Theory]
    [InlineData("<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>", ErrorCodes.NotAnInvoice)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", ErrorCodes.InvalidXml)]
    public async Task An_xml_that_is_no_readable_einvoice_fails_with_a_code(string xml, string code)
    {
        var done = await RunAsync(await UploadAsync("order.xml", Encoding.UTF8.GetBytes(xml)), Pages(), PageReads(new InvoiceFields()));

        Assert.Equal(InvoiceStatus.Failed, done.Status);
        Assert.Equal(code, done.Failure!.Code);
    }

    [Fact]
    public async Task A_hybrid_pdf_reads_its_xml_and_its_page_and_agrees()
    {
        var pdf = MinimalPdf.Build(["Seller GmbH", "Invoice INV-1 of 01.03.2024", "Total 166.60 EUR"], ("factur-x.xml", Cii));
        var pageReader = PageReads(new InvoiceFields { InvoiceNumber = new("INV-1", "INV-1", 0.9), Total = new(166.60m, "166.60", 0.9) });

        var done = await RunAsync(await UploadAsync("invoice.pdf", pdf), Pages("Seller GmbH", "Invoice INV-1 of 01.03.2024", "Total 166.60 EUR"), pageReader);

        Assert.Equal(InvoiceStatus.Completed, done.Status);
        Assert.Equal(1, pageReader.Calls);
        Assert.Equal(("pdf+einvoice", "factur-x.xml", (int?)1), (done.Document!.WireKind, done.Document.EInvoiceAttachment, done.Document.Pages));
        Assert.Equal("Seller GmbH", done.Result!.Fields.VendorName!.Value);
    }

    [Fact]
    public async Task A_hybrid_pdf_whose_page_states_another_total_needs_review_naming_it_and_keeps_the_xml_value()
    {
        var pdf = MinimalPdf.Build(["Total 199.00 EUR"], ("factur-x.xml", Cii));
        var pageReader = PageReads(new InvoiceFields { Total = new(199.00m, "199.00", 0.9) });

        var done = await RunAsync(await UploadAsync("invoice.pdf", pdf), Pages("Seller GmbH", "Total 199.00 EUR"), pageReader);

        Assert.Equal(InvoiceStatus.NeedsReview, done.Status);
        var reason = Assert.Single(done.Result!.ReviewReasons);
        Assert.Equal(("PDF_XML_MISMATCH", FieldNames.Total), (reason.Code, reason.Field));
        Assert.Equal(166.60m, done.Result.Fields.Total!.Value);
    }

    [Fact]
    public async Task A_paid_engine_is_not_called_for_a_hybrid_pdf_and_a_page_the_engine_cannot_read_loses_nothing()
    {
        var pdf = MinimalPdf.Build(["Total 166.60"], ("factur-x.xml", Cii));
        var paid = new ScriptedOcrEngine((_, _) => throw new InvalidOperationException("billed")) { PaidPerPage = true };
        var unreadable = new ScriptedOcrEngine((_, _) => throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "vector text"));

        var first = await RunAsync(await UploadAsync("a.pdf", pdf), paid, PageReads(new InvoiceFields()));
        var second = await RunAsync(await UploadAsync("b.pdf", pdf), unreadable, PageReads(new InvoiceFields()));

        Assert.Equal(0, paid.Calls);
        Assert.Equal(1, unreadable.Calls);
        Assert.All([first, second], done =>
        {
            Assert.Equal(InvoiceStatus.Completed, done.Status);
            Assert.Equal("pdf+einvoice", done.Document!.WireKind);
            Assert.Equal(166.60m, done.Result!.Fields.Total!.Value);
        });
    }

    [Fact]
    public async Task A_pdf_whose_attached_einvoice_is_broken_is_read_from_its_page_and_needs_review_saying_why()
    {
        var pdf = MinimalPdf.Build(["Total 166.60"], ("factur-x.xml", "<rsm:CrossIndustryInvoice>"u8.ToArray()));
        var invoice = await UploadAsync("broken.pdf", pdf);
        var results = new S3OcrResultStore(_objects);
        await new DocumentProcessor(_invoices, _objects, Pages("Total 166.60"), new EInvoiceFinder(), results, _clock, _settings)
            .ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        var ocrKey = (await _invoices.GetAsync("alice", invoice.InvoiceId, CancellationToken.None))!.OcrKey!;
        var pageResult = new ExtractionResult(new InvoiceFields { Total = new(166.60m, "166.60", 0.95) }, [], [], 0.95, "rules");

        await new ExtractionProcessor(_invoices, results, new EInvoiceExtractor(PageReads(new InvoiceFields()), new ScriptedExtractor(_ => pageResult)),
            ExtractionOptions.Default, _clock, _settings).ExtractAsync(ocrKey, CancellationToken.None);

        var done = (await _invoices.GetAsync("alice", invoice.InvoiceId, CancellationToken.None))!;
        Assert.Equal(InvoiceStatus.NeedsReview, done.Status);
        Assert.Equal("pdf", done.Document!.WireKind);
        var reason = Assert.Single(done.Result!.ReviewReasons);
        Assert.Equal(EInvoiceExtractor.UnreadableCode, reason.Code);
        Assert.Contains("factur-x.xml", reason.Message, StringComparison.Ordinal);
        Assert.Equal(166.60m, done.Result.Fields.Total!.Value);
    }

    [Fact]
    public void The_sniffer_tells_xml_from_html_by_content()
    {
        Assert.Equal(DocumentKind.Xml, FileSniffer.Sniff([0xEF, 0xBB, 0xBF, .. "\n <?xml version=\"1.0\"?><a/>"u8]).Kind);
        Assert.Equal(DocumentKind.Xml, FileSniffer.Sniff(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<Invoice/>")).ToArray()).Kind);
        Assert.Null(FileSniffer.Sniff("<!DOCTYPE html><html></html>"u8).Kind);
        Assert.Null(FileSniffer.Sniff("a,b,c\n1,2,3"u8).Kind);
    }
}
