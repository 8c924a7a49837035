using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

internal static class InvoiceFailures
{
    /// <summary>Moves the invoice to FAILED with its code; an invoice already terminal keeps its status.</summary>
    public static async Task<ProcessingOutcome> RecordFailureAsync(
        this IInvoiceRepository invoices, TimeProvider clock, InvoiceObjectKey key, string code, string message)
    {
        var now = clock.GetUtcNow();
        // Not the invocation's token: recording the failure must happen even when the deadline has passed.
        var result = await invoices.TransitionAsync(key.UserId, key.InvoiceId,
            new StatusUpdate(InvoiceStatus.Failed, now) { Failure = new ProcessingFailure(code, message, now) }, CancellationToken.None);
        return new ProcessingOutcome(key.Key, OutcomeKind.Failed, message)
        {
            InvoiceId = key.InvoiceId,
            Code = code,
            Status = (result.Applied ? InvoiceStatus.Failed : result.CurrentStatus ?? InvoiceStatus.Failed).ToWire(),
        };
    }

    /// <summary>
    /// Runs the work of an invoice this function has claimed (status <paramref name="claimedAs"/>) and settles how it
    /// ends the same way in every function: a rejected document is FAILED with its code; the deadline is FAILED with
    /// <paramref name="onDeadline"/> (a retry would hit the same wall); anything else is taken as transient, so the
    /// claim is released for Lambda's retry and the invocation fails — until <paramref name="maxAttempts"/> attempts
    /// have failed, when the invoice is FAILED with <paramref name="giveUpCode"/> rather than left waiting.
    /// </summary>
    public static async Task<ProcessingOutcome> RunClaimedAsync(
        this IInvoiceRepository invoices, TimeProvider clock, InvoiceObjectKey key, InvoiceStatus claimedAs,
        (string Code, string Message) onDeadline, string giveUpCode, int maxAttempts,
        Func<Task<ProcessingOutcome>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (DocumentRejectedException rejected)
        {
            return await invoices.RecordFailureAsync(clock, key, rejected.Code, rejected.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await invoices.RecordFailureAsync(clock, key, onDeadline.Code, onDeadline.Message);
        }
        catch (Exception error)
        {
            var failedAttempts = await invoices.ReleaseClaimAsync(key.UserId, key.InvoiceId, claimedAs, CancellationToken.None);
            if (failedAttempts < maxAttempts)
                throw;
            var reason = error.Message.Length > 200 ? error.Message[..200] + "…" : error.Message;
            return await invoices.RecordFailureAsync(clock, key, giveUpCode,
                $"Gave up after {failedAttempts} failed attempts; the last one: {error.GetType().Name}: {reason}");
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
