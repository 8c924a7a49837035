using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// A PDF read in process with PdfPig: its page count, each page's text layer (words and lines with boxes, grouped as
/// <c>pdftotext -bbox-layout</c> groups them) and the images each page draws. Replaces pdfinfo, pdftotext and the
/// image side of pdftoppm.
/// </summary>
/// <remarks>Not thread-safe: PdfPig parses lazily from one buffer, so callers serialise access to an instance.</remarks>
internal sealed class InProcessPdf : IDisposable
{
    private readonly PdfDocument document;
    private readonly FontMetricsTable fonts;
    private (int Number, Page Page)? lastPage;

    private InProcessPdf(PdfDocument document, int pageCount)
    {
        this.document = document;
        PageCount = pageCount;
        fonts = new FontMetricsTable(document.Structure);
    }

    public int PageCount { get; }

    /// <summary>Opens the PDF; UNREADABLE_PDF when it is not a PDF, is damaged, needs a password or has no pages.</summary>
    public static InProcessPdf Open(ReadOnlyMemory<byte> pdf)
    {
        var (document, pages) = PdfOpener.Open(pdf);
        return new InProcessPdf(document, pages);
    }

    /// <summary>Page <paramref name="pageNumber"/> (1-based)'s text layer; Width and Height in points as displayed.</summary>
    public OcrPage ReadTextLayer(int pageNumber) =>
        Guard(pageNumber, page => PageTextReader.Read(page, fonts, document.Structure, pageNumber));

    /// <summary>Every image page <paramref name="pageNumber"/> draws (32 samples a side or more), largest on the page first.</summary>
    public IReadOnlyList<PageImage> ReadImages(int pageNumber) =>
        Guard(pageNumber, page => PageImageReader.Read(page, document.Structure));

    public void Dispose() => document.Dispose();

    private T Guard<T>(int pageNumber, Func<Page, T> read)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageNumber, PageCount);
        try
        {
            // Text and images of a page are read back to back: parse its content stream once.
            if (lastPage is not { } cached || cached.Number != pageNumber)
                lastPage = cached = (pageNumber, document.GetPage(pageNumber));
            return read(cached.Page);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException and not DocumentRejectedException)
        {
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"Page {pageNumber} of the PDF could not be read: {e.Message}");
        }
    }
}
