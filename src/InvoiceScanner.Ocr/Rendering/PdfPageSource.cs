using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pdf.InProcess;
using SkiaSharp;
using UglyToad.PdfPig;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// A PDF opened once with PdfPig, its pages drawn one at a time: each page's content is recorded as a display list
/// through <see cref="DisplayListPageFactory"/>, painted, and let go before the next.
/// </summary>
/// <remarks>Not thread-safe (PdfPig parses lazily from one buffer): pages are drawn one after another.</remarks>
internal sealed class PdfPageSource : IDisposable
{
    /// <summary>
    /// At most this many pixels per point (720 dpi): a tiny page (a label, a ticket) is drawn large, not to any size.
    /// </summary>
    private const double MaxPixelsPerPoint = 10;

    private readonly PdfDocument document;
    private readonly StandInGlyphs standIns = new();
    private readonly DisplayListRasterizer rasterizer;

    private PdfPageSource(PdfDocument document, int pageCount, InProcessImageDecoder decoder)
    {
        this.document = document;
        PageCount = pageCount;
        rasterizer = new DisplayListRasterizer(new EmbeddedImageDecoder(document.Structure, decoder), standIns);
    }

    public int PageCount { get; }

    /// <summary>Opens the PDF; UNREADABLE_PDF, as the OCR says it, when it is not one, is damaged, locked or empty.</summary>
    public static PdfPageSource Open(ReadOnlyMemory<byte> pdf, InProcessImageDecoder decoder)
    {
        var (document, pages) = PdfOpener.Open(pdf, d => d.AddPageFactory<DisplayList, DisplayListPageFactory>());
        return new PdfPageSource(document, pages, decoder);
    }

    /// <summary>Page <paramref name="pageNumber"/> (1-based), its long side <paramref name="maxLongSide"/> pixels.</summary>
    public SKBitmap Draw(int pageNumber, int maxLongSide, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageNumber, PageCount);
        DisplayList list;
        using (RenderCancellation.Use(cancellationToken))
            list = document.GetPage<DisplayList>(pageNumber);
        using (list)
        {
            var scale = Math.Min(maxLongSide / Math.Max(list.Width, list.Height), MaxPixelsPerPoint);
            var width = Math.Clamp((int)Math.Round(list.Width * scale), 1, maxLongSide);
            var height = Math.Clamp((int)Math.Round(list.Height * scale), 1, maxLongSide);
            return rasterizer.Draw(list, width, height, cancellationToken);
        }
    }

    public void Dispose()
    {
        standIns.Dispose();
        document.Dispose();
    }
}
