using InvoiceScanner.Core.Files;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// One page drawn as a picture for a person to look at: <see cref="Width"/> × <see cref="Height"/> pixels, encoded as
/// <see cref="ContentType"/> (image/webp or image/png). Evidence boxes are page-relative, so they scale onto it.
/// </summary>
public sealed record RenderedPage(int Number, int Width, int Height, string ContentType, ReadOnlyMemory<byte> Content)
{
    /// <summary>The file extension for the content type (".webp" or ".png").</summary>
    public string Extension => ContentType == "image/png" ? ".png" : ".webp";
}

/// <summary>
/// Draws each page of an uploaded PDF or image (every frame of a TIFF) as it is displayed, upright, its long side at
/// most the renderer's limit. Pages come one at a time so that only one is held in memory. Throws
/// <see cref="Invoices.DocumentRejectedException"/> when the document cannot be opened at all; a page that cannot be
/// drawn is left out (the others still come).
/// </summary>
public interface IPageImageRenderer
{
    IAsyncEnumerable<RenderedPage> RenderAsync(ReadOnlyMemory<byte> content, DocumentKind kind, CancellationToken cancellationToken);
}
