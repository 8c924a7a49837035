using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Pdf;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>
/// The optional tools pipeline (<see cref="OcrPipeline.Tools"/>): the PDF text layer via poppler (<c>pdfinfo</c>,
/// <c>pdftotext</c>), pages without a usable text layer rendered with <c>pdftoppm</c>, images decoded by ImageMagick;
/// pixels read by PP-OCR or tesseract. Where poppler is installed it also reads pages drawn as vector paths.
/// </summary>
internal sealed class ToolsPipeline(LocalOcrOptions options, ToolRunner runner, PixelReaders readers) : IOcrPipeline
{
    private readonly PdfTextLayerReader _textLayer = new(runner, options.ToolTimeout, options.MinTextLayerWordsPerPage);
    private readonly PdfPageRenderer _renderer = new(runner, options.RasterDpi, options.ToolTimeout);

    public Task<OcrDocument> RecognizeAsync(ReadOnlyMemory<byte> content, DocumentKind kind, string workDirectory, CancellationToken cancellationToken) =>
        kind == DocumentKind.Pdf
            ? RecognizePdfAsync(content, workDirectory, cancellationToken)
            : RecognizeImageAsync(content, kind, workDirectory, cancellationToken);

    private async Task<OcrDocument> RecognizePdfAsync(ReadOnlyMemory<byte> content, string workDirectory, CancellationToken cancellationToken)
    {
        var pdfPath = Path.Combine(workDirectory, "input.pdf");
        await WorkDirectory.WriteFileAsync(pdfPath, content, cancellationToken).ConfigureAwait(false);

        var pageCount = await _textLayer.CountPagesAsync(pdfPath, cancellationToken).ConfigureAwait(false);
        if (pageCount > options.MaxPages)
            throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The PDF has {pageCount} pages; at most {options.MaxPages} are accepted.");

        var textLayer = await _textLayer.ReadAsync(pdfPath, pageCount, cancellationToken).ConfigureAwait(false);
        var pages = Enumerable.Range(1, pageCount)
            .Select(n => textLayer?.Pages.ElementAtOrDefault(n - 1) is { } p ? p : new OcrPage(n, 0, 0, []))
            .ToArray();

        var scanned = pages.Where(p => !_textLayer.HasUsableText(p)).Select(p => p.Number).ToList();
        var recognised = scanned.Count == 0 ? []
            : await PageScheduler.ForEachPageAsync(scanned, options.MaxParallelPages,
                (n, ct) => RecognizePdfPageAsync(pdfPath, n, workDirectory, ct), cancellationToken).ConfigureAwait(false);
        var fromPixels = TextLayerMerge.KeepBetter(pages, recognised);

        // The readers are only asked once a page was read from pixels: a text-layer PDF never loads the models.
        var engine = fromPixels == 0 ? "pdftotext"
            : (fromPixels == pages.Length ? "" : "pdftotext+") + readers.PixelEngineName;
        return new OcrDocument(engine, pages) { FromTextLayer = fromPixels == 0 };
    }

    private async Task<OcrPage> RecognizePdfPageAsync(string pdfPath, int pageNumber, string workDirectory, CancellationToken cancellationToken)
    {
        var imagePath = PdfPageRenderer.ImagePath(workDirectory, pageNumber);
        try
        {
            await _renderer.RenderAsync(pdfPath, pageNumber, workDirectory, cancellationToken).ConfigureAwait(false);
            if (readers.PpOcr is { } reader)
                return await reader.ReadPageAsync(imagePath, pageNumber, options.RasterDpi, cancellationToken).ConfigureAwait(false);

            return await readers.Tesseract.ReadPageAsync(imagePath, pageNumber, options.RasterDpi, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Pages are rendered one per worker and deleted at once, so /tmp holds at most MaxParallelPages images.
            WorkDirectory.DeleteQuietly(imagePath);
        }
    }

    private async Task<OcrDocument> RecognizeImageAsync(ReadOnlyMemory<byte> content, DocumentKind declared, string workDirectory, CancellationToken cancellationToken)
    {
        // Checked before tesseract sees the file: tesseract reads an unrecognised file as a list of image paths
        // to open, which must never happen with uploaded bytes.
        var actual = ImageFormats.Detect(content.Span)
            ?? throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The file is not a readable {declared.ToString().ToUpperInvariant()} image.");

        var pages = 1;
        if (actual == DocumentKind.Tiff && ImageFormats.CountTiffPages(content.Span, options.MaxPages) is { } tiffPages)
        {
            if (tiffPages > options.MaxPages)
                throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The TIFF has more than {options.MaxPages} pages.");
            pages = tiffPages;
        }

        var extension = actual switch { DocumentKind.Png => ".png", DocumentKind.Jpeg => ".jpg", _ => ".tif" };
        var imagePath = Path.Combine(workDirectory, "input" + extension);
        await WorkDirectory.WriteFileAsync(imagePath, content, cancellationToken).ConfigureAwait(false);

        if (readers.PpOcr is { } reader && await TryReadWithPpOcrAsync(reader, imagePath, actual, pages, cancellationToken).ConfigureAwait(false) is { } read)
            return read;

        return await readers.Tesseract.ReadImageAsync(imagePath, actual, pages, workDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every frame of the image with PP-OCR; null (and tesseract reads it) when no image converter is there
    /// to decode it, unless PP-OCR was asked for by name.
    /// </summary>
    private async Task<OcrDocument?> TryReadWithPpOcrAsync(PpOcrDocumentReader reader, string imagePath, DocumentKind kind, int frames, CancellationToken cancellationToken)
    {
        if (!readers.Converter.HasConverter)
        {
            if (options.ImageEngine != ImageOcrEngine.PpOcr) return null;
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                "PP-OCR needs ImageMagick (convert or magick) or GraphicsMagick (gm) to decode images in the tools pipeline: install imagemagick, set OCR_IMAGE_CONVERTER_PATH, or use OCR_PIPELINE=inprocess.");
        }

        return await reader.ReadImageAsync(imagePath, kind, frames, cancellationToken).ConfigureAwait(false);
    }
}
