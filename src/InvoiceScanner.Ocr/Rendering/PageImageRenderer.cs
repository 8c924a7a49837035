using System.Runtime.CompilerServices;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr.Imaging.Decoding;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Draws each page of an uploaded document as a picture for a person to look at, in process: PDF pages in colour from
/// their content (vector text and rules, images) with PdfPig and Skia, image uploads as the grey frames the OCR read.
/// Pages come one at a time, in order, encoded as WebP (PNG if WebP fails); only one page's bitmap is held at once.
/// </summary>
/// <remarks>
/// The long side of a PDF page is <c>maxLongSide</c> pixels (up to 720 dpi for very small pages); an image is scaled
/// down to it but never up. Pages beyond <see cref="LocalOcrOptions.MaxPages"/> are not drawn, as the OCR does not
/// read them. A document that cannot be opened is rejected with the OCR's codes (UNREADABLE_PDF, UNREADABLE_IMAGE,
/// IMAGE_TOO_LARGE); a page that fails to draw is left out, and only when no page at all could be drawn is the first
/// page's failure thrown.
/// </remarks>
public sealed class PageImageRenderer : IPageImageRenderer
{
    private readonly int maxPages;
    private readonly int maxLongSide;
    private readonly InProcessImageDecoder decoder;

    public PageImageRenderer(LocalOcrOptions options, int maxLongSide = 1600)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLongSide, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLongSide, 8192);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPages, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxImagePixels, 1, nameof(options));
        maxPages = options.MaxPages;
        this.maxLongSide = maxLongSide;
        // Twice the output's pixels is enough to shrink from well (JPEGs are decoded at a DCT scale near it, everything
        // else area-averaged while decoding); never more than the OCR itself allows.
        var pixels = Math.Min(options.MaxImagePixels, Math.Max(2L * maxLongSide * maxLongSide, 1_000_000));
        decoder = new InProcessImageDecoder(new ImageDecodeLimits { MaxPixels = pixels });
    }

    public IAsyncEnumerable<RenderedPage> RenderAsync(ReadOnlyMemory<byte> content, DocumentKind kind, CancellationToken cancellationToken) =>
        kind switch
        {
            DocumentKind.Pdf => RenderPdfAsync(content, cancellationToken),
            DocumentKind.Jpeg or DocumentKind.Png or DocumentKind.Tiff => RenderImageAsync(content, kind, cancellationToken),
            _ => Rejected(new DocumentRejectedException(ErrorCodes.UnsupportedType, $"A {kind} document has no pages to draw.")),
        };

    private async IAsyncEnumerable<RenderedPage> RenderPdfAsync(ReadOnlyMemory<byte> content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var pdf = await Task.Run(() => PdfPageSource.Open(content, decoder), cancellationToken).ConfigureAwait(false);
        await foreach (var page in DrawEachAsync(Math.Min(pdf.PageCount, maxPages), n => pdf.Draw(n, maxLongSide, cancellationToken),
            failure => new DocumentRejectedException(ErrorCodes.UnreadablePdf, "No page of the PDF could be drawn: " + failure.Message, failure),
            cancellationToken).ConfigureAwait(false))
            yield return page;
    }

    private async IAsyncEnumerable<RenderedPage> RenderImageAsync(
        ReadOnlyMemory<byte> content, DocumentKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var frames = new ImageFrameRenderer(decoder);
        var count = Math.Min(await Task.Run(() => frames.CountFrames(content, kind), cancellationToken).ConfigureAwait(false), maxPages);
        // A single image that does not decode is an unreadable document, with the decoder's own code.
        await foreach (var page in DrawEachAsync(count, n => frames.Draw(content, kind, n - 1, maxLongSide, cancellationToken),
            failure => failure as DocumentRejectedException ?? new DocumentRejectedException(ErrorCodes.UnreadableImage, failure.Message, failure),
            cancellationToken).ConfigureAwait(false))
            yield return page;
    }

    /// <summary>
    /// Pages 1 to <paramref name="count"/>, drawn one after another off the calling thread. A page that fails is left out;
    /// when none could be drawn, the first failure is thrown as <paramref name="noneDrawn"/> words it.
    /// </summary>
    private static async IAsyncEnumerable<RenderedPage> DrawEachAsync(int count, Func<int, SKBitmap> draw,
        Func<Exception, DocumentRejectedException> noneDrawn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? firstFailure = null;
        var drawn = 0;
        for (var number = 1; number <= count; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pageNumber = number;
            var (page, failure) = await Task.Run(() => Attempt(pageNumber, () => draw(pageNumber)), cancellationToken).ConfigureAwait(false);
            firstFailure ??= failure;
            if (page is null) continue;
            drawn++;
            yield return page;
        }

        if (drawn == 0 && firstFailure is not null)
            throw noneDrawn(firstFailure);
    }

    /// <summary>Draws and encodes one page; a failure (other than cancellation) is returned, not thrown, so the others still come.</summary>
    private static (RenderedPage? Page, Exception? Failure) Attempt(int number, Func<SKBitmap> draw)
    {
        try
        {
            using var bitmap = draw();
            var (contentType, bytes) = PageImageEncoder.Encode(bitmap);
            return (new RenderedPage(number, bitmap.Width, bitmap.Height, contentType, bytes), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return (null, e);
        }
    }

    /// <summary>An iterator that only throws: the rejection surfaces when the pages are asked for, as the others' do.</summary>
    private static async IAsyncEnumerable<RenderedPage> Rejected(DocumentRejectedException rejection)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (rejection is not null) throw rejection;
        yield break;
    }
}
