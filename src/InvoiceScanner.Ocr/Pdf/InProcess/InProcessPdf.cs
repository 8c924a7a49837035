using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// A PDF read in process with PdfPig: its page count, each page's text layer (words and lines with boxes, grouped as
/// <c>pdftotext -bbox-layout</c> groups them) and the images each page draws. Replaces pdfinfo, pdftotext and the
/// image side of pdftoppm.
/// </summary>
/// <remarks>Not thread-safe: PdfPig parses lazily from one buffer, so callers serialise access to an instance.</remarks>
internal sealed class InProcessPdf : IDisposable
{
    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

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
        if (!HasPdfHeader(pdf.Span))
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The file is not a PDF (it has no %PDF header).");

        PdfDocument document;
        try
        {
            document = PdfDocument.Open(pdf, Options);
        }
        catch (PdfDocumentEncryptedException)
        {
            // Raised only when the empty user password fails: an owner password alone (print/copy limits) opens fine.
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The PDF is password-protected.");
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            throw Damaged(e);
        }

        try
        {
            var pages = document.NumberOfPages;
            if (pages < 1) throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The PDF has no pages.");
            return new InProcessPdf(document, pages);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            document.Dispose();
            throw e as DocumentRejectedException ?? Damaged(e);
        }
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

    private static DocumentRejectedException Damaged(Exception e) =>
        new(ErrorCodes.UnreadablePdf, $"The PDF is damaged and could not be read: {e.Message}");

    /// <summary>Readers accept the header anywhere in the first kilobyte (some files start with junk).</summary>
    private static bool HasPdfHeader(ReadOnlySpan<byte> data) =>
        data[..Math.Min(data.Length, 1024)].IndexOf("%PDF-"u8) >= 0;
}
