using System.Globalization;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Downloads;

/// <summary>A short-lived link to one page's image.</summary>
public sealed record PageImageLink(int Page, string Url, DateTimeOffset ExpiresAt, string ContentType);

/// <summary>A short-lived link to the file as it was uploaded, saved under its own name.</summary>
public sealed record OriginalFileLink(string Url, DateTimeOffset ExpiresAt, string FileName, string ContentType);

/// <summary>
/// What a person may look at of an invoice besides its data: its page images, the original file and an e-invoice's XML, each through a
/// presigned GET that expires after <see cref="LinkLifetime"/>. Reached like the invoice itself (own, or any as an
/// operator; anyone else's is "not found"), and only for objects that exist, so a link never leads to S3's own 404.
/// </summary>
public sealed class InvoiceDownloads(IInvoiceRepository invoices, IObjectStore objects, IDownloadUrlSigner signer, TimeProvider clock)
{
    /// <summary>Long enough to load a page or start a download, short enough that a link passed on soon stops working.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(5);

    /// <summary>No document is read beyond this many pages (the OCR's own limit is lower), so larger numbers are malformed.</summary>
    public const int MaxPageNumber = 1000;

    /// <summary>The image of page <paramref name="pageText"/> (1-based); PAGE_NOT_FOUND when there is none.</summary>
    public async Task<PageImageLink> PageAsync(Actor actor, string invoiceId, string pageText, CancellationToken cancellationToken)
    {
        var page = ParsePage(pageText);
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        foreach (var (extension, contentType) in PageFormats)
        {
            var key = ObjectKeys.PageImage(invoice.UserId, invoice.InvoiceId, page, extension);
            if (await objects.HeadAsync(key, cancellationToken) is null)
                continue;
            var expires = clock.GetUtcNow() + LinkLifetime;
            return new PageImageLink(page, signer.CreateDownloadUrl(new DownloadGrant(key, expires)).AbsoluteUri, expires, contentType);
        }
        throw new ReviewRefusedException(Refusal.NotFound, ErrorCodes.PageNotFound, invoice.Document?.Pages is { } pages && page > pages
            ? string.Create(CultureInfo.InvariantCulture, $"The invoice has {pages} page(s); there is no page {page}.")
            : invoice.Document?.Kind == Files.DocumentKind.Xml
                ? "An e-invoice's XML has no page images; GET /invoices/{id}/file returns the XML itself."
                : string.Create(CultureInfo.InvariantCulture, $"There is no image of page {page}: the invoice is still being read, or its pages could not be drawn."));
    }

    /// <summary>The uploaded file; SOURCE_GONE once the bucket's retention has removed it.</summary>
    public async Task<OriginalFileLink> OriginalAsync(Actor actor, string invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        return await FileLinkAsync(invoice.UploadKey, invoice.FileName, stored => stored.ContentType ?? invoice.ContentType, invoice.Document is null
            ? "The file has not been uploaded yet."
            : "The uploaded file is no longer stored (the bucket keeps uploads for a limited time); the invoice's data remains.", cancellationToken);
    }

    /// <summary>
    /// The e-invoice's XML: an XML upload itself, or the copy of the XML a hybrid PDF carries; NO_EINVOICE for any other
    /// invoice, SOURCE_GONE once the bucket's retention has removed it.
    /// </summary>
    public async Task<OriginalFileLink> EInvoiceAsync(Actor actor, string invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        var (key, fileName) = invoice.Document switch
        {
            { Kind: Files.DocumentKind.Xml } => (invoice.UploadKey, invoice.FileName),
            { Kind: Files.DocumentKind.Pdf, EInvoice: not null } document =>
                (ObjectKeys.EInvoiceCopy(invoice.UserId, invoice.InvoiceId), document.EInvoiceAttachment ?? "einvoice.xml"),
            _ => throw new ReviewRefusedException(Refusal.NotFound, ErrorCodes.NoEInvoice,
                "The invoice carries no e-invoice (it is not, or not yet known to be, an XML invoice or a PDF with one attached)."),
        };
        return await FileLinkAsync(key, fileName, _ => "application/xml",
            "The e-invoice's XML is no longer stored (the bucket keeps files for a limited time); the invoice's data remains.", cancellationToken);
    }

    /// <summary>A link to <paramref name="key"/>, saved as <paramref name="fileName"/>; SOURCE_GONE (<paramref name="gone"/>) when it is not stored.</summary>
    private async Task<OriginalFileLink> FileLinkAsync(string key, string fileName, Func<ObjectInfo, string> contentType, string gone,
        CancellationToken cancellationToken)
    {
        var stored = await objects.HeadAsync(key, cancellationToken)
            ?? throw new ReviewRefusedException(Refusal.NotFound, ErrorCodes.SourceGone, gone);
        var expires = clock.GetUtcNow() + LinkLifetime;
        var url = signer.CreateDownloadUrl(new DownloadGrant(key, expires, fileName));
        return new OriginalFileLink(url.AbsoluteUri, expires, fileName, contentType(stored));
    }

    private static readonly (string Extension, string ContentType)[] PageFormats = [(".webp", "image/webp"), (".png", "image/png")];

    private static int ParsePage(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= MaxPageNumber
            ? page
            : throw new ReviewRefusedException(Refusal.Invalid, ErrorCodes.ValidationFailed, "The page number is invalid.",
                new Dictionary<string, string> { ["n"] = string.Create(CultureInfo.InvariantCulture, $"a page number from 1 to {MaxPageNumber}") });
}
