using System.Text.Json;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Metrics;

namespace SweepInvoices;

/// <summary>
/// The schedule's tick (an EventBridge scheduled event; its content does not matter): ends the invoices nobody will
/// finish, EXPIRED or FAILED PROCESSING_STALLED, and logs what it ended.
/// </summary>
public sealed class SweepInvoicesHandler(InvoiceSweeper sweeper) : ILambdaHandler<JsonElement, SweepReport>
{
    public async Task<SweepReport> HandleAsync(JsonElement input, ILambdaContext context)
    {
        var report = await sweeper.SweepAsync(context.CancellationToken);
        context.Logger.Info($"Swept {report.Examined} unfinished invoice(s): {report.Expired} expired, {report.Stalled} stalled",
            ("examined", report.Examined), ("expired", report.Expired), ("stalled", report.Stalled));
        foreach (var ended in report.Ended)
            context.Logger.Warn($"{ended.From} -> {ended.To}", ("invoiceId", ended.InvoiceId), ("user", ended.User), ("code", ended.Code));
        // InvoicesStalled is what the "invoices stuck" alarm watches (template.yaml).
        context.Logger.Emit(DateTimeOffset.UtcNow, [("Function", context.FunctionName)],
            [new Metric("InvoicesExamined", report.Examined), new Metric("InvoicesExpired", report.Expired), new Metric("InvoicesStalled", report.Stalled)]);
        return report;
    }
}
