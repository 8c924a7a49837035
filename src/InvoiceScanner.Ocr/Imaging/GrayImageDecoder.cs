using System.Globalization;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Imaging;

/// <summary>
/// Decodes uploaded PNG, JPEG and TIFF images to 8-bit grey with the optional image converter (ImageMagick or
/// GraphicsMagick), for PP-OCR and for measuring the printed characters before tesseract.
/// </summary>
internal sealed class GrayImageDecoder(ToolRunner runner, TimeSpan toolTimeout)
{
    /// <summary>The estimate holds 5 bytes per pixel; images larger than this are photos with big enough text anyway.</summary>
    private const int MaxPreprocessedPixels = 30_000_000;

    /// <summary>Whether an image converter is there to decode with.</summary>
    public bool HasConverter => runner.Tools.TryResolveImageConverter() is not null;

    /// <summary>
    /// One frame of the image as 8-bit grey, decoded by the image converter; null when there is no converter, it
    /// fails or prints no image, or the image is larger than <see cref="MaxPreprocessedPixels"/>. With
    /// <paramref name="shrinkLarge"/> a larger image (a 48 MP phone photo) is scaled down to that size instead.
    /// </summary>
    public async Task<GrayImage?> TryDecodeAsync(string imagePath, DocumentKind kind, int frame, bool shrinkLarge, CancellationToken cancellationToken)
    {
        var converter = runner.Tools.TryResolveImageConverter();
        if (converter is null) return null;

        // The decoder is named ("png:…"), never guessed, so only the format the magic bytes showed is ever parsed;
        // "[n]": that frame only; grey 8-bit PGM on stdout, which is all GrayImage reads.
        var decoder = kind switch { DocumentKind.Png => "png:", DocumentKind.Jpeg => "jpeg:", _ => "tiff:" };
        List<string> arguments = [decoder + imagePath + "[" + Invariant(frame) + "]", "-colorspace", "Gray", "-depth", "8"];
        if (shrinkLarge) arguments.AddRange(["-resize", Invariant(MaxPreprocessedPixels) + "@>"]); // area, and only ever down
        arguments.Add("pgm:-");
        if (ToolLocator.IsGraphicsMagick(converter)) arguments.Insert(0, "convert");
        ProcessResult converted;
        try
        {
            converted = await ProcessRunner.RunAsync(new ProcessSpec(converter, arguments, toolTimeout)
            {
                Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1", ["MAGICK_THREAD_LIMIT"] = "1" },
                MaxOutputBytes = MaxPreprocessedPixels + 4096, // one byte a pixel, and the header
                Started = runner.Started,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProcessStartException or ProcessTimeoutException or ProcessOutputTooLargeException)
        {
            return null;
        }

        if (converted.ExitCode != 0 || GrayImage.ReadPgm(converted.StandardOutput) is not { } image) return null;
        cancellationToken.ThrowIfCancellationRequested();
        return (long)image.Width * image.Height > MaxPreprocessedPixels ? null : image;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
