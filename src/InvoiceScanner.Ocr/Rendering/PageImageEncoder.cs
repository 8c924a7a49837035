using SkiaSharp;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// A drawn page as the bytes sent to a browser: lossy WebP at quality 80 (a text page is a few tens of kilobytes, a
/// tenth of its PNG), PNG only when the WebP encoder fails.
/// </summary>
internal static class PageImageEncoder
{
    public const int WebpQuality = 80;

    public static (string ContentType, byte[] Content) Encode(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var pixmap = bitmap.PeekPixels() ?? throw new InvalidOperationException("The page bitmap has no pixels.");
        if (TryEncode(pixmap, p => p.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebpQuality))) is { } webp)
            return ("image/webp", webp);
        if (TryEncode(pixmap, p => p.Encode(SKPngEncoderOptions.Default)) is { } png)
            return ("image/png", png);
        throw new InvalidOperationException("Skia could encode the page neither as WebP nor as PNG.");
    }

    private static byte[]? TryEncode(SKPixmap pixmap, Func<SKPixmap, SKData?> encode)
    {
        try
        {
            using var data = encode(pixmap);
            return data is { Size: > 0 } ? data.ToArray() : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A codec missing from the native build throws rather than returning null: the fallback takes over.
            return null;
        }
    }
}
