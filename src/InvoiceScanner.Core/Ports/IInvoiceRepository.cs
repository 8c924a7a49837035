using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// Invoice storage. Every operation is scoped by user id (the partition key), so no query reaches another
/// user's items. <see cref="TransitionAsync"/> is a conditional write following <see cref="InvoiceStatuses"/>.
/// </summary>
public interface IInvoiceRepository
{
    /// <summary>Creates the record; throws if one with the same id exists.</summary>
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
}
