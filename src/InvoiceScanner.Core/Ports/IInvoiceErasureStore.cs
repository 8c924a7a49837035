using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// The table side of erasure (GDPR), scoped by user id like <see cref="IInvoiceRepository"/>. An invoice marked as being
/// erased is missing to every read of the repository (get, list, history, review queue, sweeper) and refuses every
/// write (claims, transitions, a person's changes), so nothing resurrects it while its objects and items go.
/// </summary>
public interface IInvoiceErasureStore
{
    /// <summary>
    /// Marks the invoice as being erased and returns it as it stood; an invoice already marked is returned as well, so
    /// a retried erasure continues. Null when the user has no such invoice.
    /// </summary>
    Task<InvoiceRecord?> MarkErasingAsync(string userId, string invoiceId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the invoice's other items (history entries, idempotency marks), then the invoice item itself — last, so
    /// that a failure midway leaves the marked record for the retry. Nothing happens for items already gone.
    /// </summary>
    Task DeleteInvoiceItemsAsync(string userId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>The ids of up to <paramref name="max"/> of the user's invoices, those being erased included.</summary>
    Task<IReadOnlyList<string>> InvoiceIdsAsync(string userId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> of the items left in the user's partition (vendor memory, webhook settings,
    /// history of invoices already gone); returns how many it deleted (0: nothing is left to erase). The upload quota's
    /// counters stay: they hold no personal data, expire within two days, and erasing everything must not reset the
    /// day's quota.
    /// </summary>
    Task<int> DeletePartitionItemsAsync(string userId, int max, CancellationToken cancellationToken);
}
