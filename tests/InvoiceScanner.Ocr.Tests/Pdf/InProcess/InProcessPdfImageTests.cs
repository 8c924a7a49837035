using System.IO.Compression;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pdf.InProcess;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using PdfPigBuilder = UglyToad.PdfPig.Writer.PdfDocumentBuilder;

namespace InvoiceScanner.Ocr.Tests.Pdf.InProcess;

public sealed class InProcessPdfImageTests
{
    [Fact]
    public void A_jpeg_is_handed_on_as_it_is_stored_with_where_it_is_drawn()
    {
        var jpeg = Encode(Filled(64, 48, new SKColor(90, 90, 90)), SKEncodedImageFormat.Jpeg);
        var builder = new PdfPigBuilder();
        builder.AddPage(612, 792).AddJpeg(jpeg, new PdfRectangle(100, 500, 300, 600));

        var image = Assert.Single(ReadImages(builder.Build()));

        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.Equal(jpeg, Assert.IsType<PageImageContent.Jpeg>(image.Content).Data.ToArray());
        AssertPlacement(new BoundingBox(100 / 612.0, 192 / 792.0, 200 / 612.0, 100 / 792.0), image.Placement);
        Assert.Equal((0, false), (image.QuarterTurns, image.Mirrored));
    }

    [Fact]
    public void A_png_becomes_grey_pixels_by_luminance()
    {
        var png = Encode(Filled(40, 40, new SKColor(255, 0, 0)), SKEncodedImageFormat.Png);
        var builder = new PdfPigBuilder();
        builder.AddPage(612, 792).AddPng(png, new PdfRectangle(100, 100, 200, 200));

        var pixels = Assert.IsType<PageImageContent.Pixels>(Assert.Single(ReadImages(builder.Build())).Content).Image;

        Assert.Equal((40, 40), (pixels.Width, pixels.Height));
        Assert.All(pixels.Pixels, p => Assert.InRange(p, 74, 78)); // 0.299 × 255
    }

