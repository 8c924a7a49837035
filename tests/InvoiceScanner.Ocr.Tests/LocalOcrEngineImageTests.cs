using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests;

/// <summary><see cref="LocalOcrEngine"/> on images and scanned pages: tesseract, upscaling and the image converter.</summary>
// One collection: the three classes were one, and their tool runs and timeouts were measured running one at a time.
[Collection("LocalOcrEngine")]
public sealed class LocalOcrEngineImageTests : OcrEngineTestBase
{
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
