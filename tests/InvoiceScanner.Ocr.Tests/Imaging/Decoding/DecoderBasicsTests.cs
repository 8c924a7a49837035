using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class DecoderBasicsTests
{
    private static readonly InProcessImageDecoder Decoder = new(new ImageDecodeLimits());

    [Fact]
    public void Builder_averages_each_box_of_source_pixels()
    {
        var builder = new GrayImageBuilder(4, 4, 2, 2);
        builder.AddRow([0, 0, 100, 200]);
        builder.AddRow([0, 40, 100, 200]);
        builder.AddRow([255, 255, 10, 10]);
        builder.AddRow([255, 255, 10, 30]);

        var image = builder.Build();

        Assert.Equal([10, 150, 255, 15], image.Pixels);
    }

    [Fact]
    public void Builder_copies_rows_when_the_size_fits_and_refuses_extra_or_missing_rows()
    {
        var builder = GrayImageBuilder.Within(3, 2, 100);
        builder.AddRow([1, 2, 3]);
        Assert.Throws<InvalidOperationException>(builder.Build);
        builder.AddRow([4, 5, 6]);

        Assert.Equal([1, 2, 3, 4, 5, 6], builder.Build().Pixels);
        Assert.Throws<InvalidOperationException>(() => builder.AddRow([7, 8, 9]));
    }

    [Theory]
    [InlineData(4000, 3000, 1_000_000)]
    [InlineData(100_000, 10, 30_000)]
    [InlineData(7, 90_000, 50_000)]
    public void Fitted_size_holds_at_most_the_limit_and_keeps_the_aspect_ratio(int width, int height, long limit)
    {
        var (w, h) = DecodeSize.Fit(width, height, limit);

        Assert.True((long)w * h <= limit, $"{w}x{h}");
        Assert.True(w >= 1 && h >= 1 && w <= width && h <= height);
        if (w > 10 && h > 10) Assert.Equal((double)width / height, (double)w / h, 0.02 * width / height);
    }

    [Theory]
    [InlineData(1, 3, 2, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(2, 3, 2, new byte[] { 3, 2, 1, 6, 5, 4 })]
    [InlineData(3, 3, 2, new byte[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData(4, 3, 2, new byte[] { 4, 5, 6, 1, 2, 3 })]
    [InlineData(5, 2, 3, new byte[] { 1, 4, 2, 5, 3, 6 })]
    [InlineData(6, 2, 3, new byte[] { 4, 1, 5, 2, 6, 3 })]
    [InlineData(7, 2, 3, new byte[] { 6, 3, 5, 2, 4, 1 })]
    [InlineData(8, 2, 3, new byte[] { 3, 6, 2, 5, 1, 4 })]
    public void Each_of_the_eight_orientations_is_turned_upright(int orientation, int width, int height, byte[] upright)
    {
        // Stored: 1 2 3 / 4 5 6. Orientation 6 (camera turned right) must come out turned 90° clockwise, and so on.
        var stored = new GrayImage(3, 2, [1, 2, 3, 4, 5, 6]);

        var image = GrayOrientation.Upright(stored, orientation);

        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(upright, image.Pixels);
    }

    [Fact]
    public void Bytes_of_another_format_than_the_kind_are_refused_before_any_codec_sees_them()
    {
        var png = new TestScene(64, 32, new SKRectI(8, 8, 24, 24)).Png();

        var rejection = TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeFrame(png, DocumentKind.Jpeg, 0, TestContext.Current.CancellationToken));
        Assert.StartsWith("The image could not be decoded: ", rejection.Message);
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeFrame(png, DocumentKind.Pdf, 0, TestContext.Current.CancellationToken));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeFrame(ReadOnlyMemory<byte>.Empty, DocumentKind.Png, 0, TestContext.Current.CancellationToken));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.CountFrames(png, DocumentKind.Tiff));
    }

    [Fact]
    public void Jpeg_and_png_have_one_frame_only()
    {
        var scene = new TestScene(64, 32, new SKRectI(8, 8, 24, 24));

        Assert.Equal(1, Decoder.CountFrames(scene.Jpeg(), DocumentKind.Jpeg));
        Assert.Equal(1, Decoder.CountFrames(scene.Png(), DocumentKind.Png));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeFrame(scene.Png(), DocumentKind.Png, 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Corrupted_files_are_decoded_or_rejected_never_anything_else()
    {
        var scene = new TestScene(160, 120, new SKRectI(20, 20, 100, 60));
        (byte[] Data, DocumentKind Kind)[] seeds =
        [
            (scene.Jpeg(), DocumentKind.Jpeg),
            (scene.Png(), DocumentKind.Png),
            (TiffTestFiles.Write(
                TiffTestFiles.Bilevel(scene, BitMiracle.LibTiff.Classic.Compression.CCITTFAX4, BitMiracle.LibTiff.Classic.Photometric.MINISWHITE),
                TiffTestFiles.Rgb(scene, BitMiracle.LibTiff.Classic.Compression.LZW),
                TiffTestFiles.JpegYCbCr(scene)), DocumentKind.Tiff),
        ];
        var random = new Random(1234);
        for (var i = 0; i < 300; i++)
        {
            var (seed, kind) = seeds[i % seeds.Length];
            var data = (byte[])seed.Clone();
            if (i % 4 == 0) data = data[..random.Next(8, data.Length)];
            else
            {
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                    data[random.Next(4, random.Next(2) == 0 ? Math.Min(300, data.Length) : data.Length)] = (byte)random.Next(256);
            }

            try
            {
                var frames = Decoder.CountFrames(data, kind);
                Decoder.DecodeFrame(data, kind, random.Next(Math.Min(frames, 3)), TestContext.Current.CancellationToken);
            }
            catch (DocumentRejectedException e)
            {
                Assert.Contains(e.Code, new[] { ErrorCodes.UnreadableImage, ErrorCodes.ImageTooLarge });
            }
        }
    }

    [Fact]
    public void A_cancelled_decode_stops_with_cancellation_not_a_rejection()
    {
        var scene = new TestScene(400, 300, new SKRectI(50, 50, 150, 100));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Decoder.DecodeFrame(scene.Jpeg(), DocumentKind.Jpeg, 0, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Decoder.DecodeFrame(scene.Png(), DocumentKind.Png, 0, cancelled.Token));
        var tiff = TiffTestFiles.Write(TiffTestFiles.Grey(scene, 8, BitMiracle.LibTiff.Classic.Compression.LZW));
        Assert.ThrowsAny<OperationCanceledException>(() => Decoder.DecodeFrame(tiff, DocumentKind.Tiff, 0, cancelled.Token));
    }
}
