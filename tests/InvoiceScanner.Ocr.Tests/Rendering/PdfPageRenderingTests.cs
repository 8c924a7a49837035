using System.IO.Compression;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Pdf.InProcess;
using InvoiceScanner.Ocr.Rendering;
using InvoiceScanner.Ocr.Tests.Imaging.Decoding;
using InvoiceScanner.Ocr.Tests.Pdf.InProcess;
using InvoiceScanner.Ocr.Tests.Support;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using static InvoiceScanner.Ocr.Tests.Rendering.RenderedPictures;
using PdfPigBuilder = UglyToad.PdfPig.Writer.PdfDocumentBuilder;

namespace InvoiceScanner.Ocr.Tests.Rendering;

public sealed class PdfPageRenderingTests
{
    /// <summary>The font the build ships beside the program (from npm), not one the machine may lack.</summary>
    private static readonly string EmbeddableFont = Path.Combine(StandInGlyphs.ShippedFontsDirectory, "DejaVuSans.ttf");

    [Fact]
    public async Task A_text_page_is_drawn_at_the_long_side_with_its_aspect_and_its_words_in_their_ocr_boxes()
    {
        var pdf = TestFiles.Sample("us-office-supply-invoice");

        var page = (await RenderAllAsync(pdf, DocumentKind.Pdf))[0];

        var text = TextLayer(pdf, 1);
        Assert.Equal(1, page.Number);
        Assert.Equal(1600, Math.Max(page.Width, page.Height));
        Assert.Equal(text.Width / text.Height, (double)page.Width / page.Height, 0.005);
        var picture = Decode(page);
        var words = text.Lines.SelectMany(l => l.Words).Where(w => w.Text.Length >= 4).ToList();
        Assert.True(words.Count >= 20, "the sample's text layer has words");
        foreach (var word in words) picture.AssertInked(word.Box, $"word '{word.Text}'");
        picture.AssertBlank(new BoundingBox(0, 0, 0.02, 0.02), "the top-left margin");
        picture.AssertBlank(new BoundingBox(0.98, 0.98, 0.02, 0.02), "the bottom-right margin");
    }

    [Fact]
    public async Task A_page_with_rotate_90_comes_out_as_displayed_and_its_words_land_in_their_boxes()
    {
        var builder = new PdfPigBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var pdfPage = builder.AddPage(612, 792);
        pdfPage.SetRotation(new PageRotationDegrees(90));
        pdfPage.AddText("Rotated invoice total 1234.56", 24, new PdfPoint(72, 700), font);
        var pdf = builder.Build();

        var page = Assert.Single(await RenderAllAsync(pdf, DocumentKind.Pdf));

        Assert.Equal((1600, 1236), (page.Width, page.Height));
        var picture = Decode(page);
        var words = TextLayer(pdf, 1).Lines.SelectMany(l => l.Words).ToList();
        Assert.Equal(["Rotated", "invoice", "total", "1234.56"], words.Select(w => w.Text));
        foreach (var word in words) picture.AssertInked(word.Box, $"word '{word.Text}'");
        // The text runs down the right of the landscape page, as a reader turning it sees it.
        picture.AssertBlank(new BoundingBox(0, 0, 0.5, 1), "the left half of the page");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(180)]
    [InlineData(270)]
    public async Task A_cropped_and_turned_page_shows_only_its_crop_box_with_the_words_in_their_boxes(int rotate)
    {
        // The crop box (412 × 592) keeps the middle of the page; text outside it is cut away.
        var pdf = RawPdf.SinglePage(
            "BT /F1 18 Tf 150 600 Td (Cropped invoice 4711) Tj ET BT /F1 18 Tf 20 20 Td (Outside) Tj ET",
            pageEntries: $"/MediaBox [0 0 612 792] /CropBox [100 100 512 692] /Rotate {rotate}");

        var page = Assert.Single(await RenderAllAsync(pdf, DocumentKind.Pdf));

        Assert.Equal(rotate == 270 ? (1600, 1114) : (1114, 1600), (page.Width, page.Height));
        var picture = Decode(page);
        var words = TextLayer(pdf, 1).Lines.SelectMany(l => l.Words).ToList();
        Assert.Equal(["Cropped", "invoice", "4711"], words.Select(w => w.Text));
        foreach (var word in words) picture.AssertInked(word.Box, $"word '{word.Text}'");
    }

