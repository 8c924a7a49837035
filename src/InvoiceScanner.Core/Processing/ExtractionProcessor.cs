using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// ExtractData's domain: claims the invoice, reads the normalised OCR document, structures and validates the
/// fields (with the owner's vendor memory, when given), and stores the result as COMPLETED, or NEEDS_REVIEW with the reasons.
/// With a <see cref="DuplicateCheck"/>, an invoice that repeats an earlier one of the owner's goes to review naming it.
/// The model tokens the extractor reports to the given meter while it structures a record go on that record's outcome.
/// </summary>
public sealed class ExtractionProcessor(
    IInvoiceRepository invoices,
    IOcrResultStore ocrResults,
    IInvoiceExtractor extractor,
    ExtractionOptions options,
    TimeProvider clock,
    ProcessingSettings settings,
    VendorMemoryReader? memory = null,
    ModelUsageMeter? modelUsage = null,
    DuplicateCheck? duplicates = null)
{
    private readonly ModelUsageMeter _meter = modelUsage ?? new ModelUsageMeter();

    public async Task<ProcessingOutcome> ExtractAsync(string key, CancellationToken cancellationToken)
    {
        var parsed = ObjectKeys.Parse(key);
        if (parsed is not { Kind: ObjectKind.OcrResult })
            return new ProcessingOutcome(key, OutcomeKind.Skipped, "not an OCR result key (ocr/{user}/{invoice}.json)");

        return await invoices.ClaimAndRunAsync(clock, settings, parsed, ClaimedStep.Extraction,
            async () =>
            {
                // Masked again: an OCR result stored before card numbers were masked must not bring one into the fields.
                var document = CardNumbers.Mask(await ocrResults.LoadAsync(key, cancellationToken)
                    ?? throw new DocumentRejectedException(ErrorCodes.OcrResultInvalid, "The OCR result object is missing."));
                var (result, usage) = await _meter.MeasureAsync(
                    () => extractor.ExtractAsync(document, options, cancellationToken));
                if (memory is not null)
                    result = await memory.ApplyAsync(parsed, document, result, options, cancellationToken);
                // Decided on the whole result: a review reason compaction adds (LINE_ITEMS_TRUNCATED) is a note on what
                // was kept, not a doubt about what was read. A person's corrections (kept through a reprocess) count: the
                // invoice is judged as it will read.
                var invoice = await invoices.GetAsync(parsed.UserId, parsed.InvoiceId, cancellationToken);
                var judged = invoice is null ? result : EffectiveResult.Of(invoice with { Result = result }) ?? result;
                if (invoice is not null && duplicates is not null
                    && await duplicates.CheckAsync(parsed.UserId, parsed.InvoiceId, invoice.Document?.Sha256, judged.Fields, cancellationToken) is { Count: > 0 } found)
                {
                    // Stored with the engine's result, so the reasons stand through a person's corrections like its doubts.
                    result = result with { ReviewReasons = [.. result.ReviewReasons, .. found] };
                    judged = judged with { ReviewReasons = [.. judged.ReviewReasons, .. found] };
                }
                var status = EffectiveResult.StatusFor(judged);
                var written = await invoices.TransitionAsync(parsed.UserId, parsed.InvoiceId,
                    new StatusUpdate(status, clock.GetUtcNow()) { Result = ResultCompaction.Fit(result), OcrKey = key, By = settings.Actor },
                    CancellationToken.None);
                return new ProcessingOutcome(key, OutcomeKind.Processed,
                    judged.NeedsReview ? "needs review: " + string.Join(", ", judged.ReviewReasons.Select(r => r.Code)) : "extracted")
                {
                    InvoiceId = parsed.InvoiceId,
                    Status = (written.Applied ? status : written.CurrentStatus ?? status).ToWire(),
                    TimeToResultSeconds = invoice is null ? null : (clock.GetUtcNow() - invoice.CreatedAt).TotalSeconds,
                    BedrockInputTokens = usage?.InputTokens,
                    BedrockOutputTokens = usage?.OutputTokens,
                };
            },
            cancellationToken);
    }
}
