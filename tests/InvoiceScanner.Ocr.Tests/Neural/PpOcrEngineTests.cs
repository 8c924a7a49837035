using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Processes;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Neural;

/// <summary>The local engine reading images and scans with the PP-OCR models (ONNX Runtime), end to end.</summary>
public sealed class PpOcrEngineTests : OcrEngineTestBase
{
    private readonly string _models = PpOcrModelFolder.Require();

    protected override LocalOcrOptions Defaults => base.Defaults with { ImageEngine = ImageOcrEngine.PpOcr, PpOcrModelDirectory = _models };

    [Theory]
    [MemberData(nameof(OnePageSamples))]
    public async Task Reads_the_key_fields_of_a_png_rendering_with_words_where_they_are_printed(string name)
    {
        await Tools.RequireImageMagickAsync();
        var sample = SampleInvoiceCatalog.Get(name);

        var document = await ReadPngRenderingAsync(sample);

        Assert.Equal("ppocr", document.Engine);
        var text = OcrText.Of(document);
        // The figures of the total; the recogniser may drop a currency sign (it reads "£" rarely).
        Assert.Contains(OcrText.Normalize(System.Text.RegularExpressions.Regex.Match(sample.Expected.TotalAsPrinted, @"\d[\d.,\s]*\d").Value), text);
        Assert.Contains(sample.Expected.InvoiceNumber, text);

        // The invoice number's word sits where the text layer puts it (same page fractions, within a line height).
        var printed = (await new LocalOcrEngine(new LocalOcrOptions { TempDirectory = Temp.Path })
            .RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token)).AllLines.SelectMany(l => l.Words).First(w => w.Text.Contains(sample.Expected.InvoiceNumber, StringComparison.Ordinal));
        var read = document.AllLines.SelectMany(l => l.Words).First(w => w.Text.Contains(sample.Expected.InvoiceNumber, StringComparison.Ordinal));
        Assert.InRange(read.Box.Top, printed.Box.Top - 0.015, printed.Box.Top + 0.015);
        Assert.InRange(read.Box.Left, printed.Box.Left - 0.03, printed.Box.Left + 0.03);
        Assert.All(document.AllLines, l => Assert.InRange(l.Confidence, 0.5, 1)); // fainter lines are dropped
        Assert.All(document.AllLines.SelectMany(l => l.Words), w => Assert.InRange(w.Confidence, 0, 1));
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Currency_signs_the_recogniser_lacks_come_from_tesseract_and_without_tesseract_the_page_still_reads()
    {
        await Tools.RequireImageMagickAsync();
        var sample = SampleInvoiceCatalog.Get("de-software-rechnung"); // prices printed as "6.174,67 €"
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 200, Token);

        var withTesseract = await Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var withoutTesseract = await Engine(o => o with { TesseractPath = "/nonexistent/tesseract" }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var checkOff = await Engine(o => o with { CurrencySignCheck = false }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Contains("6.174,67 €", OcrText.Of(withTesseract));
        Assert.DoesNotContain("€", OcrText.Of(checkOff));
        Assert.Equal("ppocr", withoutTesseract.Engine);
        Assert.DoesNotContain("€", OcrText.Of(withoutTesseract));
        Assert.Contains("6.174,67", OcrText.Of(withoutTesseract));
    }

    [Theory]
    [InlineData("fr-luminaires-facture", "Atelier Lumiere SARL", "Atelier Lumière SARL")]
    [InlineData("de-software-rechnung", "Muller & Sohne", "Müller & Söhne")]
    [InlineData("de-software-rechnung", "HafenstraBe 27", "Hafenstraße 27")] // "ß" is not in its alphabet: it reads a B
    public async Task Accents_the_recogniser_reads_plain_come_from_tesseract_in_the_page_language(string name, string plain, string accented)
    {
        await Tools.RequireImageMagickAsync();
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.Get(name).RenderPdf(), 200, Token);

        var checkOn = OcrText.Of(await Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));
        var checkOff = OcrText.Of(await Engine(o => o with { AccentCheck = false }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Contains(accented, checkOn);
        Assert.DoesNotContain(plain, checkOn);
        Assert.Contains(plain, checkOff);
    }

    [Fact]
    public async Task A_photo_larger_than_the_decoding_limit_is_scaled_down_and_read_not_rejected()
    {
        await Tools.RequireImageMagickAsync();
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 700, Token); // 5950 × 7700 px: 46 MP

        var document = await Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal("ppocr", document.Engine);
        Assert.Contains(sample.Expected.InvoiceNumber, OcrText.Of(document));
    }

