using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class JpegDecodingTests
{
    private static readonly TestScene Scene = new(240, 120, new SKRectI(20, 10, 100, 50));

    [Fact]
    public void Colour_jpeg_decodes_to_the_scene()
    {
        var image = Decode(Scene.Jpeg());

        Assert.Equal((240, 120), (image.Width, image.Height));
        Scene.AssertShownIn(image);
    }

    [Fact]
    public void Grey_jpeg_decodes_to_the_scene()
    {
        var jpeg = Scene.Jpeg(SKColorType.Gray8);
        using (var codec = SKCodec.Create(new SKMemoryStream(jpeg))) Assert.Equal(SKColorType.Gray8, codec.Info.ColorType); // really a one-component JPEG

        var image = Decode(jpeg);

        Assert.Equal((240, 120), (image.Width, image.Height));
        Scene.AssertShownIn(image);
    }

    [Theory]
    [InlineData(1, 240, 120, 20, 10, 100, 50)]
    [InlineData(2, 240, 120, 140, 10, 220, 50)]
    [InlineData(3, 240, 120, 140, 70, 220, 110)]
    [InlineData(4, 240, 120, 20, 70, 100, 110)]
    [InlineData(5, 120, 240, 10, 20, 50, 100)]
    [InlineData(6, 120, 240, 70, 20, 110, 100)]
    [InlineData(7, 120, 240, 70, 140, 110, 220)]
    [InlineData(8, 120, 240, 10, 140, 50, 220)]
    public void Exif_orientation_turns_the_image_upright(int orientation, int width, int height, int left, int top, int right, int bottom)
    {
        // Orientation 6: the camera was turned right, so the stored top-left corner is the upright top-right corner.
        var jpeg = JpegTestFiles.WithExifOrientation(Scene.Jpeg(), orientation);
        using (var codec = SKCodec.Create(new SKMemoryStream(jpeg))) Assert.Equal(orientation, (int)codec.EncodedOrigin);

        var image = Decode(jpeg);

        Assert.Equal((width, height), (image.Width, image.Height));
        new TestScene(width, height, new SKRectI(left, top, right, bottom)).AssertShownIn(image);
    }

    [Theory]
    [InlineData(1_000_000, 1000, 750)]  // 1/4: 3/8 would be 1500x1125
    [InlineData(2_000_000, 1500, 1125)] // 3/8
    [InlineData(12_000_000, 4000, 3000)]
    public void Large_jpeg_is_decoded_at_the_largest_dct_scale_that_fits(long maxPixels, int width, int height)
    {
        var scene = new TestScene(4000, 3000, new SKRectI(1000, 600, 1800, 1400));

        var image = Decode(scene.Jpeg(quality: 80), new ImageDecodeLimits { MaxPixels = maxPixels });

        Assert.Equal((width, height), (image.Width, image.Height));
        scene.AssertShownIn(image);
    }

    [Fact]
    public void Jpeg_too_large_even_at_one_eighth_is_scaled_down_the_rest_of_the_way()
    {
        var scene = new TestScene(4000, 3000, new SKRectI(1000, 600, 1800, 1400));

        var image = Decode(scene.Jpeg(quality: 80), new ImageDecodeLimits { MaxPixels = 100_000 });

        Assert.True((long)image.Width * image.Height <= 100_000, $"{image.Width}x{image.Height}");
        Assert.True(image.Width > 300, $"{image.Width}x{image.Height}");
        scene.AssertShownIn(image);
    }

    [Fact]
    public void Truncated_jpeg_is_unreadable()
    {
        var jpeg = NoisyJpeg(800, 600);

        var rejection = TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(jpeg[..(jpeg.Length / 2)]));

        Assert.Contains("breaks off", rejection.Message);
    }

    [Fact]
    public void Garbage_after_the_jpeg_signature_is_unreadable()
    {
        var garbage = new byte[5000];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xFF;
        garbage[1] = 0xD8;
        garbage[2] = 0xFF;

        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decode(garbage));
    }

    [Fact]
    public void Jpeg_declaring_a_huge_size_is_too_large_before_any_pixel_is_decoded()
    {
        var jpeg = JpegTestFiles.WithDeclaredSize(Scene.Jpeg(), 65_000, 65_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rejection = TestScene.Rejected(ErrorCodes.ImageTooLarge, () => Decode(jpeg));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("65000x65000", rejection.Message);
        Assert.Contains("250000000", rejection.Message);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated");
    }

    private static Ocr.Imaging.GrayImage Decode(byte[] jpeg, ImageDecodeLimits? limits = null) =>
        new InProcessImageDecoder(limits ?? new ImageDecodeLimits()).DecodeFrame(jpeg, DocumentKind.Jpeg, 0, TestContext.Current.CancellationToken);

    /// <summary>Random pixels compress badly, so half the file is well inside the scan data.</summary>
    private static byte[] NoisyJpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(3);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return TestScene.Encode(bitmap, SKEncodedImageFormat.Jpeg, 90);
    }
}
