using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class TiffDecodingTests
{
    private static readonly TestScene Scene = new(320, 200, new SKRectI(40, 24, 200, 88));

    [Fact]
    public void Pages_of_a_multi_page_tiff_are_counted_and_decoded_one_by_one()
    {
        TestScene[] scenes =
        [
            Scene,
            new(200, 300, new SKRectI(120, 200, 180, 280)),
            new(160, 160, new SKRectI(16, 96, 64, 144)),
        ];
        var tiff = TiffTestFiles.Write(
            TiffTestFiles.Bilevel(scenes[0], Compression.CCITTFAX4, Photometric.MINISWHITE),
            TiffTestFiles.Grey(scenes[1], 8, Compression.LZW),
            TiffTestFiles.Rgb(scenes[2], Compression.DEFLATE));
        var decoder = new InProcessImageDecoder(new ImageDecodeLimits());

        Assert.Equal(3, decoder.CountFrames(tiff, DocumentKind.Tiff));
        for (var page = 0; page < 3; page++)
        {
            var image = decoder.DecodeFrame(tiff, DocumentKind.Tiff, page, TestContext.Current.CancellationToken);
            Assert.Equal((scenes[page].Width, scenes[page].Height), (image.Width, image.Height));
            scenes[page].AssertShownIn(image, margin: 1);
        }

        var rejection = TestScene.Rejected(ErrorCodes.UnreadableImage, () => decoder.DecodeFrame(tiff, DocumentKind.Tiff, 3, TestContext.Current.CancellationToken));
        Assert.Contains("page 4", rejection.Message);
    }

    [Theory]
    [InlineData(Compression.CCITTFAX4, Photometric.MINISWHITE)]
    [InlineData(Compression.CCITTFAX3, Photometric.MINISWHITE)]
    [InlineData(Compression.CCITTRLE, Photometric.MINISWHITE)]
    [InlineData(Compression.PACKBITS, Photometric.MINISBLACK)]
    [InlineData(Compression.NONE, Photometric.MINISWHITE)]
    [InlineData(Compression.LZW, Photometric.MINISBLACK)]
    public void Bilevel_tiff_decodes_to_black_on_white(Compression compression, Photometric photometric)
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Bilevel(Scene, compression, photometric)));

        AssertExactly(Scene, image);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Grey_tiff_decodes_to_the_scene(int bits)
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Grey(Scene, bits, Compression.DEFLATE)));

        AssertExactly(Scene, image);
    }

    [Fact]
    public void Palette_tiff_turns_its_colours_to_grey()
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Palette(Scene)));

        Assert.Equal(Luminance.Of(0x20, 0, 0), image.Pixels[Scene.Ink.Top * Scene.Width + Scene.Ink.Left]);
        Assert.Equal(255, image.Pixels[0]);
        Scene.AssertShownIn(image, margin: 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rgb_tiff_turns_to_luma_and_transparency_to_white(bool alpha)
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Rgb(Scene, Compression.LZW, alpha)));

        Assert.Equal(Luminance.Of(0, 0, 40), image.Pixels[Scene.Ink.Top * Scene.Width + Scene.Ink.Left]);
        Assert.Equal(255, image.Pixels[0]);
        Scene.AssertShownIn(image, margin: 0);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Cmyk_tiff_turns_its_inks_to_grey(int bits)
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Cmyk(Scene, bits)));

        Assert.Equal(Luminance.Of(255, 0, 0), image.Pixels[Scene.Ink.Top * Scene.Width + Scene.Ink.Left]);
        Assert.Equal(255, image.Pixels[0]);
        Assert.Equal(255, image.Pixels[^1]);
    }

    [Fact]
    public void Jpeg_compressed_ycbcr_tiff_decodes_to_the_scene()
    {
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.JpegYCbCr(Scene)));

        Assert.Equal((320, 200), (image.Width, image.Height));
        Scene.AssertShownIn(image);
    }

    [Fact]
    public void Orientation_tag_turns_the_page_upright()
    {
        // Orientation 8 (left-bottom): the stored rows are the upright columns from the bottom up.
        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Grey(Scene, 8, Compression.LZW, Orientation.LEFTBOT)));

        var upright = new TestScene(200, 320, new SKRectI(24, 320 - 200, 88, 320 - 40));
        AssertExactly(upright, image);
    }

    [Fact]
    public void Tiled_tiff_is_read_tile_row_by_tile_row_and_turned_upright()
    {
        var scene = new TestScene(200, 120, new SKRectI(24, 8, 120, 56)); // not a multiple of the 16-pixel tiles

        var image = Decode(TiffTestFiles.Write(TiffTestFiles.TiledRgb(scene, Orientation.RIGHTTOP)));

        var upright = new TestScene(120, 200, new SKRectI(120 - 56, 24, 120 - 8, 120));
        AssertExactly(upright, image);
    }

    [Fact]
    public void Tiff_larger_than_the_limit_is_scaled_down_row_by_row()
    {
        var scene = new TestScene(3000, 2000, new SKRectI(300, 1000, 1200, 1800));

        var image = Decode(TiffTestFiles.Write(TiffTestFiles.Grey(scene, 8, Compression.LZW)), new ImageDecodeLimits { MaxPixels = 1_000_000 });

        Assert.True((long)image.Width * image.Height <= 1_000_000, $"{image.Width}x{image.Height}");
        Assert.True(image.Width >= 1200);
        scene.AssertShownIn(image);
    }

    [Fact]
    public void Tiff_declaring_a_huge_size_is_too_large_before_any_pixel_is_decoded()
    {
        var tiff = TiffTestFiles.Write(TiffTestFiles.Grey(new TestScene(16, 16, new SKRectI(2, 2, 6, 6)), 8, Compression.NONE));
        SetEntry(tiff, 256, type: 4, count: 1, value: 100_000);
        SetEntry(tiff, 257, type: 4, count: 1, value: 100_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rejection = TestScene.Rejected(ErrorCodes.ImageTooLarge, () => Decode(tiff));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("100000x100000", rejection.Message);
        Assert.True(allocated < 2_000_000, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Tiff_entry_claiming_more_values_than_the_file_holds_is_refused_before_libtiff_allocates_them()
    {
        var tiff = TiffTestFiles.Write(TiffTestFiles.Grey(Scene, 8, Compression.LZW));
        SetEntry(tiff, 277, type: 3, count: 1_000_000_000, value: 8); // SamplesPerPixel: a billion SHORTs

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rejection = TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(tiff));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("tag 277", rejection.Message);
        Assert.True(allocated < 2_000_000, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Damaged_tiff_is_unreadable_and_libtiff_prints_nothing()
    {
        var tiff = TiffTestFiles.Write(TiffTestFiles.Bilevel(Scene, Compression.CCITTFAX4, Photometric.MINISWHITE));
        var garbage = new byte[4000];
        new Random(11).NextBytes(garbage);
        "II*\0"u8.CopyTo(garbage);
        var (output, error) = (Console.Out, Console.Error);
        using var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            Console.SetError(captured);
            TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(garbage));
            TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(tiff[..(tiff.Length / 2)]));
            TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(tiff[..6]));
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }

        Assert.Equal("", captured.ToString());
    }

    private static GrayImage Decode(byte[] tiff, ImageDecodeLimits? limits = null) =>
        new InProcessImageDecoder(limits ?? new ImageDecodeLimits()).DecodeFrame(tiff, DocumentKind.Tiff, 0, TestContext.Current.CancellationToken);

    private static void AssertExactly(TestScene scene, GrayImage image)
    {
        Assert.Equal((scene.Width, scene.Height), (image.Width, image.Height));
        for (var y = 0; y < scene.Height; y++)
            for (var x = 0; x < scene.Width; x++)
                Assert.True((scene.IsInk(x, y) ? 0 : 255) == image.Pixels[y * scene.Width + x], $"pixel {x},{y} is {image.Pixels[y * scene.Width + x]}");
    }

    /// <summary>Rewrites an entry of the first IFD of a little-endian TIFF.</summary>
    private static void SetEntry(byte[] tiff, ushort tag, ushort type, uint count, uint value)
    {
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (var i = 0; i < entries; i++)
        {
            var entry = tiff.AsSpan(ifd + 2 + 12 * i, 12);
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) != tag) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
            return;
        }

        throw new InvalidOperationException("No such tag.");
    }
}
