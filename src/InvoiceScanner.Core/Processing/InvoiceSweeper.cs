using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Processing;

/// <summary>What one sweep did: how many unfinished invoices it looked at and what it ended.</summary>
public sealed record SweepReport(int Examined, int Expired, int Stalled, IReadOnlyList<SweptInvoice> Ended);

/// <summary>One invoice a sweep ended (the user as <see cref="UserIds.LogRef"/>: the report is logged).</summary>
public sealed record SweptInvoice(string User, string InvoiceId, string From, string To, string Code);

/// <summary>
/// Runs on a schedule so that no invoice stays unfinished for ever: AWAITING_UPLOAD past its upload URL's expiry (and
/// the grace a slow upload gets) becomes EXPIRED; anything in work, or waiting for the event of its next step, long
/// after its last change (<see cref="SweepSettings.StallAfter"/>) and without a live lease becomes FAILED
/// PROCESSING_STALLED. Each change is the same conditional status write the functions make, so an invoice that moves
/// on meanwhile is left alone.
/// </summary>
public sealed class InvoiceSweeper(IInvoiceRepository invoices, TimeProvider clock, SweepSettings settings, string functionName)
{
    private Actor Actor => Actor.Function(functionName);

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var examined = 0;
        var ended = new List<SweptInvoice>();
        // Nothing changed within the grace can be due; older ones are decided one by one.
        await foreach (var invoice in invoices.InFlightAsync(now - UploadGate.LateGrace, settings.MaxPerRun, cancellationToken))
        {
            examined++;
            if (Due(invoice, now) is not { } due)
                continue;
            var result = await invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(due.To, now)
            {
                Failure = new ProcessingFailure(due.Code, due.Message, now),
                By = Actor,
            }, cancellationToken);
            if (result.Applied)
                ended.Add(new SweptInvoice(UserIds.LogRef(invoice.UserId), invoice.InvoiceId, invoice.Status.ToWire(), due.To.ToWire(), due.Code));
        }
        return new SweepReport(examined, ended.Count(e => e.To == InvoiceStatus.Expired.ToWire()), ended.Count(e => e.To == InvoiceStatus.Failed.ToWire()), ended);
    }

    private (InvoiceStatus To, string Code, string Message)? Due(InFlightInvoice invoice, DateTimeOffset now)
    {
        if (invoice.Status == InvoiceStatus.AwaitingUpload)
        {
            return invoice.UploadExpiresAt is { } expiresAt && expiresAt + UploadGate.LateGrace < now
                ? (InvoiceStatus.Expired, ErrorCodes.UploadExpired, $"No file was uploaded before the upload URL expired at {expiresAt:u}. Create a new invoice to upload it.")
                : null;
        }
        var leaseLive = invoice.LeaseExpiresAt is { } lease && lease > now;
        if (invoice.UpdatedAt + settings.StallAfter >= now || leaseLive)
            return null;
        return (InvoiceStatus.Failed, ErrorCodes.ProcessingStalled,
            $"The invoice was still {invoice.Status.ToWire()} {(now - invoice.UpdatedAt).TotalMinutes:0} minutes after its last change: the work ended without a result. Ask to reprocess it.");
    }
}
