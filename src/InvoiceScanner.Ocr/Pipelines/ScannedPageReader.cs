using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pdf.InProcess;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>A PDF page read from the images it draws, or why it could not be.</summary>
internal sealed record ScannedPage(OcrPage Page, string? Unreadable);

/// <summary>
/// Reads a PDF page without a usable text layer from the images it draws: a scan is one image covering the page, but
/// every image big enough to hold text is read, and its lines placed where the image is drawn on the page. Nothing is
/// rendered: a page whose text is drawn as vector paths, or whose scan is coded in a format not decoded here, is
/// returned as it was with the reason.
/// </summary>
internal sealed class ScannedPageReader(PixelPageReader reader, InProcessImageDecoder decoder)
{
    public async Task<ScannedPage> ReadAsync(InProcessPdf pdf, int pageNumber, OcrPage textPage, string workDirectory, CancellationToken cancellationToken)
    {
        IReadOnlyList<PageImage> images;
        // PdfPig's document is not safe to share between threads; pages are read side by side.
        lock (pdf) images = pdf.ReadImages(pageNumber);

        var readable = images.Where(i => i.Content is not PageImageContent.Unsupported).ToList();
        if (readable.Count == 0)
        {
            var reason = images.Count == 0
                ? "it has no text layer and no image (its text may be drawn as vector paths)"
                : "its image is coded as " + string.Join(", ", images.Select(i => ((PageImageContent.Unsupported)i.Content).Reason).Distinct()) + ", which is not decoded here";
            return new ScannedPage(textPage, reason);
        }

        var lines = new List<OcrLine>();
        (double Width, double Height)? size = null;
        foreach (var image in readable)
        {
            var pixels = await Task.Run(() => Displayed(Decode(image.Content, cancellationToken), image), cancellationToken).ConfigureAwait(false);
            var page = await reader.ReadAsync(pixels, pageNumber, workDirectory, cancellationToken).ConfigureAwait(false);
            var placement = image.Placement;
            lines.AddRange(page.Lines.Select(line => Place(line, placement)));
            // The page's size in the pixels of its first (largest) image, as a scanned page's would be.
            size ??= (pixels.Width / Math.Max(placement.Width, 1e-3), pixels.Height / Math.Max(placement.Height, 1e-3));
        }

        var ordered = lines.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left).ToList();
        return new ScannedPage(new OcrPage(pageNumber, Math.Round(size!.Value.Width), Math.Round(size.Value.Height), ordered), null);
    }

    private GrayImage Decode(PageImageContent content, CancellationToken cancellationToken) => content switch
    {
        PageImageContent.Pixels pixels => pixels.Image,
        PageImageContent.Jpeg jpeg => decoder.DecodeFrame(jpeg.Data, Core.Files.DocumentKind.Jpeg, 0, cancellationToken),
        PageImageContent.Ccitt ccitt => PaperWhite(decoder.DecodeCcitt(ccitt.Data, ccitt.Parameters, cancellationToken)),
        _ => throw new InvalidOperationException("Unsupported images are left out before decoding."),
    };

    /// <summary>The decoded image turned as the page shows it (a scan on a rotated page is stored sideways).</summary>
    private static GrayImage Displayed(GrayImage pixels, PageImage image) =>
        image.QuarterTurns % 4 == 0 && !image.Mirrored ? pixels : GrayOrientation.Upright(pixels, Orientation(image.QuarterTurns, image.Mirrored));

    /// <summary>
    /// The EXIF orientation number (as <see cref="GrayOrientation"/> takes it) of clockwise quarter turns followed, when
    /// mirrored, by a flip top to bottom.
    /// </summary>
    internal static int Orientation(int quarterTurns, bool mirrored) => (((quarterTurns % 4) + 4) % 4, mirrored) switch
    {
        (0, false) => 1,
        (0, true) => 4,
        (1, false) => 6,
        (1, true) => 7,
        (2, false) => 3,
        (2, true) => 2,
        (3, false) => 8,
        _ => 5,
    };

    /// <summary>
    /// A fax-coded scan comes out negative when its polarity is set by a /Decode array rather than BlackIs1; paper is
    /// white, so an image that is mostly dark is turned over.
    /// </summary>
    internal static GrayImage PaperWhite(GrayImage image)
    {
        long sum = 0;
        foreach (var pixel in image.Pixels) sum += pixel;
        if (sum >= 128L * image.Pixels.Length) return image;
        var inverted = new byte[image.Pixels.Length];
        for (var i = 0; i < inverted.Length; i++) inverted[i] = (byte)(255 - image.Pixels[i]);
        return new GrayImage(image.Width, image.Height, inverted);
    }

    /// <summary>A line read from an image, its boxes moved from the image's frame into the page's.</summary>
    internal static OcrLine Place(OcrLine line, BoundingBox placement)
    {
        BoundingBox Map(BoundingBox box) => new(
            placement.Left + box.Left * placement.Width, placement.Top + box.Top * placement.Height,
            box.Width * placement.Width, box.Height * placement.Height);
        return line with { Box = Map(line.Box), Words = line.Words.Select(w => w with { Box = Map(w.Box) }).ToList() };
    }
}
