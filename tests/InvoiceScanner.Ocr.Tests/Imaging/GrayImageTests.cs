using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Imaging;

public sealed class GrayImageTests
{
    [Fact]
    public void Pgm_round_trips_and_other_bytes_are_refused()
    {
        var image = new GrayImage(3, 2, [0, 10, 20, 30, 40, 255]);

        var read = GrayImage.ReadPgm(image.ToPgm());

        Assert.NotNull(read);
        Assert.Equal((3, 2), (read.Width, read.Height));
        Assert.Equal(image.Pixels, read.Pixels);
        Assert.NotNull(GrayImage.ReadPgm("P5\n# made by hand\n2 1\n255\n\u0001\u0002"u8));
        Assert.Null(GrayImage.ReadPgm("P5\n2 2\n255\n\u0001\u0002"u8));      // truncated pixels
        Assert.Null(GrayImage.ReadPgm("P2\n1 1\n255\n0\n"u8));               // plain-text PGM
        Assert.Null(GrayImage.ReadPgm("\u0089PNG\r\n"u8));
        Assert.Null(GrayImage.ReadPgm("P5\n0 1\n255\n"u8));
    }

    [Fact]
    public void Sixteen_bit_pgm_is_scaled_to_eight_bits()
    {
        var read = GrayImage.ReadPgm([.. "P5\n2 1\n65535\n"u8, 0xFF, 0xFF, 0x80, 0x00]);

        Assert.NotNull(read);
        Assert.Equal([255, 128], read.Pixels);
    }

    [Fact]
    public void Resize_scales_the_size_and_keeps_flat_areas_and_edges()
    {
        var pixels = new byte[10 * 10];
        for (var y = 0; y < 10; y++)
            for (var x = 5; x < 10; x++) pixels[y * 10 + x] = 200;
        var image = new GrayImage(10, 10, pixels);

        var larger = image.Resize(2.5);

        Assert.Equal((25, 25), (larger.Width, larger.Height));
        Assert.Equal(0, larger.Pixels[0]);
        Assert.Equal(200, larger.Pixels[24]);
        Assert.Equal(0, larger.Pixels[24 * 25 + 8]);
        Assert.Equal(200, larger.Pixels[24 * 25 + 16]);
    }

    [Fact]
    public async Task Character_height_follows_the_resolution_of_the_rendering()
    {
        var pdf = SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf();

        var at100 = Estimate(await TestFiles.GrayPageAsync(pdf, 1, 100));
        var at200 = Estimate(await TestFiles.GrayPageAsync(pdf, 1, 200));

        // Body text of ~9–10 pt: cap height ~7 pt, x-height ~5 pt, i.e. 7–10 px at 100 dpi.
        Assert.InRange(at100, 6, 12);
        Assert.InRange(at200 / at100, 1.7, 2.3);
    }

    [Fact]
    public void Mixed_case_text_is_measured_by_its_capitals_even_where_small_letters_are_the_majority()
    {
        // A line of 60 glyph outlines ("o"-like rings): 35 of x-height 7 px and 25 of cap height 10 px. (Characters
        // over a tenth of the image height count as pictures, hence the blank space below the line.)
        const int width = 60 * 8 + 10, height = 120;
        var pixels = Enumerable.Repeat((byte)255, width * height).ToArray();
        for (var i = 0; i < 60; i++)
        {
            var glyphHeight = i % 9 < 5 ? 7 : 10;
            var (left, bottom) = (5 + 8 * i, 40);
            for (var y = bottom - glyphHeight + 1; y <= bottom; y++)
                for (var x = left; x < left + 5; x++)
                    if (y == bottom - glyphHeight + 1 || y == bottom || x == left || x == left + 4) pixels[y * width + x] = 0;
        }

        Assert.Equal(10, new GrayImage(width, height, pixels).EstimateCharacterHeight());
    }

    [Fact]
    public void A_blank_or_nearly_blank_image_has_no_character_height()
    {
        Assert.Null(new GrayImage(50, 50, Enumerable.Repeat((byte)255, 2500).ToArray()).EstimateCharacterHeight());

        var pixels = Enumerable.Repeat((byte)255, 100 * 100).ToArray();
        for (var x = 10; x < 90; x++) pixels[50 * 100 + x] = 0; // one rule, no characters
        Assert.Null(new GrayImage(100, 100, pixels).EstimateCharacterHeight());
    }

    [Fact]
    public async Task Light_text_on_a_dark_ground_is_measured_like_dark_on_light()
    {
        var pdf = SampleInvoiceCatalog.Get("uk-joinery-invoice").RenderPdf();
        var page = await TestFiles.GrayPageAsync(pdf, 1, 100);
        var inverted = page.Pixels.Select(p => (byte)(255 - p)).ToArray();

        Assert.Equal(Estimate(page), new GrayImage(page.Width, page.Height, inverted).EstimateCharacterHeight());
    }

    private static double Estimate(SampleInvoices.Pdf.PdfGrayImage page) =>
        new GrayImage(page.Width, page.Height, page.Pixels).EstimateCharacterHeight() ?? throw new InvalidOperationException("no estimate");
}
