using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Core.Review;

/// <summary>What a reprocess asks for: OCR again too, and whether a person's corrections are dropped.</summary>
public sealed record ReprocessRequest(bool Ocr = false, bool DiscardCorrections = false)
{
    /// <summary>How the request is remembered under its idempotency key (a repeat must ask the same).</summary>
    public string Fingerprint => $"ocr={Ocr};discardCorrections={DiscardCorrections}";
}

/// <summary>
/// Runs a finished invoice through today's engines again: the stored OCR result is structured again (status
/// OCR_COMPLETE), or with OCR the uploaded file is read again (status QUEUED). The fleet does the work: the source object
/// is written over itself, and its ObjectCreated event reaches ExtractData or ProcessInvoice as an upload's does.
/// A person's corrections survive unless discarded; an approval lapses (it was of the old result).
/// </summary>
public sealed class InvoiceReprocessing(IInvoiceRepository invoices, IObjectStore objects, TimeProvider clock)
{
    public const int MaxIdempotencyKey = 128;

    /// <returns>The invoice after the request, and whether this call started the work (false: a repeat of an earlier key).</returns>
    public async Task<(InvoiceRecord Invoice, bool Started)> ReprocessAsync(Actor actor, string invoiceId, ReprocessRequest request,
        string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKey || key.Any(c => c < 0x21 || c > 0x7e)))
            throw new ReviewRefusedException(Refusal.Invalid, ErrorCodes.ValidationFailed, "The Idempotency-Key header is not usable.",
                new Dictionary<string, string> { ["Idempotency-Key"] = $"1 to {MaxIdempotencyKey} visible ASCII characters" });
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        if (idempotencyKey is not null && await RepeatAsync(invoice, idempotencyKey, request, cancellationToken))
            return (invoice, false);
        if (!InvoiceStatuses.RestartSources.Contains(invoice.Status))
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.NotReprocessable,
                $"The invoice is {invoice.Status.ToWire()}; only a finished invoice (COMPLETED, NEEDS_REVIEW, FAILED) is processed again.");

        var source = await SourceAsync(invoice, request, cancellationToken);
        var now = clock.GetUtcNow();
        var status = request.Ocr ? InvoiceStatus.Queued : InvoiceStatus.OcrComplete;
        var updated = invoice with
        {
            Status = status,
            UpdatedAt = now,
            Version = invoice.Version + 1,
            Failure = null,
            LeaseExpiresAt = null,
            Approval = null,
            Corrections = request.DiscardCorrections ? [] : invoice.Corrections,
            LineItemsCorrection = request.DiscardCorrections ? null : invoice.LineItemsCorrection,
        };
        var dropped = invoice.Corrections.Count + (invoice.LineItemsCorrection is null ? 0 : 1);
        var history = new List<HistoryEntry>
        {
            new(HistoryKinds.Reprocess, now, actor)
            {
                Status = status.ToWire(),
                Detail = (request.Ocr ? "read and structured again" : "structured again from the stored OCR result")
                    + (request.DiscardCorrections && dropped > 0 ? $"; {dropped} correction(s) discarded" : "")
                    + (invoice.Approval is not null ? "; the approval lapses" : ""),
            },
        };
        var mark = idempotencyKey is null ? null : new IdempotencyMark(idempotencyKey, request.Fingerprint, now);
        var outcome = await invoices.SaveChangeAsync(updated, invoice.Version, history, mark, cancellationToken);
        if (outcome == ChangeOutcome.DuplicateRequest)
            return (await invoices.GetAsync(invoice.UserId, invoiceId, cancellationToken) ?? invoice, false);
        if (outcome == ChangeOutcome.Stale)
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.NotReprocessable, "The invoice changed meanwhile; fetch it and ask again.");

        try
        {
            await objects.TouchAsync(source, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing will pick the invoice up: say so on it rather than leave it waiting.
            await invoices.TransitionAsync(invoice.UserId, invoiceId, new StatusUpdate(InvoiceStatus.Failed, clock.GetUtcNow())
            {
                Failure = new ProcessingFailure(ErrorCodes.SourceGone, "The reprocess request could not re-announce the stored document.", now),
                By = actor,
            }, CancellationToken.None);
            throw;
        }
        return (updated, true);
    }

    private async Task<bool> RepeatAsync(InvoiceRecord invoice, string key, ReprocessRequest request, CancellationToken cancellationToken)
    {
        if (await invoices.GetIdempotencyMarkAsync(invoice.UserId, invoice.InvoiceId, key, cancellationToken) is not { } mark)
            return false;
        if (mark.Request != request.Fingerprint)
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.IdempotencyKeyReused,
                $"This Idempotency-Key was used for another request ({mark.Request}).");
        return true;
    }

    /// <summary>The object whose event restarts the work: the upload for OCR, else the stored OCR result.</summary>
    private async Task<string> SourceAsync(InvoiceRecord invoice, ReprocessRequest request, CancellationToken cancellationToken)
    {
        var key = request.Ocr ? invoice.UploadKey : invoice.OcrKey;
        if (key is null || await objects.HeadAsync(key, cancellationToken) is null)
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.SourceGone, request.Ocr
                ? "The uploaded file is no longer stored (the bucket keeps uploads for a limited time)."
                : "There is no stored OCR result to structure again; ask with {\"ocr\": true} to read the file again.");
        return key;
    }
}
