using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// Decides, before any claim, whether an upload notice is the file its invoice waits for. An object under another
/// key of the invoice's folder (or of no invoice, or under a key naming none) is removed and never read; a file written after the upload URL
/// expired ends the invoice EXPIRED and is removed too. The invoice's own key passes, whatever its status: the claim
/// then decides (a duplicate or replayed event finds the invoice past AWAITING_UPLOAD).
/// </summary>
internal sealed class UploadGate(IInvoiceRepository invoices, IObjectStore objects, TimeProvider clock, ProcessingSettings settings)
{
    /// <summary>
    /// S3 refuses an expired URL when the request starts; a large file may still finish writing a little later, so
    /// the event's time is allowed this much past the expiry before the file counts as late.
    /// </summary>
    public static readonly TimeSpan LateGrace = TimeSpan.FromMinutes(2);

    /// <returns>null when the object is the invoice's awaited upload; otherwise how the notice ended.</returns>
    public async Task<ProcessingOutcome?> RefuseAsync(InvoiceObjectKey key, ObjectCreated created, CancellationToken cancellationToken)
    {
        var invoice = await invoices.GetAsync(key.UserId, key.InvoiceId, cancellationToken);
        if (invoice is null)
            return await RemoveAsync(key, "there is no such invoice for this key", cancellationToken);
        if (!string.Equals(invoice.UploadKey, key.Key, StringComparison.Ordinal))
            return await RemoveAsync(key, "the object is not at the invoice's upload key (the invoice takes one file, at the key it handed out)", cancellationToken);
        if (!IsLate(invoice, created))
            return null;
        if (invoice.Status == InvoiceStatus.AwaitingUpload)
            return await ExpireAsync(key, invoice, created, cancellationToken);
        // Already EXPIRED, or FAILED waiting for its file: a late file is not read either.
        if (invoice.Status is InvoiceStatus.Expired || invoice.Failure?.Code == InvoiceStatuses.ReopenedByUpload)
            return await RemoveAsync(key, $"the file was written after its upload URL expired; the invoice is {invoice.Status.ToWire()}", cancellationToken);
        return null;
    }

    /// <summary>
    /// A key that names no invoice. Under uploads/ only the invoices' presigned URLs write, and each names its invoice,
    /// so such an object was put there some other way: it is removed unread. Elsewhere it is not ours to touch.
    /// </summary>
    public async Task<ProcessingOutcome> RefuseUnownedAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(ObjectKeys.UploadsPrefix, StringComparison.Ordinal))
            return new ProcessingOutcome(key, OutcomeKind.Skipped, "not an upload key (uploads/{user}/{invoice}/{file})");
        await objects.DeleteAsync(key, cancellationToken);
        return new ProcessingOutcome(key, OutcomeKind.Removed, "ignored and removed: the key names no invoice (uploads/{user}/{invoice}/{file})");
    }

    private static bool IsLate(InvoiceRecord invoice, ObjectCreated created) =>
        created.At is { } at && invoice.UploadExpiresAt is { } expiresAt && at > expiresAt + LateGrace;

    private async Task<ProcessingOutcome> ExpireAsync(InvoiceObjectKey key, InvoiceRecord invoice, ObjectCreated created, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = $"The file was written at {created.At:u}, after its upload URL expired at {invoice.UploadExpiresAt:u}; it is not read. Create a new invoice to upload it.";
        var result = await invoices.TransitionAsync(key.UserId, key.InvoiceId, new StatusUpdate(InvoiceStatus.Expired, now)
        {
            Failure = new ProcessingFailure(ErrorCodes.UploadExpired, message, now),
            By = settings.Actor,
        }, CancellationToken.None);
        await objects.DeleteAsync(key.Key, CancellationToken.None);
        return new ProcessingOutcome(key.Key, OutcomeKind.Removed, message)
        {
            InvoiceId = key.InvoiceId,
            Code = ErrorCodes.UploadExpired,
            Status = (result.Applied ? InvoiceStatus.Expired : result.CurrentStatus ?? InvoiceStatus.Expired).ToWire(),
        };
    }

    private async Task<ProcessingOutcome> RemoveAsync(InvoiceObjectKey key, string why, CancellationToken cancellationToken)
    {
        await objects.DeleteAsync(key.Key, cancellationToken);
        return new ProcessingOutcome(key.Key, OutcomeKind.Removed, $"ignored and removed: {why}") { InvoiceId = key.InvoiceId };
    }
}
