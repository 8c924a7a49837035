using System.Runtime.ExceptionServices;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// The claim-and-lease workflow every S3-triggered step runs an invoice through: claim it under a lease, run the step,
/// and settle how it ended (FAILED with a code, released for a retry, or given up after the last attempt).
/// </summary>
internal static class InvoiceClaims
{
    /// <summary>Moves the invoice to FAILED with its code; an invoice already terminal keeps its status.</summary>
    public static async Task<ProcessingOutcome> RecordFailureAsync(
        this IInvoiceRepository invoices, TimeProvider clock, InvoiceObjectKey key, string code, string message, Actor by)
    {
        var now = clock.GetUtcNow();
        // Not the invocation's token: recording the failure must happen even when the deadline has passed.
        var result = await invoices.TransitionAsync(key.UserId, key.InvoiceId,
            new StatusUpdate(InvoiceStatus.Failed, now) { Failure = new ProcessingFailure(code, message, now), By = by }, CancellationToken.None);
        return new ProcessingOutcome(key.Key, OutcomeKind.Failed, message)
        {
            InvoiceId = key.InvoiceId,
            Code = code,
            Status = (result.Applied ? InvoiceStatus.Failed : result.CurrentStatus ?? InvoiceStatus.Failed).ToWire(),
        };
    }

    /// <summary>
    /// Claims the invoice for <paramref name="step"/> under a lease (a duplicate or late event is skipped), runs the
    /// work and settles how it ends the same way in every function: a rejected document is FAILED with its code; the
    /// deadline is FAILED with the step's timeout code (a retry would hit the same wall); anything else is taken as
    /// transient, so the claim is released for Lambda's retry (the release itself retried through a table outage)
    /// and the invocation fails — until
    /// <see cref="ProcessingSettings.MaxAttempts"/> attempts have failed, when the invoice is FAILED with the step's
    /// give-up code rather than left waiting.
    /// </summary>
    public static async Task<ProcessingOutcome> ClaimAndRunAsync(
        this IInvoiceRepository invoices, TimeProvider clock, ProcessingSettings settings, InvoiceObjectKey key, ClaimedStep step,
        Func<Task<ProcessingOutcome>> work, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claim = await invoices.TransitionAsync(key.UserId, key.InvoiceId,
            new StatusUpdate(step.Claim, now) { LeaseExpiresAt = now + settings.Lease, By = settings.Actor }, cancellationToken);
        if (!claim.Applied)
            return Skipped(key, claim);
        return await invoices.RunClaimedAsync(clock, settings, key, step, work, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> for an invoice already claimed for <paramref name="step"/> (e.g. an OCR job's
    /// completion: its claim was taken when the job started) and settles how it ends, as <see cref="ClaimAndRunAsync"/>.
    /// </summary>
    public static async Task<ProcessingOutcome> RunClaimedAsync(
        this IInvoiceRepository invoices, TimeProvider clock, ProcessingSettings settings, InvoiceObjectKey key, ClaimedStep step,
        Func<Task<ProcessingOutcome>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (DocumentRejectedException rejected)
        {
            return await SettleAsync(() => invoices.RecordFailureAsync(clock, key, rejected.Code, rejected.Message, settings.Actor), rejected, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await invoices.RecordFailureAsync(clock, key, step.TimeoutCode, step.TimeoutMessage, settings.Actor);
        }
        catch (Exception error)
        {
            var failedAttempts = await SettleAsync(() => invoices.ReleaseClaimAsync(key.UserId, key.InvoiceId, step.Claim, CancellationToken.None),
                error, cancellationToken);
            if (failedAttempts < settings.MaxAttempts)
                throw;
            // The message only: a type name means nothing to the person reading the invoice (the log has the exception).
            var reason = error.Message.Length > 200 ? error.Message[..200] + "…" : error.Message;
            return await invoices.RecordFailureAsync(clock, key, step.GiveUpCode,
                $"Gave up after {failedAttempts} failed attempts; the last one: {reason}", settings.Actor);
        }
    }

    private static readonly TimeSpan LongestSettlePause = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Writes how the step ended, through a table outage too: a failing write is retried with growing pauses while the
    /// invocation has time. Left unwritten, the claim's lease would make Lambda's retry of this event find the invoice
    /// still claimed and skip it, leaving it in work until the sweeper fails it. Out of time, the step's own error
    /// (<paramref name="cause"/>) is what the invocation fails with.
    /// </summary>
    private static async Task<T> SettleAsync<T>(Func<Task<T>> write, Exception cause, CancellationToken deadline)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await write();
            }
            catch (Exception) when (!deadline.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(pause, deadline);
                }
                catch (OperationCanceledException)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestSettlePause.Ticks));
            }
        }
    }

    public static ProcessingOutcome Skipped(InvoiceObjectKey key, TransitionResult claim) => new(
        key.Key,
        OutcomeKind.Skipped,
        claim.Outcome == TransitionOutcome.NotFound
            ? "no such invoice for this key"
            : $"already {claim.CurrentStatus?.ToWire()}: duplicate or late event")
    {
        InvoiceId = key.InvoiceId,
        Status = claim.CurrentStatus?.ToWire(),
    };
}

/// <summary>A step a function claims an invoice for, and the codes it ends with when it cannot finish.</summary>
internal sealed record ClaimedStep(InvoiceStatus Claim, string TimeoutCode, string TimeoutMessage, string GiveUpCode)
{
    public static readonly ClaimedStep Ocr = new(InvoiceStatus.Processing,
        ErrorCodes.OcrTimeout, "Reading the document took longer than the function's time limit.", ErrorCodes.OcrFailed);

    public static readonly ClaimedStep Extraction = new(InvoiceStatus.Extracting,
        ErrorCodes.ExtractionFailed, "Structuring the document took longer than the function's time limit.", ErrorCodes.ExtractionFailed);
}
