using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// Invoice storage. Every operation is scoped by user id (the partition key), so no query reaches another
/// user's items, except the operators' two look-ups (<see cref="ReviewQueueAsync"/>, <see cref="FindOwnerAsync"/>).
/// <see cref="TransitionAsync"/> is a conditional write following <see cref="InvoiceStatuses"/>. Every write that changes
/// an invoice appends its <see cref="HistoryEntry"/> in the same transaction; history is never rewritten.
/// </summary>
public interface IInvoiceRepository
{
    /// <summary>Creates the record (version 1) with its "created" history entry (by its owner); throws if one with the same id exists.</summary>
    Task CreateAsync(InvoiceRecord invoice, CancellationToken cancellationToken);
    Task<InvoiceRecord?> GetAsync(string userId, string invoiceId, CancellationToken cancellationToken);
    Task<InvoicePage> ListAsync(InvoiceQuery query, CancellationToken cancellationToken);
    Task<TransitionResult> TransitionAsync(string userId, string invoiceId, StatusUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the lease of a claim still in <paramref name="claimed"/> so the retry of a failed invocation can take
    /// it again at once, and counts the failed attempt. Returns how many attempts in that status have failed so far,
    /// or 0 when the status has moved on (nothing released).
    /// </summary>
    Task<int> ReleaseClaimAsync(string userId, string invoiceId, InvoiceStatus claimed, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what was learnt about the uploaded file (facts, OCR result key, engine) without a status change: for when
    /// ExtractData picked the OCR result up before ProcessInvoice's own OCR_COMPLETE write. A no-op for a missing invoice.
    /// </summary>
    Task RecordDocumentAsync(string userId, string invoiceId, DocumentFacts document, string ocrKey, string ocrEngine, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a person's change: <paramref name="updated"/> whole (its <see cref="InvoiceRecord.Version"/> one above
    /// <paramref name="expectedVersion"/>), its history entries and, for a reprocess, the idempotency mark, in one
    /// transaction that holds only while the stored version is <paramref name="expectedVersion"/> and the mark is new.
    /// </summary>
    Task<ChangeOutcome> SaveChangeAsync(InvoiceRecord updated, long expectedVersion, IReadOnlyList<HistoryEntry> history,
        IdempotencyMark? mark, CancellationToken cancellationToken);

    Task<IdempotencyMark?> GetIdempotencyMarkAsync(string userId, string invoiceId, string key, CancellationToken cancellationToken);

    /// <summary>The invoice's whole history, oldest first (an invoice changes tens of times, not thousands).</summary>
    Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Every user's invoices in NEEDS_REVIEW, oldest first (operators only).</summary>
    Task<InvoicePage> ReviewQueueAsync(int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Whose invoice this is (operators only: they act on any user's invoice by its id).</summary>
    Task<string?> FindOwnerAsync(string invoiceId, CancellationToken cancellationToken);

    /// <summary>
    /// Every user's invoices not in a terminal status whose last change is before <paramref name="updatedBefore"/>,
    /// least recently changed first, at most <paramref name="max"/> (the sweeper's look-up).
    /// </summary>
    IAsyncEnumerable<InFlightInvoice> InFlightAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken);
}

public enum ChangeOutcome
{
    Applied,
    /// <summary>The stored version moved on (or the invoice is gone): nothing was written.</summary>
    Stale,
    /// <summary>The idempotency key was used before: nothing was written.</summary>
    DuplicateRequest,
}
