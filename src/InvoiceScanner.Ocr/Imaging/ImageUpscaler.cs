using InvoiceScanner.Core.Files;

namespace InvoiceScanner.Ocr.Imaging;

/// <summary>An upscaled copy of an image, and the size of the original it stands for.</summary>
internal sealed record UpscaledImage(string Path, int OriginalWidth, int OriginalHeight);

/// <summary>
/// Enlarges small print before tesseract reads an image (the options' <c>MinCharacterHeight</c> and <c>MaxUpscale</c>;
/// a height of 0 or a largest factor of 1 turns it off).
/// </summary>
internal sealed class ImageUpscaler(GrayImageDecoder decoder, int minCharacterHeight, double maxUpscale)
{
    /// <summary>
    /// Upscales an image whose characters are smaller than <c>MinCharacterHeight</c>: tesseract misreads small
    /// glyphs (a 75 dpi rendering loses most words; see the option for what it gains on receipt scans).
    /// Returns null, and the original is read, when the text is big enough, preprocessing is off, or no image
    /// converter is installed (a Lambda layer need not ship one) or it fails or prints no image.
    /// </summary>
    public async Task<UpscaledImage?> TryUpscaleAsync(string imagePath, DocumentKind kind, string workDirectory, CancellationToken cancellationToken)
    {
        if (minCharacterHeight <= 0 || maxUpscale <= 1) return null;
        if (await decoder.TryDecodeAsync(imagePath, kind, 0, shrinkLarge: false, cancellationToken).ConfigureAwait(false) is not { } image) return null;
        if (image.EstimateCharacterHeight() is not { } characterHeight) return null;
        var scale = Math.Min(minCharacterHeight / characterHeight, maxUpscale);
        // Keep the upscaled image within what tesseract handles comfortably (a 300 dpi A3 page is ~17 MP).
        const double MaxPixels = 40_000_000;
        scale = Math.Min(scale, Math.Sqrt(MaxPixels / ((double)image.Width * image.Height)));
        if (scale < 1.1) return null;

        var path = Path.Combine(workDirectory, "upscaled.pgm");
        await File.WriteAllBytesAsync(path, image.Resize(scale).ToPgm(), cancellationToken).ConfigureAwait(false);
        return new UpscaledImage(path, image.Width, image.Height);
    }
}
