using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Erasure;

/// <summary>How far one call of a user's erasure got; <see cref="Done"/> false means "call again".</summary>
public sealed record UserErasure(bool Done, int Invoices, int Items, int Objects);

/// <summary>
/// Erasure (GDPR): an invoice, or everything a user has. The order never leaves a visible record pointing to nothing:
/// the invoice is first marked as being erased (from then on it is missing to every read and refuses every write, so
/// the pipeline cannot resurrect it), then its objects go, then its other items, and the invoice item last. Every step
/// is idempotent, so a call that failed midway is simply made again and continues.
/// Only a caller's own invoices are erased, operators' too: erasure is the owner's right and cannot be undone, so an
/// operator's request for another user's invoice is a 404 like anyone's.
/// </summary>
public sealed class InvoiceErasure(IInvoiceErasureStore store, IObjectStore objects, TimeProvider clock, IDuplicateIndex? duplicates = null)
{
    /// <summary>Items and keys handled per round trip (DynamoDB writes them 25 at a time, S3 lists up to 1,000).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>DELETE /invoices/{id}: the caller's invoice with its objects and items; 404 when there is none (any more).</summary>
    public async Task EraseInvoiceAsync(Actor actor, string invoiceId, CancellationToken cancellationToken)
    {
        InvoiceAccess.RequireValidId(invoiceId);
        var invoice = await store.MarkErasingAsync(actor.Id, invoiceId, clock.GetUtcNow(), cancellationToken)
            ?? throw InvoiceAccess.NotFound(invoiceId);
        await EraseMarkedAsync(actor.Id, invoiceId, invoice, cancellationToken);
    }

    /// <summary>
    /// DELETE /me: every invoice (each as <see cref="EraseInvoiceAsync"/> does), then whatever items are left in the
    /// user's partition, then any object left under the user's prefixes. Stops between steps once <paramref name="stop"/>
    /// is cancelled (the invocation's time is nearly up); the next call starts again and finds less to do.
    /// </summary>
    public async Task<UserErasure> EraseUserAsync(string userId, CancellationToken stop, CancellationToken cancellationToken)
    {
        var (invoicesDone, invoices, invoiceObjects) = await EraseInvoicesAsync(userId, stop, cancellationToken);
        if (!invoicesDone)
            return new UserErasure(false, invoices, 0, invoiceObjects);
        var (itemsDone, items) = await DeleteLeftItemsAsync(userId, stop, cancellationToken);
        if (!itemsDone)
            return new UserErasure(false, invoices, items, invoiceObjects);
        var objectCount = invoiceObjects;
        // Besides the invoices' prefixes: the user's large exports, written under exports/{user}/ (ExpireExports removes them in a day).
        foreach (var prefix in (string[])[.. ObjectKeys.UserPrefixes(userId), ExportKeys.UserPrefix(userId)])
        {
            var (prefixDone, deleted) = await DeleteUnderAsync(prefix, stop, cancellationToken);
            objectCount += deleted;
            if (!prefixDone)
                return new UserErasure(false, invoices, items, objectCount);
        }
        return new UserErasure(true, invoices, items, objectCount);
    }

    private async Task<(bool Done, int Invoices, int Objects)> EraseInvoicesAsync(string userId, CancellationToken stop, CancellationToken cancellationToken)
    {
        var (invoices, objectCount) = (0, 0);
        while (true)
        {
            // Always the first page: each invoice erased leaves it, so the next page starts where this one ended.
            var ids = await store.InvoiceIdsAsync(userId, PageSize, cancellationToken);
            if (ids.Count == 0)
                return (true, invoices, objectCount);
            foreach (var id in ids)
            {
                if (stop.IsCancellationRequested)
                    return (false, invoices, objectCount);
                var invoice = await store.MarkErasingAsync(userId, id, clock.GetUtcNow(), cancellationToken);
                objectCount += await EraseMarkedAsync(userId, id, invoice, cancellationToken);
                invoices++;
            }
        }
    }

    private async Task<(bool Done, int Items)> DeleteLeftItemsAsync(string userId, CancellationToken stop, CancellationToken cancellationToken)
    {
        var items = 0;
        while (!stop.IsCancellationRequested)
        {
            var deleted = await store.DeletePartitionItemsAsync(userId, PageSize, cancellationToken);
            if (deleted == 0)
                return (true, items);
            items += deleted;
        }
        return (false, items);
    }

    /// <summary>The marked invoice's objects (idempotent deletes), then its items, the invoice item last; returns the objects deleted.</summary>
    private async Task<int> EraseMarkedAsync(string userId, string invoiceId, InvoiceRecord? invoice, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { ObjectKeys.OcrResult(userId, invoiceId) };
        if (invoice?.OcrKey is { } ocrKey && OwnedBy(ocrKey, userId, invoiceId))
            keys.Add(ocrKey);
        if (invoice?.UploadKey is { } uploadKey && OwnedBy(uploadKey, userId, invoiceId))
            keys.Add(uploadKey);
        foreach (var key in keys)
            await objects.DeleteAsync(key, cancellationToken);
        // A file written beside the upload (removed unread by ProcessInvoice, unless that failed) goes too.
        var (_, strays) = await DeleteUnderAsync(ObjectKeys.UploadFolder(userId, invoiceId), CancellationToken.None, cancellationToken);
        var (_, pages) = await DeleteUnderAsync(ObjectKeys.PagesFolder(userId, invoiceId), CancellationToken.None, cancellationToken);
        // Its duplicate lookups go before the record: each only where it still points to this invoice.
        if (duplicates is not null && invoice is not null)
        {
            foreach (var key in DuplicateKeys.Held(invoice))
                await duplicates.ReleaseAsync(userId, key, invoiceId, cancellationToken);
        }
        await store.DeleteInvoiceItemsAsync(userId, invoiceId, cancellationToken);
        return keys.Count + strays + pages;
    }

    /// <summary>Only keys of this user's invoice are deleted by name, whatever a stored record says.</summary>
    private static bool OwnedBy(string key, string userId, string invoiceId) =>
        ObjectKeys.Parse(key) is { } parsed && parsed.UserId == userId && parsed.InvoiceId == invoiceId;

    private async Task<(bool Done, int Deleted)> DeleteUnderAsync(string prefix, CancellationToken stop, CancellationToken cancellationToken)
    {
        var deleted = 0;
        string? next = null;
        do
        {
            if (stop.IsCancellationRequested)
                return (false, deleted);
            var page = await objects.ListAsync(prefix, next, PageSize, cancellationToken);
            foreach (var key in page.Keys)
                await objects.DeleteAsync(key, cancellationToken);
            deleted += page.Keys.Count;
            next = page.Next;
        }
        while (next is not null);
        return (true, deleted);
    }
}
