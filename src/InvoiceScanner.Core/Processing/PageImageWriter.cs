using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>What drawing an invoice's pages came to: how many were stored, how long it took, and why it stopped short.</summary>
public sealed record PageImagesWritten(int Count, double Seconds, string? Problem)
{
    public static readonly PageImagesWritten None = new(0, 0, null);
}

/// <summary>
/// Draws the pages people look at beside the fields and stores them under pages/. Best effort: a document whose pages
/// cannot be drawn is still read and stored (the API then answers PAGE_NOT_FOUND for its images), so a renderer's
/// failure never costs an invoice its data. Runs before the OCR result is stored, so that an invoice shown as read has
/// its images.
/// </summary>
internal sealed class PageImageWriter(IPageImageRenderer? renderer, IObjectStore objects, TimeProvider clock)
{
    public async Task<PageImagesWritten> WriteAsync(InvoiceObjectKey upload, DocumentKind kind, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (renderer is null || kind == DocumentKind.Xml)
            return PageImagesWritten.None;
        var started = clock.GetTimestamp();
        var count = 0;
        try
        {
            await foreach (var page in renderer.RenderAsync(content, kind, cancellationToken).ConfigureAwait(false))
            {
                var key = ObjectKeys.PageImage(upload.UserId, upload.InvoiceId, page.Number, page.Extension);
                await objects.PutAsync(key, page.Content, page.ContentType, cancellationToken).ConfigureAwait(false);
                count++;
            }
            return new PageImagesWritten(count, clock.GetElapsedTime(started).TotalSeconds, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return new PageImagesWritten(count, clock.GetElapsedTime(started).TotalSeconds, e.Message);
        }
    }
}