    [Fact]
    public async Task Glyphs_of_an_embedded_font_are_drawn_from_their_outlines_inside_their_boxes()
    {
        if (!File.Exists(EmbeddableFont)) Assert.Skip($"{EmbeddableFont} is missing (local/install.sh installs it): no TrueType font to embed.");
        var builder = new PdfPigBuilder();
        var font = builder.AddTrueTypeFont(File.ReadAllBytes(EmbeddableFont));
        builder.AddPage(595, 842).AddText("Embedded Amount 987.65", 20, new PdfPoint(60, 600), font);
        var pdf = builder.Build();

        var picture = Decode(Assert.Single(await RenderAllAsync(pdf, DocumentKind.Pdf)));

        var words = TextLayer(pdf, 1).Lines.SelectMany(l => l.Words).ToList();
        Assert.Equal(3, words.Count);
        foreach (var word in words) picture.AssertInked(word.Box, $"word '{word.Text}'");
        var line = BoundingBox.UnionOf(words.Select(w => w.Box));
        picture.AssertBlank(new BoundingBox(line.Left, line.Bottom + 0.01, line.Width, 0.05), "below the line");
        picture.AssertBlank(new BoundingBox(line.Left, line.Top - 0.06, line.Width, 0.05), "above the line");
    }

    [Fact]
    public async Task Table_rules_and_filled_areas_appear_in_their_colours()
    {
        // A half-point rule across the page, a vertical one, and a red box.
        var pdf = RawPdf.SinglePage("0 0 0 RG 0.5 w 72 400 m 540 400 l S 300 100 m 300 300 l S 1 0 0 rg 100 600 50 50 re f");

        var picture = Decode(Assert.Single(await RenderAllAsync(pdf, DocumentKind.Pdf)));

        picture.AssertInked(Box(100, 401, 400, 399), "the horizontal rule");
        picture.AssertInked(Box(299, 300, 301, 100), "the vertical rule");
        picture.AssertBlank(Box(100, 410, 400, 405), "above the rule");
        var red = picture.ColorAt(125 / 612.0, (792 - 625) / 792.0);
        Assert.True(red.Red > 200 && red.Green < 60 && red.Blue < 60, $"the box is red, not {red}");
    }

