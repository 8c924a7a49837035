using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging.Decoding;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// An image a page draws: its size in samples, where it lands on the displayed page (page-relative, top-left origin,
/// after /Rotate and the crop box) and its content as the PDF carries it.
/// </summary>
internal sealed record PageImage(int Width, int Height, BoundingBox Placement, PageImageContent Content)
{
    /// <summary>
    /// Clockwise quarter turns (0–3) that show the decoded image the way the page displays it: 1 for a scan on a
    /// page with /Rotate 90, for example.
    /// </summary>
    public int QuarterTurns { get; init; }

    /// <summary>After <see cref="QuarterTurns"/>, the page shows the image flipped top to bottom (drawn bottom-up).</summary>
    public bool Mirrored { get; init; }
}
