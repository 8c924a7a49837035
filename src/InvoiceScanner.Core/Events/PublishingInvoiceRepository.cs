using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Events;

/// <summary>
/// The repository that tells the bus: every write that ends an invoice's reading (COMPLETED, NEEDS_REVIEW, FAILED) or
/// approves it publishes its <see cref="InvoiceEvent"/> once the write has landed. Every function that changes invoices
/// writes through here, so no path (the pipeline, the sweeper, a person's correction or approval) is left out; a write
/// that did not apply (a redelivered event, a lost race) publishes nothing, so one change is told once.
/// A bus that cannot be reached after its own retries does not undo the write: <paramref name="unpublished"/> is told
/// (the functions log it as an error, which the error alarm counts) and the work goes on.
/// </summary>
public sealed class PublishingInvoiceRepository(
    IInvoiceRepository inner, IInvoiceEventBus bus, TimeProvider clock, Action<InvoiceEvent, Exception> unpublished) : IInvoiceRepository
{
    public async Task<TransitionResult> TransitionAsync(string userId, string invoiceId, StatusUpdate update, CancellationToken cancellationToken)
    {
        var result = await inner.TransitionAsync(userId, invoiceId, update, cancellationToken);
        if (result.Applied && InvoiceEvents.ForStatus(update.To) is { } detailType
            && await inner.GetAsync(userId, invoiceId, cancellationToken) is { } invoice && invoice.Status == update.To)
            await PublishAsync(InvoiceEvents.Of(detailType, invoice, clock.GetUtcNow()), cancellationToken);
        return result;
    }

    public async Task<ChangeOutcome> SaveChangeAsync(InvoiceRecord updated, long expectedVersion, IReadOnlyList<HistoryEntry> history,
        IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        var outcome = await inner.SaveChangeAsync(updated, expectedVersion, history, mark, cancellationToken);
        if (outcome == ChangeOutcome.Applied && DetailTypeOf(updated, history) is { } detailType)
            await PublishAsync(InvoiceEvents.Of(detailType, updated, clock.GetUtcNow()), cancellationToken);
        return outcome;
    }

    /// <summary>An approval, else a person's change that moved the invoice to another end status (a correction sends it back to review).</summary>
    private static string? DetailTypeOf(InvoiceRecord updated, IReadOnlyList<HistoryEntry> history)
    {
        if (updated.Approval is not null && history.Any(h => h.Kind == HistoryKinds.Approval && h.Status is not null))
            return InvoiceEvents.Approved;
        return history.Any(h => h.Kind == HistoryKinds.Status && h.Status == updated.Status.ToWire()) ? InvoiceEvents.ForStatus(updated.Status) : null;
    }

    private async Task PublishAsync(InvoiceEvent invoiceEvent, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync([invoiceEvent], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            unpublished(invoiceEvent, e);
        }
    }

    public Task CreateAsync(InvoiceRecord invoice, CancellationToken cancellationToken) => inner.CreateAsync(invoice, cancellationToken);

    public Task<InvoiceRecord?> GetAsync(string userId, string invoiceId, CancellationToken cancellationToken) =>
        inner.GetAsync(userId, invoiceId, cancellationToken);

    public Task<InvoicePage> ListAsync(InvoiceQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<int> ReleaseClaimAsync(string userId, string invoiceId, InvoiceStatus claimed, CancellationToken cancellationToken) =>
        inner.ReleaseClaimAsync(userId, invoiceId, claimed, cancellationToken);

    public Task RecordDocumentAsync(string userId, string invoiceId, DocumentFacts document, string ocrKey, string ocrEngine,
        CancellationToken cancellationToken) => inner.RecordDocumentAsync(userId, invoiceId, document, ocrKey, ocrEngine, cancellationToken);

    public Task<IdempotencyMark?> GetIdempotencyMarkAsync(string userId, string invoiceId, string key, CancellationToken cancellationToken) =>
        inner.GetIdempotencyMarkAsync(userId, invoiceId, key, cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string invoiceId, CancellationToken cancellationToken) =>
        inner.HistoryAsync(userId, invoiceId, cancellationToken);

    public Task<InvoicePage> ReviewQueueAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        inner.ReviewQueueAsync(limit, cursor, cancellationToken);

    public Task<string?> FindOwnerAsync(string invoiceId, CancellationToken cancellationToken) => inner.FindOwnerAsync(invoiceId, cancellationToken);

    public IAsyncEnumerable<InFlightInvoice> InFlightAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken) =>
        inner.InFlightAsync(updatedBefore, max, cancellationToken);
}
