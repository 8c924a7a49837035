using System.Collections.Concurrent;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pdf;
using InvoiceScanner.Ocr.Pdf.InProcess;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>
/// The default pipeline (<see cref="OcrPipeline.InProcess"/>): no external program. PDFs are read with PdfPig (text
/// layer with word boxes; pages without a usable one from the images they draw), images are decoded in process
/// (<see cref="InProcessImageDecoder"/>), and pixels are read by PP-OCR (tesseract only completes what PP-OCR's
/// alphabet lacks, where it is installed).
/// </summary>
internal sealed class InProcessPipeline(LocalOcrOptions options, PixelReaders readers, InProcessImageDecoder decoder) : IOcrPipeline
{
    private readonly PixelPageReader _pixels = new(readers);
    private readonly ScannedPageReader _scannedPages = new(new PixelPageReader(readers), decoder);

    public Task<OcrDocument> RecognizeAsync(ReadOnlyMemory<byte> content, DocumentKind kind, string workDirectory, CancellationToken cancellationToken) =>
        kind == DocumentKind.Pdf
            ? RecognizePdfAsync(content, workDirectory, cancellationToken)
            : RecognizeImageAsync(content, kind, workDirectory, cancellationToken);

    private async Task<OcrDocument> RecognizePdfAsync(ReadOnlyMemory<byte> content, string workDirectory, CancellationToken cancellationToken)
    {
        // PdfPig parses on the calling thread: off it, as a page of text can take a while.
        using var pdf = await Task.Run(() => InProcessPdf.Open(content), cancellationToken).ConfigureAwait(false);
        if (pdf.PageCount > options.MaxPages)
            throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The PDF has {pdf.PageCount} pages; at most {options.MaxPages} are accepted.");

        var pages = new OcrPage[pdf.PageCount];
        for (var n = 1; n <= pages.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pages[n - 1] = pdf.ReadTextLayer(n);
        }

        var scanned = pages.Where(p => !PdfTextLayerReader.HasUsableText(p, options.MinTextLayerWordsPerPage)).Select(p => p.Number).ToList();
        var unreadable = new ConcurrentDictionary<int, string>();
        var recognised = scanned.Count == 0 ? []
            : await PageScheduler.ForEachPageAsync(scanned, options.MaxParallelPages, async (n, ct) =>
            {
                var read = await _scannedPages.ReadAsync(pdf, n, pages[n - 1], workDirectory, ct).ConfigureAwait(false);
                if (read.Unreadable is { } reason) unreadable[n] = reason;
                return read.Page;
            }, cancellationToken).ConfigureAwait(false);
        var fromPixels = TextLayerMerge.KeepBetter(pages, recognised);

        if (!unreadable.IsEmpty && !pages.Any(p => PdfTextLayerReader.WordCount(p) > 0))
        {
            var reasons = unreadable.OrderBy(r => r.Key).Select(r => $"page {r.Key}: {r.Value}");
            throw new DocumentRejectedException(ErrorCodes.PageNotReadable,
                $"No page could be read ({string.Join("; ", reasons)}). The Textract engine reads such pages.");
        }

        var engine = fromPixels == 0 ? "pdfpig" : (fromPixels == pages.Length ? "" : "pdfpig+") + readers.PixelEngineName;
        return new OcrDocument(engine, pages) { FromTextLayer = fromPixels == 0 };
    }

    private async Task<OcrDocument> RecognizeImageAsync(ReadOnlyMemory<byte> content, DocumentKind declared, string workDirectory, CancellationToken cancellationToken)
    {
        // The bytes decide the format, never the name or the declared type.
        var actual = ImageFormats.Detect(content.Span)
            ?? throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The file is not a readable {declared.ToString().ToUpperInvariant()} image.");
        var frames = decoder.CountFrames(content, actual);
        if (frames > options.MaxPages)
            throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The {actual.ToString().ToUpperInvariant()} has {frames} pages; at most {options.MaxPages} are accepted.");

        var pages = await PageScheduler.ForEachPageAsync(Enumerable.Range(1, frames).ToList(), options.MaxParallelPages, async (n, ct) =>
        {
            var image = await Task.Run(() => decoder.DecodeFrame(content, actual, n - 1, ct), ct).ConfigureAwait(false);
            return await _pixels.ReadAsync(image, n, workDirectory, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new OcrDocument(readers.PixelEngineName, pages) { FromTextLayer = false };
    }
}
