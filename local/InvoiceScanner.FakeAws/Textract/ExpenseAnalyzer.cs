using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.FakeAws;

/// <summary>One analysed document: what the OCR saw and what the extractor made of it.</summary>
internal sealed record DocumentAnalysis(OcrDocument Ocr, ExtractionResult Extraction, string Seed);

/// <summary>
/// Bytes → OCR → fields, refusing what Textract refuses: files that are not PNG/JPEG/PDF/TIFF
/// (UnsupportedDocumentException), unreadable files (BadDocumentException) and, on the synchronous API, documents
/// with more than one page (UnsupportedDocumentException).
/// </summary>
internal sealed class ExpenseAnalyzer(IOcrEngine ocr, IInvoiceExtractor extractor, ExtractionOptions extraction)
{
    public const string UnsupportedFormat = "Request has unsupported document format";

    public static DocumentKind KindOf(ReadOnlySpan<byte> content) =>
        FileSniffer.Sniff(content).Kind ?? throw new FakeAwsException(400, "UnsupportedDocumentException", UnsupportedFormat);

    public async Task<DocumentAnalysis> AnalyzeAsync(ReadOnlyMemory<byte> content, bool synchronous, CancellationToken cancellationToken)
    {
        var kind = KindOf(content.Span);
        if (kind == DocumentKind.Pdf && FileSniffer.LooksTruncatedPdf(content.Span))
            throw new FakeAwsException(400, "BadDocumentException", "Unable to read the document: the PDF has no end-of-file marker (truncated?).");
        if (synchronous && kind == DocumentKind.Pdf && PdfPages.CountHint(content.Span) > 1)
            throw new FakeAwsException(400, "UnsupportedDocumentException", UnsupportedFormat);

        OcrDocument document;
        try
        {
            document = await ocr.RecognizeAsync(new OcrInput("", "", kind, content), cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentRejectedException error) when (error.Code == ErrorCodes.NoTextFound)
        {
            // Textract reads a blank page as a page without text, not as an error.
            var pages = kind == DocumentKind.Pdf ? Math.Max(1, PdfPages.CountHint(content.Span)) : 1;
            document = new OcrDocument("fake-textract", Enumerable.Range(1, pages).Select(n => new OcrPage(n, 1, 1, [])).ToList());
        }
        catch (DocumentRejectedException error) when (error.Code is ErrorCodes.UnreadablePdf or ErrorCodes.UnreadableImage or ErrorCodes.EmptyFile)
        {
            throw new FakeAwsException(400, "BadDocumentException", "Unable to read the document: " + error.Message);
        }
        catch (DocumentRejectedException error) when (error.Code == ErrorCodes.TooManyPages)
        {
            throw new FakeAwsException(400, synchronous ? "UnsupportedDocumentException" : "DocumentTooLargeException",
                synchronous ? UnsupportedFormat : "The document has too many pages: " + error.Message);
        }
        catch (DocumentRejectedException error)
        {
            // The fake's own environment (missing tesseract, timeouts), not the document: a service-side fault.
            throw new FakeAwsException(500, "InternalServerError", $"The local OCR failed ({error.Code}): {error.Message}");
        }

        if (synchronous && document.Pages.Count > 1)
            throw new FakeAwsException(400, "UnsupportedDocumentException", UnsupportedFormat);

        var result = await extractor.ExtractAsync(document, extraction, cancellationToken).ConfigureAwait(false);
        var seed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.Span))[..16];
        return new DocumentAnalysis(document, result, seed);
    }
}