    [Fact]
    public async Task A_scanned_page_shows_its_image_and_not_its_invisible_ocr_layer()
    {
        // A 64 × 64 grey scan, left half black, drawn over x 100–300, y 500–600; invisible (mode 3) text beside it.
        var samples = Enumerable.Range(0, 64 * 64).Select(i => (byte)(i % 64 < 32 ? 0 : 255)).ToArray();
        var pdf = RawPdf.SinglePage(
            "q 200 0 0 100 100 500 cm /Im1 Do Q BT 3 Tr /F1 40 Tf 320 520 Td (HIDDEN) Tj ET",
            xObjects: "/Im1 6 0 R",
            objects: RawPdf.Stream("/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Deflate(samples)));

        var picture = Decode(Assert.Single(await RenderAllAsync(pdf, DocumentKind.Pdf)));

        picture.AssertInked(Box(105, 595, 195, 505), "the scan's black half");
        Assert.True(picture.In(Box(105, 595, 195, 505)).Mean < 20, "the scan's black half is black");
        picture.AssertBlank(Box(205, 595, 295, 505), "the scan's white half");
        var hidden = Assert.Single(TextLayer(pdf, 1).Lines.SelectMany(l => l.Words));
        Assert.Equal("HIDDEN", hidden.Text);
        picture.AssertBlank(hidden.Box, "the invisible OCR text");
    }

    [Fact]
    public async Task A_jpeg_scan_is_drawn_where_the_page_places_it()
    {
        var scene = new TestScene(300, 200, new SKRectI(0, 0, 150, 200));
        var builder = new PdfPigBuilder();
        builder.AddPage(612, 792).AddJpeg(scene.Jpeg(), new PdfRectangle(100, 100, 400, 300));

        var picture = Decode(Assert.Single(await RenderAllAsync(builder.Build(), DocumentKind.Pdf)));

        picture.AssertInked(Box(110, 290, 240, 110), "the scan's black half");
        picture.AssertBlank(Box(260, 290, 390, 110), "the scan's white half");
        picture.AssertBlank(Box(420, 290, 600, 110), "the page beside the scan");
    }

    [Fact]
    public async Task A_logo_with_a_transparent_surround_does_not_come_out_as_a_black_box()
    {
        using var logo = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        logo.Erase(SKColors.Transparent);
        using (var canvas = new SKCanvas(logo))
        using (var paint = new SKPaint { Color = SKColors.Black })
            canvas.DrawRect(new SKRect(16, 16, 48, 48), paint);
        var builder = new PdfPigBuilder();
        builder.AddPage(612, 792).AddPng(TestScene.Encode(logo, SKEncodedImageFormat.Png, 100), new PdfRectangle(100, 500, 228, 628));

        var picture = Decode(Assert.Single(await RenderAllAsync(builder.Build(), DocumentKind.Pdf)));

        picture.AssertInked(Box(140, 588, 188, 540), "the logo's square");
        picture.AssertBlank(Box(102, 626, 126, 602), "the logo's transparent corner");
    }

    [Fact]
    public async Task Pages_beyond_the_limit_are_not_drawn_and_each_page_has_its_number()
    {
        var pages = await RenderAllAsync(TestFiles.PdfWithPages(3), DocumentKind.Pdf, new LocalOcrOptions { MaxPages = 2 });

        Assert.Equal([1, 2], pages.Select(p => p.Number));
        Assert.All(pages, p => Assert.Equal((1131, 1600), (p.Width, p.Height)));
    }

    [Fact]
    public async Task A_page_that_cannot_be_drawn_is_left_out_and_the_others_still_come()
    {
        // Page 1's /Contents points at a dictionary, not a stream; page 2 is fine.
        byte[][] objects =
        [
            RawPdf.Dictionary("<< /Type /Catalog /Pages 2 0 R >>"),
            RawPdf.Dictionary("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
            RawPdf.Dictionary("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>"),
            RawPdf.Dictionary("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>"),
            RawPdf.Stream("", "0 0 0 rg 100 100 200 200 re f"),
            RawPdf.Dictionary("<< /Not /AStream >>"),
        ];

        var page = Assert.Single(await RenderAllAsync(RawPdf.Build(objects), DocumentKind.Pdf));

        Assert.Equal(2, page.Number);
        Decode(page).AssertInked(Box(110, 290, 290, 110), "page 2's box");
    }

    [Theory]
    [InlineData("%PDF-1.7\nthis is not the rest of a PDF\n")]
    [InlineData("GIF89a, not a PDF at all")]
    public async Task A_pdf_that_cannot_be_opened_is_rejected_as_the_ocr_rejects_it(string content)
    {
        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => RenderAllAsync(System.Text.Encoding.ASCII.GetBytes(content), DocumentKind.Pdf));

        Assert.Equal(ErrorCodes.UnreadablePdf, rejected.Code);
    }

    [Fact]
    public async Task Cancellation_stops_between_pages()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var renderer = new PageImageRenderer(new LocalOcrOptions());
        var pages = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in renderer.RenderAsync(TestFiles.PdfWithPages(3), DocumentKind.Pdf, cancellation.Token))
            {
                pages.Add(page.Number);
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal([1], pages);
    }

    /// <summary>The OCR's own text layer of the page: the boxes evidence is shown in.</summary>
    private static OcrPage TextLayer(byte[] pdf, int page)
    {
        using var document = InProcessPdf.Open(pdf);
        return document.ReadTextLayer(page);
    }

    /// <summary>A page-relative box from PDF points on a 612 × 792 page (y up), given by two opposite corners.</summary>
    private static BoundingBox Box(double left, double top, double right, double bottom) =>
        BoundingBox.FromEdges(left / 612, (792 - top) / 792, right / 612, (792 - bottom) / 792);

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal)) zlib.Write(data);
        return output.ToArray();
    }
}
