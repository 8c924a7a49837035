using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Tests.Processes;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests;

/// <summary><see cref="LocalOcrEngine"/> refusing documents, failing tools, cancellation, timeouts and limits.</summary>
// One collection: the three classes were one, and their tool runs and timeouts were measured running one at a time.
[Collection("LocalOcrEngine")]
public sealed class LocalOcrEngineFailureTests : OcrEngineTestBase
{
    [Fact]
    public async Task Pdf_with_only_rectangles_falls_back_to_tesseract_and_then_reports_no_text()
    {
        var started = new List<string>();
        var engine = Engine();
        engine.ProcessStarted = p => { lock (started) started.Add(Path.GetFileName(p.StartInfo.FileName)); };

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            engine.RecognizeAsync(TestFiles.Input(TestFiles.PdfWithOnlyRectangles(), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.NoTextFound, error.Code);
        Assert.Equal(["pdfinfo", "pdftotext", "pdftoppm", "tesseract"], started);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Too_many_pages_is_rejected_before_any_text_is_read()
    {
        var started = new List<string>();
        var engine = Engine(o => o with { MaxPages = 3 });
        engine.ProcessStarted = p => started.Add(Path.GetFileName(p.StartInfo.FileName));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            engine.RecognizeAsync(TestFiles.Input(TestFiles.PdfWithPages(4), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.TooManyPages, error.Code);
        Assert.Contains("4 pages", error.Message);
        Assert.Equal(["pdfinfo"], started);

        var atLimit = await engine.RecognizeAsync(TestFiles.Input(TestFiles.PdfWithPages(3), DocumentKind.Pdf), Token);
        Assert.Equal(3, atLimit.Pages.Count);
        Assert.Equal("Page 3 of a long statement with enough words to count as text", atLimit.Pages[2].Lines.Single().Text);
    }

    [Fact]
    public async Task Truncated_pdf_is_unreadable_with_poppler_message()
    {
        var pdf = SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input(pdf[..(pdf.Length / 2)], DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.UnreadablePdf, error.Code);
        Assert.Contains("pdfinfo:", error.Message);
        Assert.Contains("Couldn't", error.Message); // poppler's own reason, e.g. "Couldn't read xref table"
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Password_protected_pdf_is_unreadable_and_says_why()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input(TestFiles.PasswordProtectedPdf(), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.UnreadablePdf, error.Code);
        Assert.Contains("password-protected", error.Message);
        Assert.Contains("Incorrect password", error.Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_pdf_are_unreadable()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input("just some text, not a PDF"u8.ToArray(), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.UnreadablePdf, error.Code);
    }

    [Fact]
    public async Task Random_bytes_declared_as_png_are_an_unreadable_image_and_never_reach_tesseract()
    {
        var started = new List<string>();
        var engine = Engine();
        engine.ProcessStarted = p => started.Add(p.StartInfo.FileName);
        var random = new byte[4096];
        new Random(7).NextBytes(random);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => engine.RecognizeAsync(TestFiles.Input(random, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.UnreadableImage, error.Code);
        // tesseract would read an unknown file as a list of image paths: it must not even be started.
        Assert.Empty(started);
    }

    [Fact]
    public async Task Corrupt_png_is_an_unreadable_image_with_tesseract_message()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf(), 72, Token);
        var corrupt = png[..40]; // signature and header, no image data

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine().RecognizeAsync(TestFiles.Input(corrupt, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.UnreadableImage, error.Code);
        Assert.Contains("tesseract:", error.Message);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task A_blank_image_has_no_text()
    {
        var blank = new PdfDocumentBuilder();
        blank.AddPage(300, 200);
        var png = await SampleInvoiceImages.RenderPngAsync(blank.ToBytes(), 100, Token);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.NoTextFound, error.Code);
    }

    [Fact]
    public async Task Empty_file_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => Engine().RecognizeAsync(TestFiles.Input([], DocumentKind.Pdf), Token));
        Assert.Equal(ErrorCodes.EmptyFile, error.Code);
    }

    [Fact]
    public async Task Cancellation_kills_the_running_tool_and_cleans_up()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("au-catering-two-page-invoice").RenderPdf(), 300, Token);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var pid = 0;
        var engine = Engine();
        engine.ProcessStarted = p =>
        {
            pid = p.Id;
            Assert.True(ProcessRunnerTests.IsAlive(pid));
            cancellation.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), cancellation.Token));

        // Tesseract needs seconds for a 300 dpi page; it is gone only because it was killed.
        Assert.NotEqual(0, pid);
        Assert.False(ProcessRunnerTests.IsAlive(pid), "tesseract is still running after cancellation");
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Tool_timeout_is_reported_as_ocr_timeout()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), 200, Token);
        var engine = Engine(o => o with { ToolTimeout = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.OcrTimeout, error.Code);
        Assert.Contains("tesseract", error.Message);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Missing_tool_is_an_engine_configuration_error_that_names_the_package()
    {
        var engine = Engine(o => o with { PdfToTextPath = "pdftotext-not-installed-here" });

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            engine.RecognizeAsync(TestFiles.Input(TestFiles.PdfWithPages(1), DocumentKind.Pdf), Token));

        Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
        Assert.Contains("pdftotext", error.Message);
        Assert.Contains("not found", error.Message);
        Assert.Contains("poppler-utils", error.Message);

        var noTesseract = Engine(o => o with { TesseractPath = "/nonexistent/bin/tesseract" });
        var png = await SampleInvoiceImages.RenderPngAsync(TestFiles.PdfWithPages(1), 72, Token);
        var tesseractError = await Assert.ThrowsAsync<DocumentRejectedException>(() => noTesseract.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));
        Assert.Equal(ErrorCodes.EngineConfiguration, tesseractError.Code);
        Assert.Contains("tesseract-ocr", tesseractError.Message);
    }

    [Fact]
    public async Task Missing_tesseract_language_is_an_engine_configuration_error()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(TestFiles.PdfWithPages(1), 72, Token);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { Language = "qqq" }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
        Assert.Contains("qqq", error.Message);
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { MaxPages = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { RasterDpi = 20 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { ToolTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { MinCharacterHeight = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { MaxUpscale = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { MaxUpscale = double.NaN }));
        Assert.Equal("local", new LocalOcrEngine(new LocalOcrOptions()).Name);
    }
}
