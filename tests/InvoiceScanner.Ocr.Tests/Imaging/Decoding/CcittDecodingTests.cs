using BitMiracle.LibTiff.Classic;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class CcittDecodingTests
{
    private static readonly TestScene Scene = new(333, 150, new SKRectI(30, 20, 211, 70));
    private static readonly InProcessImageDecoder Decoder = new(new ImageDecodeLimits());

    [Fact]
    public void Group4_data_taken_out_of_a_tiff_decodes_to_the_same_pixels()
    {
        var data = RawStrip(Compression.CCITTFAX4);

        var image = Decoder.DecodeCcitt(data, new CcittParameters(333, 150, K: -1, BlackIs1: false, EncodedByteAlign: false), TestContext.Current.CancellationToken);

        AssertPixels(image, inverted: false);
    }

    [Fact]
    public void BlackIs1_means_the_samples_are_1_for_black_which_draws_the_image_negative()
    {
        var data = RawStrip(Compression.CCITTFAX4);

        var image = Decoder.DecodeCcitt(data, new CcittParameters(333, 150, K: -1, BlackIs1: true, EncodedByteAlign: false), TestContext.Current.CancellationToken);

        AssertPixels(image, inverted: true);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(4, false)]
    [InlineData(4, true)]
    public void Group3_data_with_eol_codes_decodes_to_the_same_pixels(int k, bool byteAligned)
    {
        var options = (k > 0 ? Group3Opt.ENCODING2D : 0) | (byteAligned ? Group3Opt.FILLBITS : 0);
        var data = RawStrip(Compression.CCITTFAX3, tiff => tiff.SetField(TiffTag.GROUP3OPTIONS, options));

        var image = Decoder.DecodeCcitt(data, new CcittParameters(333, 150, k, BlackIs1: false, byteAligned), TestContext.Current.CancellationToken);

        AssertPixels(image, inverted: false);
    }

    [Fact]
    public void One_dimensional_data_without_eol_codes_and_byte_aligned_rows_decodes_to_the_same_pixels()
    {
        var data = RawStrip(Compression.CCITTRLE); // TIFF's Modified Huffman: no EOLs, every row starts on a byte

        var image = Decoder.DecodeCcitt(data, new CcittParameters(333, 150, K: 0, BlackIs1: false, EncodedByteAlign: true), TestContext.Current.CancellationToken);

        AssertPixels(image, inverted: false);
    }

    [Fact]
    public void Truncated_or_sizeless_ccitt_data_is_unreadable_and_a_huge_one_too_large()
    {
        var data = RawStrip(Compression.CCITTFAX4);
        var token = TestContext.Current.CancellationToken;

        var truncated = TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeCcitt(data.AsMemory(0, data.Length / 3), new CcittParameters(333, 150, -1, false, false), token));
        Assert.Contains("CCITT", truncated.Message);
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeCcitt(data, new CcittParameters(333, 0, -1, false, false), token));
        TestScene.Rejected(ErrorCodes.UnreadableImage, () => Decoder.DecodeCcitt(data, new CcittParameters(333, 150, -1, false, EncodedByteAlign: true), token));
        TestScene.Rejected(ErrorCodes.ImageTooLarge, () => Decoder.DecodeCcitt(data, new CcittParameters(100_000, 100_000, -1, false, false), token));
    }

    /// <summary>The scene encoded by LibTiff.NET as one white-is-zero strip, and that strip's bytes as they are stored.</summary>
    private static byte[] RawStrip(Compression compression, Action<Tiff>? options = null)
    {
        var tiff = TiffTestFiles.Write(TiffTestFiles.Bilevel(Scene, compression, Photometric.MINISWHITE, options));
        using var reader = Tiff.ClientOpen("strip", "r", new MemoryStream(tiff), new TiffStream());
        Assert.Equal(1, reader.NumberOfStrips());
        var data = new byte[reader.RawStripSize(0)];
        Assert.Equal(data.Length, reader.ReadRawStrip(0, data, 0, data.Length));
        return data;
    }

    private static void AssertPixels(GrayImage image, bool inverted)
    {
        Assert.Equal((Scene.Width, Scene.Height), (image.Width, image.Height));
        for (var y = 0; y < Scene.Height; y++)
            for (var x = 0; x < Scene.Width; x++)
                Assert.True((Scene.IsInk(x, y) != inverted ? 0 : 255) == image.Pixels[y * Scene.Width + x], $"pixel {x},{y} is {image.Pixels[y * Scene.Width + x]}");
    }
}
