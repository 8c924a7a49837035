using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// A frame of an uploaded image (JPEG, PNG, each page of a TIFF) as the OCR sees it — upright grey, EXIF orientation
/// applied, the frame its page-relative boxes refer to — scaled down so its long side fits, never up.
/// </summary>
internal sealed class ImageFrameRenderer(InProcessImageDecoder decoder)
{
    /// <summary>How many frames the file holds; UNREADABLE_IMAGE when it is not the image it claims to be.</summary>
    public int CountFrames(ReadOnlyMemory<byte> content, DocumentKind kind) => decoder.CountFrames(content, kind);

    /// <summary>Frame <paramref name="frame"/> (0-based) as a grey bitmap; the caller disposes of it.</summary>
    public SKBitmap Draw(ReadOnlyMemory<byte> content, DocumentKind kind, int frame, int maxLongSide, CancellationToken cancellationToken)
    {
        var grey = Shrunk(decoder.DecodeFrame(content, kind, frame, cancellationToken), maxLongSide, cancellationToken);
        var bitmap = new SKBitmap(new SKImageInfo(grey.Width, grey.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        if (bitmap.RowBytes == grey.Width)
        {
            grey.Pixels.CopyTo(pixels);
            return bitmap;
        }

        for (var y = 0; y < grey.Height; y++) grey.Pixels.AsSpan(y * grey.Width, grey.Width).CopyTo(pixels[(y * bitmap.RowBytes)..]);
        return bitmap;
    }

    /// <summary>
    /// The frame with its long side at most <paramref name="maxLongSide"/>, each output pixel the mean of the source
    /// pixels it covers: sharp text without aliasing, and several times faster than Skia's filters on grey pixels.
    /// </summary>
    private static GrayImage Shrunk(GrayImage grey, int maxLongSide, CancellationToken cancellationToken)
    {
        var (width, height) = Fit(grey.Width, grey.Height, maxLongSide);
        if (width == grey.Width && height == grey.Height) return grey;
        var builder = new GrayImageBuilder(grey.Width, grey.Height, width, height);
        for (var y = 0; y < grey.Height; y++)
        {
            if ((y & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            builder.AddRow(grey.Pixels.AsSpan(y * grey.Width, grey.Width));
        }

        return builder.Build();
    }

    /// <summary>The size with the long side at most <paramref name="maxLongSide"/>, keeping the aspect ratio.</summary>
    internal static (int Width, int Height) Fit(int width, int height, int maxLongSide)
    {
        var longSide = Math.Max(width, height);
        if (longSide <= maxLongSide) return (width, height);
        var scale = (double)maxLongSide / longSide;
        return (Math.Clamp((int)Math.Round(width * scale), 1, maxLongSide), Math.Clamp((int)Math.Round(height * scale), 1, maxLongSide));
    }
}