    [Fact]
    public void A_flate_grey_image_keeps_its_exact_pixels()
    {
        var samples = Enumerable.Range(0, 40 * 34).Select(i => (byte)(i * 7 % 256)).ToArray();
        var pdf = RawPdf.WithImage("/Width 40 /Height 34 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Deflate(samples));

        var image = Assert.Single(ReadImages(pdf));

        var pixels = Assert.IsType<PageImageContent.Pixels>(image.Content).Image;
        Assert.Equal((40, 34), (pixels.Width, pixels.Height));
        Assert.Equal(samples, pixels.Pixels);
        AssertPlacement(new BoundingBox(100 / 612.0, 192 / 792.0, 200 / 612.0, 100 / 792.0), image.Placement);
    }

    [Fact]
    public void A_scan_cut_short_keeps_its_rows_and_the_rest_is_white()
    {
        var rows = Enumerable.Range(0, 40 * 20).Select(i => (byte)(i % 200)).ToArray();
        var pdf = RawPdf.WithImage("/Width 40 /Height 34 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Deflate(rows));

        var pixels = Assert.IsType<PageImageContent.Pixels>(Assert.Single(ReadImages(pdf)).Content).Image.Pixels;

        Assert.Equal(rows, pixels.Take(rows.Length));
        Assert.All(pixels.Skip(rows.Length), p => Assert.Equal(255, p));
    }

    [Theory]
    [InlineData("/DecodeParms << /K -1 /Columns 64 /BlackIs1 true /EncodedByteAlign true >>", -1, 64, 40, true, true)]
    [InlineData("/DecodeParms << /K 4 /Columns 60 /Rows 38 >>", 4, 60, 38, false, false)]
    [InlineData("/DecodeParms [<< /K -1 /Columns 64 >>] /Decode [1 0]", -1, 64, 40, true, false)]
    [InlineData("", 0, 64, 40, false, false)]
    public void Ccitt_data_is_handed_on_with_its_parameters(string parameters, int k, int columns, int rows, bool blackIs1, bool aligned)
    {
        byte[] data = [0x26, 0xA0, 0x11, 0x00, 0x10, 0x01];
        var pdf = RawPdf.WithImage($"/Width 64 /Height 40 /ImageMask true /Filter /CCITTFaxDecode {parameters}", data);

        var ccitt = Assert.IsType<PageImageContent.Ccitt>(Assert.Single(ReadImages(pdf)).Content);

        Assert.Equal(data, ccitt.Data.ToArray());
        Assert.Equal(new CcittParameters(columns, rows, k, blackIs1, aligned), ccitt.Parameters);
    }

    [Theory]
    [InlineData("/JBIG2Decode", "JBIG2")]
    [InlineData("/JPXDecode", "JPEG 2000")]
    public void Encodings_not_decoded_here_are_named(string filter, string reason)
    {
        var pdf = RawPdf.WithImage($"/Width 200 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter {filter}", [1, 2, 3, 4]);

        Assert.Equal(reason, Assert.IsType<PageImageContent.Unsupported>(Assert.Single(ReadImages(pdf)).Content).Reason);
    }

    [Fact]
    public void An_image_too_large_to_decode_is_reported_without_allocating_it()
    {
        var pdf = RawPdf.WithImage("/Width 20000 /Height 6000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Deflate([0, 0, 0]));

        var unsupported = Assert.IsType<PageImageContent.Unsupported>(Assert.Single(ReadImages(pdf)).Content);

        Assert.StartsWith("image too large", unsupported.Reason);
    }

    [Fact]
    public void Images_too_small_to_hold_text_are_left_out_and_the_rest_come_largest_first()
    {
        static byte[] Grey(int width, int height) =>
            RawPdf.Stream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8", new byte[width * height]);
        var pdf = RawPdf.SinglePage(
            "q 20 0 0 20 10 10 cm /Dot Do Q q 100 0 0 50 300 300 cm /Logo Do Q q 500 0 0 700 50 50 cm /Scan Do Q",
            xObjects: "/Dot 6 0 R /Logo 7 0 R /Scan 8 0 R",
            objects: [Grey(16, 16), Grey(120, 60), Grey(50, 70)]);

        var images = ReadImages(pdf);

        // The scan has fewer samples than the logo but covers most of the page.
        Assert.Equal([(50, 70), (120, 60)], images.Select(i => (i.Width, i.Height)));
    }

    [Fact]
    public void An_image_on_a_rotated_page_is_placed_in_the_displayed_frame_and_says_how_to_turn_it()
    {
        var jpeg = Encode(Filled(64, 48, SKColors.Gray), SKEncodedImageFormat.Jpeg);
        var builder = new PdfPigBuilder();
        var page = builder.AddPage(612, 792);
        page.SetRotation(new PageRotationDegrees(90));
        page.AddJpeg(jpeg, new PdfRectangle(100, 500, 300, 600));

        var image = Assert.Single(ReadImages(builder.Build()));

        // User space x 100..300, y 500..600 shows at x 500..600, y 100..300 of the 792 × 612 landscape page.
        AssertPlacement(new BoundingBox(500 / 792.0, 100 / 612.0, 100 / 792.0, 200 / 612.0), image.Placement);
        Assert.Equal((1, false), (image.QuarterTurns, image.Mirrored));
    }

    [Theory]
    [InlineData("40 0 0 34 200 300", 0, false)]
    [InlineData("0 34 -40 0 300 300", 3, false)]
    [InlineData("40 0 0 -34 200 334", 0, true)]
    public void Inline_images_are_read_with_their_orientation(string matrix, int quarterTurns, bool mirrored)
    {
        var samples = Enumerable.Range(0, 40 * 34).Select(i => (byte)(i % 40 * 6)).ToArray();
        var content = $"q {matrix} cm BI /W 40 /H 34 /BPC 8 /CS /G ID {System.Text.Encoding.Latin1.GetString(samples)} EI Q";

        var image = Assert.Single(ReadImages(RawPdf.SinglePage(content)));

        Assert.Equal(samples, Assert.IsType<PageImageContent.Pixels>(image.Content).Image.Pixels);
        Assert.Equal((quarterTurns, mirrored), (image.QuarterTurns, image.Mirrored));
    }

    [Theory]
    [MemberData(nameof(SampleFormats))]
    public void Samples_of_every_depth_and_colour_space_become_grey(string dictionary, byte[] samples, byte[] expected, string extraObject)
    {
        var pdf = RawPdf.SinglePage(
            "q 100 0 0 100 100 100 cm /Im1 Do Q",
            xObjects: "/Im1 6 0 R",
            objects: extraObject.Length == 0
                ? [RawPdf.Stream($"/Type /XObject /Subtype /Image /Width 32 /Height 32 {dictionary}", Tile(samples))]
                : [RawPdf.Stream($"/Type /XObject /Subtype /Image /Width 32 /Height 32 {dictionary}", Tile(samples)), RawPdf.Dictionary(extraObject)]);

        var pixels = Assert.IsType<PageImageContent.Pixels>(Assert.Single(ReadImages(pdf)).Content).Image;

        Assert.Equal(expected, pixels.Pixels.Take(expected.Length));
    }

    /// <summary>
    /// One 32-sample row's worth of data per case (repeated down the image), and the grey of its first pixels.
    /// </summary>
    public static TheoryData<string, byte[], byte[], string> SampleFormats() => new()
    {
        // 1-bit grey: 0 black, 1 white; /Decode [1 0] swaps them.
        { "/ColorSpace /DeviceGray /BitsPerComponent 1", [0b1010_0000, 0, 0, 0], [255, 0, 255, 0, 0], "" },
        { "/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0]", [0b1010_0000, 0, 0, 0], [0, 255, 0, 255, 255], "" },
        // A stencil mask paints (black) where the sample is 0.
        { "/ImageMask true /BitsPerComponent 1", [0b0100_0000, 0, 0, 0], [0, 255, 0], "" },
        // 2- and 4-bit grey scale to the full range.
        { "/ColorSpace /DeviceGray /BitsPerComponent 2", [0b00_01_10_11, 0, 0, 0, 0, 0, 0, 0], [0, 85, 170, 255], "" },
        { "/ColorSpace /DeviceGray /BitsPerComponent 4", [0x0F, 0x80, .. new byte[14]], [0, 255, 136, 0], "" },
        // 16-bit grey keeps the high byte's precision.
        { "/ColorSpace /DeviceGray /BitsPerComponent 16", [0xFF, 0xFF, 0x80, 0x00, .. new byte[60]], [255, 128, 0], "" },
        // RGB and CMYK by luminance.
        { "/ColorSpace /DeviceRGB /BitsPerComponent 8", [255, 0, 0, 0, 255, 0, 255, 255, 255, .. new byte[87]], [76, 150, 255, 0], "" },
        { "/ColorSpace /DeviceCMYK /BitsPerComponent 8", [0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 0, .. new byte[116]], [0, 255, 0], "" },
        // Indexed over RGB: 1-bit indices into a two-colour palette (black, then light grey).
        { "/ColorSpace [/Indexed /DeviceRGB 1 <000000C8C8C8>] /BitsPerComponent 1", [0b0110_0000, 0, 0, 0], [0, 200, 200, 0], "" },
        // ICC-based with three components, read as RGB.
        { "/ColorSpace [/ICCBased 7 0 R] /BitsPerComponent 8", [0, 0, 255, 255, 255, 255, .. new byte[90]], [29, 255, 0], "<< /N 3 /Alternate /DeviceRGB /Length 0 >>\nstream\n\nendstream" },
        // A separation's tint is ink: full tint through a grey alternate is black.
        { "/ColorSpace [/Separation /Spot /DeviceGray 7 0 R] /BitsPerComponent 8", [255, 0, .. new byte[30]], [0, 255], "<< /FunctionType 2 /Domain [0 1] /C0 [1] /C1 [0] /N 1 >>" },
    };

    private static IReadOnlyList<PageImage> ReadImages(byte[] pdf)
    {
        using var document = InProcessPdf.Open(pdf);
        return document.ReadImages(1);
    }

    private static byte[] Tile(byte[] row) => [.. Enumerable.Repeat(row, 32).SelectMany(r => r)];

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal)) zlib.Write(data);
        return output.ToArray();
    }

    private static SKBitmap Filled(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(color);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(format, 90))
            return data.ToArray();
    }

    private static void AssertPlacement(BoundingBox expected, BoundingBox actual) =>
        Assert.True(
            Math.Abs(expected.Left - actual.Left) < 1e-3 && Math.Abs(expected.Top - actual.Top) < 1e-3
            && Math.Abs(expected.Width - actual.Width) < 1e-3 && Math.Abs(expected.Height - actual.Height) < 1e-3,
            $"expected {expected}, got {actual}");
}
