using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class PngDecodingTests
{
    private static readonly TestScene Scene = new(300, 200, new SKRectI(40, 30, 160, 90));

    [Theory]
    [InlineData(SKColorType.Rgba8888)]
    [InlineData(SKColorType.Gray8)]
    public void Png_decodes_to_the_scene_exactly(SKColorType colorType)
    {
        var image = Decode(Scene.Png(colorType));

        Assert.Equal((300, 200), (image.Width, image.Height));
        for (var y = 0; y < 200; y++)
            for (var x = 0; x < 300; x++) Assert.Equal(Scene.IsInk(x, y) ? 0 : 255, image.Pixels[y * 300 + x]);
    }

    [Fact]
    public void Transparent_background_is_laid_over_white_paper()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(200, 100, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var black = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(SKRect.Create(10, 10, 50, 30), black);
            using var halfBlack = new SKPaint { Color = SKColors.Black.WithAlpha(128) };
            canvas.DrawRect(SKRect.Create(100, 10, 50, 30), halfBlack);
        }

        var image = Decode(TestScene.Encode(bitmap, SKEncodedImageFormat.Png, 100));

        Assert.Equal(255, image.Pixels[0]);                  // transparent: white, not black
        Assert.Equal(255, image.Pixels[80 * 200 + 190]);
        Assert.Equal(0, image.Pixels[20 * 200 + 30]);        // opaque black text
        Assert.InRange(image.Pixels[20 * 200 + 120], 120, 135); // half-covered: mid grey
    }

    [Fact]
    public void Png_larger_than_the_limit_is_decoded_in_bands_and_scaled_down_with_its_content()
    {
        var scene = new TestScene(3000, 2000, new SKRectI(600, 1200, 1500, 1700));

        var image = Decode(scene.Png(), new ImageDecodeLimits { MaxPixels = 1_000_000 });

        Assert.True((long)image.Width * image.Height <= 1_000_000, $"{image.Width}x{image.Height}");
        Assert.True(image.Width >= 1200, $"{image.Width}x{image.Height}");
        scene.AssertShownIn(image);
    }

    [Theory]
    [InlineData(30_000_000)]
    [InlineData(60_000)] // several bands, each inflating the whole interlaced file again
    public void Interlaced_png_decodes_to_the_scene(long maxPixels)
    {
        var scene = new TestScene(400, 300, new SKRectI(50, 40, 250, 140));
        var pixels = new byte[400 * 300];
        for (var y = 0; y < 300; y++)
            for (var x = 0; x < 400; x++) pixels[y * 400 + x] = scene.IsInk(x, y) ? (byte)0 : (byte)255;

        var image = Decode(PngTestFiles.InterlacedGrey(400, 300, pixels), new ImageDecodeLimits { MaxPixels = maxPixels });

        Assert.True((long)image.Width * image.Height <= maxPixels);
        scene.AssertShownIn(image, margin: 2);
    }

    [Fact]
    public void Png_declaring_a_huge_size_is_too_large_before_any_pixel_is_decoded()
    {
        var png = PngTestFiles.WithDeclaredSize(Scene.Png(), 100_000, 100_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rejection = TestScene.Rejected(ErrorCodes.ImageTooLarge, () => Decode(png));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("100000x100000", rejection.Message);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Interlaced_png_whose_decoder_buffer_would_be_huge_is_too_large()
    {
        var pixels = new byte[64 * 64];
        var png = PngTestFiles.WithDeclaredSize(PngTestFiles.InterlacedGrey(64, 64, pixels), 12_000, 12_000);

        var rejection = TestScene.Rejected(ErrorCodes.ImageTooLarge, () => Decode(png));

        Assert.Contains("interlaced", rejection.Message);
    }

    [Fact]
    public void Truncated_or_garbled_png_is_unreadable()
    {
        var png = Scene.Png();
        var garbled = (byte[])png.Clone();
        new Random(5).NextBytes(garbled.AsSpan(40));

        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(png[..(png.Length * 2 / 3)]));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(png[..20]));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(garbled));
    }

    private static GrayImage Decode(byte[] png, ImageDecodeLimits? limits = null) =>
        new InProcessImageDecoder(limits ?? new ImageDecodeLimits()).DecodeFrame(png, DocumentKind.Png, 0, TestContext.Current.CancellationToken);
}
