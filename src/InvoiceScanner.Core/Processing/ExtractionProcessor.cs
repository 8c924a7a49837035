using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// ExtractData's domain: claims the invoice, reads the normalised OCR document, structures and validates the
/// fields, and stores the result as COMPLETED, or NEEDS_REVIEW with the reasons.
/// </summary>
public sealed class ExtractionProcessor(
    IInvoiceRepository invoices,
    IOcrResultStore ocrResults,
    IInvoiceExtractor extractor,
    ExtractionOptions options,
    TimeProvider clock,
    ProcessingSettings settings)
{
    public async Task<ProcessingOutcome> ExtractAsync(string key, CancellationToken cancellationToken)
    {
        var parsed = ObjectKeys.Parse(key);
        if (parsed is not { Kind: ObjectKind.OcrResult })
            return new ProcessingOutcome(key, OutcomeKind.Skipped, "not an OCR result key (ocr/{user}/{invoice}.json)");

        return await invoices.ClaimAndRunAsync(clock, settings, parsed, ClaimedStep.Extraction,
            async () =>
            {
                var document = await ocrResults.LoadAsync(key, cancellationToken)
                    ?? throw new DocumentRejectedException(ErrorCodes.OcrResultInvalid, "The OCR result object is missing.");
                var result = await extractor.ExtractAsync(document, options, cancellationToken);
                // Decided on the whole result: a review reason compaction adds (LINE_ITEMS_TRUNCATED) is a note on what
                // was kept, not a doubt about what was read.
                var status = result.NeedsReview ? InvoiceStatus.NeedsReview : InvoiceStatus.Completed;
                var written = await invoices.TransitionAsync(parsed.UserId, parsed.InvoiceId,
                    new StatusUpdate(status, clock.GetUtcNow()) { Result = ResultCompaction.Fit(result), OcrKey = key }, CancellationToken.None);
                return new ProcessingOutcome(key, OutcomeKind.Processed,
                    result.NeedsReview ? "needs review: " + string.Join(", ", result.ReviewReasons.Select(r => r.Code)) : "extracted")
                {
                    InvoiceId = parsed.InvoiceId,
                    Status = (written.Applied ? status : written.CurrentStatus ?? status).ToWire(),
                };
            },
            cancellationToken);
    }
}
