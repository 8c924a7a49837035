using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.TestSupport;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

public sealed class SroieScanTests
{
    [Fact]
    public void Real_receipt_scans_decode_at_their_declared_size_and_are_mostly_light()
    {
        var folder = SharedFolder.Require("datasets/sroie-train/img");
        var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(4).ToList();
        Assert.NotEmpty(files);
        var decoder = new InProcessImageDecoder(new ImageDecodeLimits());

        foreach (var file in files)
        {
            var jpeg = File.ReadAllBytes(file);
            using var codec = SKCodec.Create(new SKMemoryStream(jpeg)); // the header's size, read without decoding
            var turned = codec.EncodedOrigin >= SKEncodedOrigin.LeftTop;
            var (width, height) = turned ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);

            var image = decoder.DecodeFrame(jpeg, DocumentKind.Jpeg, 0, TestContext.Current.CancellationToken);

            Assert.Equal((width, height), (image.Width, image.Height));
            var light = image.Pixels.Count(p => p >= 128) / (double)image.Pixels.Length;
            Assert.True(light > 0.6, $"{Path.GetFileName(file)}: only {light:P0} of the pixels are light");
        }
    }
}
