using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Tests.Processes;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests;

public sealed class LocalOcrEngineTests : OcrEngineTestBase
{
    public static TheoryData<string> AllSamples => new(SampleInvoiceCatalog.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Reads_every_sample_pdf_from_its_text_layer(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);

        var document = await Engine().RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext", document.Engine);
        Assert.True(document.FromTextLayer);
        Assert.Equal(sample.Expected.PageCount, document.Pages.Count);
        var text = OcrText.Of(document);
        Assert.Contains(sample.Expected.InvoiceNumber, text);
        Assert.Contains(OcrText.Normalize(sample.Expected.TotalAsPrinted), text);
        Assert.Contains(sample.Expected.VendorName, text);
        Assert.Contains(OcrText.Normalize(sample.Expected.InvoiceDateAsPrinted), text);
        Assert.Empty(Temp.Entries);
    }

    [Theory]
    [MemberData(nameof(OnePageSamples))]
    public async Task Reads_the_total_from_a_png_rendering_with_tesseract(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);

        var document = await ReadPngRenderingAsync(sample);

        Assert.Equal("tesseract", document.Engine);
        Assert.Contains(OcrText.Normalize(sample.Expected.TotalAsPrinted), OcrText.Of(document));
        Assert.All(document.AllLines.SelectMany(l => l.Words), w => Assert.InRange(w.Confidence, 0, 1));
        Assert.Empty(Temp.Entries);
    }

    // Upscaling is on by default (LocalOcrOptions.MinCharacterHeight, 15 px); this engine has it off.
    private LocalOcrEngine PlainEngine() => Engine(o => o with { MinCharacterHeight = 0 });

    /// <summary>The share of the printed words (each occurrence counted) that the OCR read exactly.</summary>
    private static double WordRecall(OcrDocument printed, OcrDocument read)
    {
        var unmatched = read.AllLines.SelectMany(l => l.Words).GroupBy(w => w.Text).ToDictionary(g => g.Key, g => g.Count());
        var words = printed.AllLines.SelectMany(l => l.Words).Select(w => w.Text).ToList();
        var found = 0;
        foreach (var word in words)
        {
            if (unmatched.GetValueOrDefault(word) is not (> 0 and var left)) continue;
            unmatched[word] = left - 1;
            found++;
        }

        return (double)found / words.Count;
    }

    private static List<(string Tool, string FirstArgument)> RecordStarts(LocalOcrEngine engine)
    {
        var started = new List<(string Tool, string FirstArgument)>();
        engine.ProcessStarted = p => { lock (started) started.Add((Path.GetFileName(p.StartInfo.FileName), p.StartInfo.ArgumentList[0])); };
        return started;
    }

    [Fact]
    public async Task With_upscaling_off_an_image_goes_to_tesseract_as_it_is()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf(), 75, Token);
        var engine = PlainEngine();
        var started = RecordStarts(engine);

        await engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        var only = Assert.Single(started);
        Assert.Equal("tesseract", only.Tool);
        Assert.EndsWith("input.png", only.FirstArgument);
    }

    [Fact]
    public async Task A_low_resolution_image_is_upscaled_before_ocr_and_read_better()
    {
        var convert = await Tools.RequireImageMagickAsync();
        var pdf = SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf();
        var printed = await Engine().RecognizeAsync(TestFiles.Input(pdf, DocumentKind.Pdf), Token); // the text layer
        var png = await SampleInvoiceImages.RenderPngAsync(pdf, 75, Token); // capitals ~7 px high
        var engine = Engine(o => o with { ImageConverterPath = convert });
        var started = RecordStarts(engine);

        var upscaled = await engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var plain = await PlainEngine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal(2, started.Count); // the converter, then tesseract on the upscaled copy
        Assert.Equal("tesseract", started[1].Tool);
        Assert.EndsWith("upscaled.pgm", started[1].FirstArgument);
        // About 0.3 of the printed words are read exactly as they are, about 0.7 upscaled.
        var (recallUpscaled, recallPlain) = (WordRecall(printed, upscaled), WordRecall(printed, plain));
        Assert.True(recallUpscaled >= recallPlain + 0.25, $"word recall upscaled {recallUpscaled:0.00}, plain {recallPlain:0.00}:\n{OcrText.Of(upscaled)}");
        Assert.Contains(OcrText.Normalize(SampleInvoiceCatalog.Get("uk-joinery-invoice").Expected.TotalAsPrinted), OcrText.Of(upscaled));

        // The page keeps the original's pixel size and the boxes stay page-relative.
        var page = Assert.Single(upscaled.Pages);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), page.Width);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)), page.Height);
        Assert.All(upscaled.AllLines.SelectMany(l => l.Words), w =>
        {
            Assert.InRange(w.Box.Left, 0, 1);
            Assert.InRange(w.Box.Top, 0, 1);
            Assert.InRange(w.Box.Left + w.Box.Width, 0, 1.000001);
            Assert.InRange(w.Box.Top + w.Box.Height, 0, 1.000001);
        });
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Boxes_of_an_upscaled_image_are_where_the_words_are_on_the_original()
    {
        var convert = await Tools.RequireImageMagickAsync();
        var pdf = SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf();
        var engine = Engine(o => o with { ImageConverterPath = convert });
        var started = RecordStarts(engine);
        var small = await engine.RecognizeAsync(TestFiles.Input(await SampleInvoiceImages.RenderPngAsync(pdf, 75, Token), DocumentKind.Png), Token);
        var large = await PlainEngine().RecognizeAsync(TestFiles.Input(await SampleInvoiceImages.RenderPngAsync(pdf, 200, Token), DocumentKind.Png), Token);

        // The same line read from a 75 dpi image (upscaled) and a 200 dpi one (as it is) lies at the same place on the page.
        Assert.EndsWith("upscaled.pgm", started.Last().FirstArgument);
        var inSmall = small.AllLines.First(l => l.Text.Contains("Invoice Total", StringComparison.Ordinal)).Box;
        var inLarge = large.AllLines.First(l => l.Text.Contains("Invoice Total", StringComparison.Ordinal)).Box;
        Assert.Equal(inLarge.Left, inSmall.Left, 0.01);
        Assert.Equal(inLarge.Top, inSmall.Top, 0.01);
        Assert.Equal(inLarge.Height, inSmall.Height, 0.01);
    }

    [Fact]
    public async Task An_image_with_large_enough_text_is_measured_and_goes_to_tesseract_as_it_is()
    {
        var convert = await Tools.RequireImageMagickAsync();
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf(), 200, Token); // capitals ~19 px
        var engine = Engine(o => o with { ImageConverterPath = convert });
        var started = RecordStarts(engine);

        await engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal(2, started.Count); // the converter ran, and found the text big enough
        Assert.Equal("tesseract", started[1].Tool);
        Assert.EndsWith("input.png", started[1].FirstArgument);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task The_image_converter_is_found_like_the_other_tools_and_a_configured_one_must_exist()
    {
        await Tools.RequireImageMagickAsync();

        Assert.NotNull(new ToolPaths(new LocalOcrOptions()).TryResolveImageConverter());
        Assert.Null(new ToolPaths(new LocalOcrOptions { ImageConverterPath = "/nonexistent/bin/convert" }).TryResolveImageConverter());
        Assert.Null(new ToolPaths(new LocalOcrOptions { ImageConverterPath = "no-such-converter" }).TryResolveImageConverter());
        Assert.True(ToolPaths.IsGraphicsMagick("/opt/bin/gm"));
        Assert.False(ToolPaths.IsGraphicsMagick("/usr/bin/convert"));
    }

    [Theory]
    [InlineData("/nonexistent/bin/convert")] // not installed
    [InlineData("/bin/false")]               // installed but failing
    [InlineData("/bin/echo")]                // succeeds, but what it prints is no image
    public async Task Without_a_working_image_converter_images_are_read_as_they_are(string converter)
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf(), 100, Token);
        var engine = Engine(o => o with { ImageConverterPath = converter });
        var started = RecordStarts(engine);

        var fallback = await engine.RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var plain = await PlainEngine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal("tesseract", started.Last().Tool);
        Assert.EndsWith("input.png", started.Last().FirstArgument);
        Assert.Equal(OcrText.Of(plain), OcrText.Of(fallback));
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), Assert.Single(fallback.Pages).Width);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Two_page_invoice_yields_two_pages_with_the_items_where_they_are_printed()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");

        var document = await Engine().RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        foreach (var item in sample.Expected.LineItems)
        {
            var page = document.Pages[item.Page - 1];
            Assert.Contains(page.Lines, l => l.Text.Contains(item.ProductCode!, StringComparison.Ordinal));
        }

        Assert.Contains("Page 2 of 2", OcrText.Of(document.Pages[1]));
        Assert.DoesNotContain(sample.Expected.TotalAsPrinted, OcrText.Of(document.Pages[0]));
    }

    [Fact]
    public async Task Scanned_pdf_without_text_layer_is_ocrd_page_by_page()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(sample.RenderPdf(), 200, Token);

        var document = await Engine(o => o with { MaxParallelPages = 2 }).RecognizeAsync(TestFiles.Input(scanned, DocumentKind.Pdf), Token);

        Assert.Equal("tesseract", document.Engine);
        Assert.False(document.FromTextLayer);
        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        // Pixels at the configured 300 dpi: an A4 page is 2480 px wide.
        Assert.InRange(document.Pages[0].Width, 2479, 2482);
        Assert.Contains(sample.Expected.InvoiceNumber, OcrText.Of(document.Pages[0]));
        Assert.Contains(sample.Expected.TotalAsPrinted, OcrText.Of(document.Pages[1]));
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Only_the_scanned_page_of_a_mixed_pdf_is_ocrd()
    {
        var scan = await TestFiles.GrayPageAsync(SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf(), 1, 150);
        var mixed = new PdfDocumentBuilder();
        var first = mixed.AddPage(612, 792);
        first.Text(50, 60, "Cover letter for invoice INV-2024-00871 from Brightline Office Supply Co. with payment details", PdfFont.Helvetica, 10);
        var second = mixed.AddPage(595.28, 841.89);
        second.Image(scan, 0, 0, 595.28, 841.89);

        var document = await Engine().RecognizeAsync(TestFiles.Input(mixed.ToBytes(), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext+tesseract", document.Engine);
        Assert.False(document.FromTextLayer);
        Assert.Equal(612, document.Pages[0].Width);            // points: from the text layer
        Assert.True(document.Pages[1].Width > 2000);           // pixels: rendered and recognised
        Assert.Contains("Invoice Total £5,301.00", OcrText.Of(document.Pages[1]));
    }

    [Fact]
    public async Task A_short_text_page_is_checked_with_ocr_but_its_exact_text_layer_is_kept()
    {
        var pdf = new PdfDocumentBuilder();
        pdf.AddPage(595.28, 841.89).Text(60, 80, "Statement of account for March with all open items listed below", PdfFont.Helvetica, 11);
        pdf.AddPage(595.28, 841.89).Text(60, 80, "Thank you!", PdfFont.HelveticaBold, 14);
        var started = new List<string>();
        var engine = Engine();
        engine.ProcessStarted = p => started.Add(Path.GetFileName(p.StartInfo.FileName));

        var document = await engine.RecognizeAsync(TestFiles.Input(pdf.ToBytes(), DocumentKind.Pdf), Token);

        Assert.Contains("tesseract", started);               // page 2 had too few words to trust blindly
        Assert.Equal("pdftotext", document.Engine);           // ...but OCR found nothing more, so the text layer stays
        Assert.True(document.FromTextLayer);
        Assert.Equal(595.28, document.Pages[1].Width, 2);
        Assert.Equal("Thank you!", document.Pages[1].Lines.Single().Text);
    }

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
    public async Task Multi_page_tiff_is_read_as_pages_and_counted_against_the_limit()
    {
        var pdf = SampleInvoiceCatalog.Get("au-catering-two-page-invoice").RenderPdf();
        var tiff = TestFiles.MultiPageTiff([await TestFiles.GrayPageAsync(pdf, 1, 150), await TestFiles.GrayPageAsync(pdf, 2, 150)]);

        var document = await Engine().RecognizeAsync(TestFiles.Input(tiff, DocumentKind.Tiff), Token);

        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.Contains("SCC-30419", OcrText.Of(document.Pages[0]));
        Assert.Contains("Page 2 of 2", OcrText.Of(document.Pages[1]));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { MaxPages = 1 }).RecognizeAsync(TestFiles.Input(tiff, DocumentKind.Tiff), Token));
        Assert.Equal(ErrorCodes.TooManyPages, error.Code);
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

    [Fact]
    public async Task Reads_the_aws_invoice_from_the_shared_dataset()
    {
        var path = TestSupport.SharedFolder.Require("datasets/invoice2data/AmazonWebServices.pdf");

        var document = await Engine().RecognizeAsync(TestFiles.Input(await File.ReadAllBytesAsync(path, Token), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext", document.Engine);
        var text = OcrText.Of(document);
        Assert.Contains("Amazon Web Services", text);
        Assert.Contains("42183017", text);   // invoice number in invoice2data's expected output
        Assert.Contains("4.11", text);       // the total
    }

    [Fact]
    public async Task Reads_a_sroie_receipt_scan_from_the_shared_dataset()
    {
        var path = TestSupport.SharedFolder.Require("datasets/sroie-train/img/X00016469612.jpg");

        var document = await Engine().RecognizeAsync(TestFiles.Input(await File.ReadAllBytesAsync(path, Token), DocumentKind.Jpeg), Token);

        Assert.Equal("tesseract", document.Engine);
        var page = Assert.Single(document.Pages);
        Assert.Equal((463d, 1013d), (page.Width, page.Height)); // the JPEG's pixel size
        var text = OcrText.Of(document);
        // Ground truth from key/X00016469612.json: date 25/12/2018, total 9.00.
        Assert.Contains("25/12/2018", text);
        Assert.Contains("9.00", text);
        Assert.Contains("JOHOR", text);
    }
}
