using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>
/// Reads one decoded grey image as a page: with PP-OCR (and tesseract completing it where installed), or with
/// tesseract alone when PP-OCR is not there. Page sizes are the image's pixels; boxes are image-relative.
/// </summary>
internal sealed class PixelPageReader(PixelReaders readers)
{
    public async Task<OcrPage> ReadAsync(GrayImage image, int pageNumber, string workDirectory, CancellationToken cancellationToken)
    {
        // Each image of each page has its own file name: pages are read side by side.
        var pgmPath = Path.Combine(workDirectory, $"page-{pageNumber}-{Guid.NewGuid():N}.pgm");
        if (readers.PpOcr is { } ppOcr)
            return await ppOcr.ReadImageAsync(image, pageNumber, pgmPath, cancellationToken).ConfigureAwait(false);

        if (!readers.Tesseract.IsInstalled)
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                $"Nothing here reads images: no PP-OCR model folder was found in {string.Join(", ", LocalOcrOptions.DefaultPpOcrModelDirectories)} (the build bundles them; run local/install.sh or set OCR_PPOCR_MODEL_DIR) and tesseract is not installed.");
        }

        try
        {
            await File.WriteAllBytesAsync(pgmPath, image.ToPgm(), cancellationToken).ConfigureAwait(false);
            var page = await readers.Tesseract.ReadPageAsync(pgmPath, pageNumber, dpi: null, cancellationToken).ConfigureAwait(false);
            return page with { Width = image.Width, Height = image.Height };
        }
        finally
        {
            WorkDirectory.DeleteQuietly(pgmPath);
        }
    }
}
