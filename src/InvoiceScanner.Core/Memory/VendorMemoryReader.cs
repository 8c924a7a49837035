using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Memory;

/// <summary>
/// ExtractData's use of vendor memory: a draft whose vendor the owner approved before is read again with what that
/// approval taught, and is held when it asks payment to an account the vendor's approvals never named. Memory is looked
/// up in the owner's own partition only; an e-invoice's XML needs no reading aid, but its account is checked all the same.
/// </summary>
public sealed class VendorMemoryReader(IVendorMemoryStore store, IVendorPrior prior, IOcrResultStore ocrResults)
{
    public async Task<ExtractionResult> ApplyAsync(InvoiceObjectKey invoice, OcrDocument document, ExtractionResult draft, ExtractionOptions options,
        CancellationToken cancellationToken)
    {
        if (VendorKeys.Of(draft.Fields) is not { Count: > 0 } keys)
            return draft;
        var memory = await store.FindAsync(invoice.UserId, keys, cancellationToken);
        // The approved invoice itself (reprocessed) keeps its own corrections instead.
        if (memory is null || memory.SourceInvoiceId == invoice.InvoiceId)
            return draft;
        var result = draft;
        if (document.EInvoice is null)
        {
            var remembered = memory.SourceOcrKey is { } key ? await ocrResults.LoadAsync(key, cancellationToken) : null;
            result = prior.Apply(document, draft, memory, remembered, options);
        }
        return VendorAccounts.Check(result.Fields, memory) is { } changed
            ? result with { ReviewReasons = [.. result.ReviewReasons, changed] }
            : result;
    }
}
