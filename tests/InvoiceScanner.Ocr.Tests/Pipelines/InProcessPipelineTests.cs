using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Tests.Pdf.InProcess;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests.Pipelines;

/// <summary>
/// The default pipeline end to end: PDFs, scans and images read with no program at all (every process the engine would
/// start is recorded), and what it refuses. The tools only make the test inputs.
/// </summary>
public sealed class InProcessPipelineTests : IDisposable
{
    private readonly string _models = PpOcrModelFolder.Require();
    private readonly TempFolder _temp = new();
    private readonly List<string> _started = [];

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The product's defaults, with no tesseract to complete pages (so nothing may start a process).</summary>
    private LocalOcrEngine Engine(Func<LocalOcrOptions, LocalOcrOptions>? configure = null)
    {
        var options = new LocalOcrOptions { TempDirectory = _temp.Path, PpOcrModelDirectory = _models, TesseractPath = "/nonexistent/tesseract" };
        var engine = new LocalOcrEngine((configure ?? (o => o))(options));
        engine.ProcessStarted = p => { lock (_started) _started.Add(Path.GetFileName(p.StartInfo.FileName)); };
        return engine;
    }

    public static TheoryData<string> Samples => new(SampleInvoiceCatalog.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reads_every_sample_pdf_from_its_text_layer_with_no_program(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);

        var document = await Engine().RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);
        var tools = await new LocalOcrEngine(new LocalOcrOptions { Pipeline = OcrPipeline.Tools, TempDirectory = _temp.Path })
            .RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal("pdfpig", document.Engine);
        Assert.True(document.FromTextLayer);
        Assert.Equal(sample.Expected.PageCount, document.Pages.Count);
        Assert.All(document.Pages.Zip(tools.Pages), pair => // points, as poppler says
        {
            Assert.InRange(pair.First.Width, pair.Second.Width - 0.5, pair.Second.Width + 0.5);
            Assert.InRange(pair.First.Height, pair.Second.Height - 0.5, pair.Second.Height + 0.5);
        });
        var text = OcrText.Of(document);
        Assert.Contains(sample.Expected.InvoiceNumber, text);
        Assert.Contains(OcrText.Normalize(sample.Expected.TotalAsPrinted), text);
        Assert.All(document.AllLines.SelectMany(l => l.Words), w =>
            Assert.True(w.Box.Left >= 0 && w.Box.Right <= 1.0001 && w.Box.Top >= 0 && w.Box.Bottom <= 1.0001, $"{w.Text} at {w.Box}"));
        Assert.Empty(_started);
        Assert.Empty(_temp.Entries);
    }

    [Fact]
    public async Task A_scanned_pdf_is_read_from_the_images_its_pages_draw_with_no_program()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(sample.RenderPdf(), 200, Token);

        var document = await Engine(o => o with { MaxParallelPages = 2 }).RecognizeAsync(TestFiles.Input(scanned, DocumentKind.Pdf), Token);

        Assert.Equal("ppocr", document.Engine);
        Assert.False(document.FromTextLayer);
        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.InRange(document.Pages[0].Width, 1640, 1660); // the scan's pixels: A4 at 200 dpi
        Assert.Contains(sample.Expected.InvoiceNumber, OcrText.Of(document.Pages[0]));
        Assert.Contains(sample.Expected.TotalAsPrinted, OcrText.Of(document.Pages[1]));
        Assert.Empty(_started);
        Assert.Empty(_temp.Entries);
    }

    [Fact]
    public async Task An_image_drawn_on_part_of_a_page_puts_its_words_where_it_is_drawn()
    {
        var sample = SampleInvoiceCatalog.Get("uk-joinery-invoice");
        var scan = await TestFiles.GrayPageAsync(sample.RenderPdf(), 1, 150);
        var pdf = new PdfDocumentBuilder();
        var page = pdf.AddPage(595.28, 841.89);
        page.Text(50, 40, "Cover note", PdfFont.Helvetica, 10);
        // The scan in the lower right quarter of the page.
        page.Image(scan, 297.64, 420.95, 297.64, 420.95);

        var document = await Engine().RecognizeAsync(TestFiles.Input(pdf.ToBytes(), DocumentKind.Pdf), Token);

        Assert.Equal("ppocr", document.Engine); // two words of text layer are too few: the page is read from its image
        var words = document.AllLines.SelectMany(l => l.Words).Where(w => w.Text.Any(char.IsLetterOrDigit)).ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.True(w.Box.Left >= 0.49 && w.Box.Top >= 0.49, $"{w.Text} at {w.Box}"));
        Assert.Contains("5,301.00", OcrText.Of(document));
    }

    [Fact]
    public async Task Png_and_multi_page_tiff_are_decoded_in_process()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");
        var pdf = sample.RenderPdf();
        var png = await SampleInvoiceImages.RenderPngAsync(pdf, 150, Token);
        var tiff = TestFiles.MultiPageTiff([await TestFiles.GrayPageAsync(pdf, 1, 150), await TestFiles.GrayPageAsync(pdf, 2, 150)]);
        var engine = Engine(o => o with { ImageConverterPath = "/nonexistent/convert" });

        var fromPng = await engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var fromTiff = await engine.RecognizeAsync(TestFiles.Input(tiff, DocumentKind.Tiff), Token);

        Assert.Equal("ppocr", fromPng.Engine);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), Assert.Single(fromPng.Pages).Width);
        Assert.Contains("SCC-30419", OcrText.Of(fromPng));
        Assert.Equal([1, 2], fromTiff.Pages.Select(p => p.Number));
        Assert.Contains("SCC-30419", OcrText.Of(fromTiff.Pages[0]));
        Assert.Contains("Page 2 of 2", OcrText.Of(fromTiff.Pages[1]));
        Assert.Empty(_started);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { MaxPages = 1 }).RecognizeAsync(TestFiles.Input(tiff, DocumentKind.Tiff), Token));
        Assert.Equal(ErrorCodes.TooManyPages, error.Code);
    }

    [Fact]
    public async Task A_page_drawn_only_with_vector_paths_is_not_readable_and_says_why()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input(TestFiles.PdfWithOnlyRectangles(), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.PageNotReadable, error.Code);
        Assert.Contains("page 1", error.Message);
        Assert.Contains("vector paths", error.Message);
        Assert.Contains("Textract", error.Message);
        Assert.Empty(_started);
        Assert.Empty(_temp.Entries);
    }

    [Fact]
    public async Task A_scan_coded_as_jbig2_is_not_readable_and_names_the_encoding()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input(RawPdf.WithImage("/Width 200 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", new byte[64]), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.PageNotReadable, error.Code);
        Assert.Contains("JBIG2", error.Message);
    }

    [Fact]
    public async Task Damaged_encrypted_and_foreign_files_are_unreadable_pdfs_that_say_which()
    {
        var pdf = SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf();

        var truncated = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine().RecognizeAsync(TestFiles.Input(pdf[..(pdf.Length / 3)], DocumentKind.Pdf), Token));
        var encrypted = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine().RecognizeAsync(TestFiles.Input(TestFiles.PasswordProtectedPdf(), DocumentKind.Pdf), Token));
        var foreign = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine().RecognizeAsync(TestFiles.Input("just some text, no PDF"u8.ToArray(), DocumentKind.Pdf), Token));

        Assert.Equal([ErrorCodes.UnreadablePdf, ErrorCodes.UnreadablePdf, ErrorCodes.UnreadablePdf], new[] { truncated.Code, encrypted.Code, foreign.Code });
        Assert.Contains("password", encrypted.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_started);
        Assert.Empty(_temp.Entries);
    }

    [Fact]
    public async Task Too_many_pages_is_refused_before_any_page_is_read()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { MaxPages = 3 }).RecognizeAsync(TestFiles.Input(TestFiles.PdfWithPages(4), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.TooManyPages, error.Code);
        Assert.Contains("4 pages", error.Message);
    }

    [Fact]
    public async Task Where_tesseract_is_installed_it_completes_the_currency_signs_of_an_in_process_page()
    {
        Tools.Require("tesseract");
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("de-software-rechnung").RenderPdf(), 200, Token);

        var completed = await Engine(o => o with { TesseractPath = null }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var alone = await Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Contains("6.174,67 €", OcrText.Of(completed));
        Assert.Contains("tesseract", _started);
        Assert.DoesNotContain("€", OcrText.Of(alone));
        Assert.Contains("6.174,67", OcrText.Of(alone));
        Assert.Empty(_temp.Entries); // the page image written for tesseract is gone
    }

    [Fact]
    public async Task Cancellation_stops_reading_and_leaves_nothing_behind()
    {
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(SampleInvoiceCatalog.Get("au-catering-two-page-invoice").RenderPdf(), 200, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine().RecognizeAsync(TestFiles.Input(scanned, DocumentKind.Pdf), cancel.Token));

        Assert.Empty(_temp.Entries);
    }
}
