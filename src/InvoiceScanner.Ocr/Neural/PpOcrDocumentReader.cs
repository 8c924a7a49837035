using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Reads uploaded images and rendered PDF pages with PP-OCR (<see cref="PpOcrPageReader"/>), then lets tesseract
/// complete what its alphabet lacks (<see cref="TesseractCompletion"/>).
/// </summary>
internal sealed class PpOcrDocumentReader(PpOcrPageReader reader, GrayImageDecoder decoder, TesseractCompletion completion)
{
    /// <summary>Every frame of the image, decoded by the image converter (the caller checked there is one).</summary>
    public async Task<OcrDocument> ReadImageAsync(string imagePath, DocumentKind kind, int frames, CancellationToken cancellationToken)
    {
        var pages = new List<OcrPage>(frames);
        for (var frame = 0; frame < frames; frame++)
        {
            var image = await decoder.TryDecodeAsync(imagePath, kind, frame, shrinkLarge: true, cancellationToken).ConfigureAwait(false)
                ?? throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The image could not be decoded{(frames > 1 ? $" (page {frame + 1})" : "")}.");
            pages.Add(await ReadAsync(image, frame + 1, cancellationToken).ConfigureAwait(false));
        }

        var completed = await completion.CompleteAsync(reader, pages, imagePath, dpi: null, cancellationToken).ConfigureAwait(false);
        return new OcrDocument("ppocr", completed) { FromTextLayer = false };
    }

    /// <summary>One PDF page rendered to a grey PGM at <paramref name="dpi"/>.</summary>
    public async Task<OcrPage> ReadPageAsync(string imagePath, int pageNumber, int dpi, CancellationToken cancellationToken)
    {
        var page = GrayImage.ReadPgm(await File.ReadAllBytesAsync(imagePath, cancellationToken).ConfigureAwait(false))
            ?? throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"Page {pageNumber} of the PDF was rendered to an unreadable image.");
        var read = await ReadAsync(page, pageNumber, cancellationToken).ConfigureAwait(false);
        return (await completion.CompleteAsync(reader, [read], imagePath, dpi, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// An image decoded in process; when tesseract completes the page it reads the image written to
    /// <paramref name="pgmPath"/> (and deleted after).
    /// </summary>
    public async Task<OcrPage> ReadImageAsync(GrayImage image, int pageNumber, string pgmPath, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(image, pageNumber, cancellationToken).ConfigureAwait(false);
        try
        {
            var completed = await completion.CompleteAsync(reader, [read], async ct =>
            {
                await File.WriteAllBytesAsync(pgmPath, image.ToPgm(), ct).ConfigureAwait(false);
                return pgmPath;
            }, dpi: null, cancellationToken).ConfigureAwait(false);
            return completed[0];
        }
        finally
        {
            WorkDirectory.DeleteQuietly(pgmPath);
        }
    }

    private Task<OcrPage> ReadAsync(GrayImage image, int pageNumber, CancellationToken cancellationToken) =>
        // The network runs on the CPU for about a second a page: off the caller's thread.
        Task.Run(() => reader.Read(image, pageNumber, cancellationToken), cancellationToken);
}