    [Fact]
    public async Task A_text_layer_pdf_never_loads_the_models()
    {
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var broken = Directory.CreateDirectory(Path.Combine(Temp.Path, "no-models")).FullName;

        // The folder would fail to load (ENGINE_CONFIGURATION_ERROR) if anything asked for the models.
        var document = await Engine(o => o with { PpOcrModelDirectory = broken }).RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext", document.Engine);
    }

    [Fact]
    public async Task Scanned_pdf_pages_are_read_with_ppocr_without_an_image_converter()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(sample.RenderPdf(), 200, Token);

        // pdftoppm renders the pages as PGM, which the engine reads itself.
        var document = await Engine(o => o with { ImageConverterPath = "/nonexistent/convert" }).RecognizeAsync(TestFiles.Input(scanned, DocumentKind.Pdf), Token);

        Assert.Equal("ppocr", document.Engine);
        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.Contains(sample.Expected.InvoiceNumber, OcrText.Of(document.Pages[0]));
        Assert.Contains(sample.Expected.TotalAsPrinted, OcrText.Of(document.Pages[1]));
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Every_page_of_a_multi_page_tiff_is_read()
    {
        await Tools.RequireImageMagickAsync();
        var pdf = SampleInvoiceCatalog.Get("au-catering-two-page-invoice").RenderPdf();
        var tiff = TestFiles.MultiPageTiff([await TestFiles.GrayPageAsync(pdf, 1, 150), await TestFiles.GrayPageAsync(pdf, 2, 150)]);

        var document = await Engine().RecognizeAsync(TestFiles.Input(tiff, DocumentKind.Tiff), Token);

        Assert.Equal("ppocr", document.Engine);
        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.Contains("SCC-30419", OcrText.Of(document.Pages[0]));
        Assert.Contains("Page 2 of 2", OcrText.Of(document.Pages[1]));
    }

