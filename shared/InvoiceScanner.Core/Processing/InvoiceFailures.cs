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
