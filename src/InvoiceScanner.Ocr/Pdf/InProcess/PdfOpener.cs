using InvoiceScanner.Core.Invoices;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Opens a PDF with PdfPig the one way the OCR and the page images both need: lenient, missing fonts skipped, and every
/// way it can fail named as UNREADABLE_PDF (not a PDF, damaged, password-protected, no pages).
/// </summary>
internal static class PdfOpener
{
    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

    /// <summary>The opened document and its page count (at least 1); <paramref name="prepare"/> runs before it is handed out.</summary>
    public static (PdfDocument Document, int Pages) Open(ReadOnlyMemory<byte> pdf, Action<PdfDocument>? prepare = null)
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
            prepare?.Invoke(document);
            return (document, pages);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            document.Dispose();
            throw e as DocumentRejectedException ?? Damaged(e);
        }
    }

    private static DocumentRejectedException Damaged(Exception e) =>
        new(ErrorCodes.UnreadablePdf, $"The PDF is damaged and could not be read: {e.Message}");

    /// <summary>Readers accept the header anywhere in the first kilobyte (some files start with junk).</summary>
    private static bool HasPdfHeader(ReadOnlySpan<byte> data) =>
        data[..Math.Min(data.Length, 1024)].IndexOf("%PDF-"u8) >= 0;
}