    [Fact]
    public async Task Auto_uses_ppocr_when_the_models_are_configured_and_tesseract_when_told_to()
    {
        await Tools.RequireImageMagickAsync();
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1).RenderPdf(), 150, Token);

        var auto = await Engine(o => o with { ImageEngine = ImageOcrEngine.Auto }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var tesseract = await Engine(o => o with { ImageEngine = ImageOcrEngine.Tesseract }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal(("ppocr", "tesseract"), (auto.Engine, tesseract.Engine));
    }

    [Fact]
    public async Task Without_an_image_converter_auto_falls_back_to_tesseract_and_ppocr_by_name_is_a_configuration_error()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1).RenderPdf(), 150, Token);
        const string Missing = "/nonexistent/bin/convert";

        var auto = await Engine(o => o with { ImageEngine = ImageOcrEngine.Auto, ImageConverterPath = Missing }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { ImageConverterPath = Missing }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Equal("tesseract", auto.Engine);
        Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
        Assert.Contains("imagemagick", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_configured_model_folder_that_does_not_hold_the_models_is_a_configuration_error_never_a_silent_fallback()
    {
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1).RenderPdf(), 150, Token);
        var empty = Directory.CreateDirectory(Path.Combine(Temp.Path, "no-models")).FullName;

        foreach (var engine in new[] { ImageOcrEngine.Auto, ImageOcrEngine.PpOcr })
        {
            var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
                Engine(o => o with { ImageEngine = engine, PpOcrModelDirectory = empty }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));
            Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
            Assert.Contains("*det*.onnx", error.Message);
        }
    }

    [Fact]
    public async Task Ppocr_by_name_without_any_model_folder_says_how_to_install_it()
    {
        if (LocalOcrOptions.DefaultPpOcrModelDirectories.Any(Directory.Exists))
            Assert.Skip("A default PP-OCR model folder exists on this machine, so 'none found' cannot be tested here.");
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1).RenderPdf(), 150, Token);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { PpOcrModelDirectory = null }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));

        Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
        Assert.Contains("OCR_PPOCR_MODEL_DIR", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_network_and_cleans_up()
    {
        await Tools.RequireImageMagickAsync();
        var png = await SampleInvoiceImages.RenderPngAsync(SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1).RenderPdf(), 200, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), cancel.Token));

        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Reads_a_sroie_receipt_scan_from_the_shared_dataset_with_its_spaces()
    {
        await Tools.RequireImageMagickAsync();
        var path = TestSupport.SharedFolder.Require("datasets/sroie-train/img/X00016469612.jpg");

        var document = await Engine().RecognizeAsync(TestFiles.Input(await File.ReadAllBytesAsync(path, Token), DocumentKind.Jpeg), Token);

        var text = OcrText.Of(document);
        // Ground truth from key/X00016469612.json: company BOOK TA .K (TAMAN DAYA) SDN BHD, date 25/12/2018, total 9.00.
        Assert.Contains("(TAMAN DAYA) SDN BHD", text);
        Assert.Contains("25/12/2018", text);
        Assert.Contains("9.00", text);
    }

    [Fact]
    public async Task A_line_printed_close_between_two_others_is_read_again_from_a_narrower_crop()
    {
        var convert = await Tools.RequireImageMagickAsync();
        // X51005361907 prints its address lines about 23 px apart; the detector's box for "NO. 53, JALAN BESAR, 45600 BATANG
        // BERJUNTAI" takes in the lines above and below, and one reading of it mixes all three.
        var path = TestSupport.SharedFolder.Require("datasets/sroie-train/img/X51005361907.jpg");
        var converted = await ProcessRunner.RunAsync(new ProcessSpec(convert, [path, "-colorspace", "Gray", "pgm:-"], TimeSpan.FromMinutes(1)), Token);
        var image = GrayImage.ReadPgm(converted.StandardOutput)!;
        var models = PpOcrModels.Load(_models, 1);

        var once = OcrText.Of(new PpOcrPageReader(models, new PpOcrSettings { CrowdedOverlap = double.PositiveInfinity }).Read(image, 1, Token));
        var again = OcrText.Of(new PpOcrPageReader(models, new PpOcrSettings()).Read(image, 1, Token));

        Assert.DoesNotContain("JALAN BESAR", once);
        Assert.Contains("JALAN BESAR", again);
        Assert.Contains("SELANGOR DARUL EHSAN", again);
    }

    [Fact]
    public async Task A_language_model_file_that_does_not_load_is_a_configuration_error_and_off_reads_without_one()
    {
        await Tools.RequireImageMagickAsync();
        var sample = SampleInvoiceCatalog.All.First(s => s.Expected.PageCount == 1);
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 150, Token);
        var notAModel = Path.Combine(Temp.Path, "not-a-model.lm");
        await File.WriteAllTextAsync(notAModel, "hello", Token);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(o => o with { LanguageModelPath = notAModel }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token));
        var off = await Engine(o => o with { LanguageModel = false, LanguageModelPath = notAModel }).RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.Equal(ErrorCodes.EngineConfiguration, error.Code);
        Assert.Contains("not-a-model.lm", error.Message);
        Assert.Contains(sample.Expected.InvoiceNumber, OcrText.Of(off));
    }

    [Fact]
    public async Task The_language_model_settles_near_ties_on_a_receipt_scan_the_recogniser_alone_gets_wrong()
    {
        await Tools.RequireImageMagickAsync();
        // Key address of X51005433514: "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN TAMPOI 81200 JOHOR BAHRU,JOHOR", printed
        // in mixed case; the recogniser alone reads "Perirdustrian". The shipped model was trained without the scanned receipts.
        var path = TestSupport.SharedFolder.Require("datasets/sroie-train/img/X51005433514.jpg");
        var input = TestFiles.Input(await File.ReadAllBytesAsync(path, Token), DocumentKind.Jpeg);

        var greedy = OcrText.Of(await Engine(o => o with { LanguageModel = false, CurrencySignCheck = false }).RecognizeAsync(input, Token));
        var withModel = OcrText.Of(await Engine(o => o with { CurrencySignCheck = false }).RecognizeAsync(input, Token));

        Assert.Contains("Kawasan Perirdustrian", greedy);
        Assert.Contains("Kawasan Perindustrian", withModel);
    }
}
