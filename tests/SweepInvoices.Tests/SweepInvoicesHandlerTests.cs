using System.Text.Json;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace SweepInvoices.Tests;

/// <summary>The schedule's tick driven by events/scheduled-sweep.json.</summary>
public class SweepInvoicesHandlerTests : HandlerTestBed
{
    private static JsonElement Tick() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFolder.RepositoryRoot, "events", "scheduled-sweep.json"))).RootElement;

    [Fact]
    public async Task A_tick_ends_the_stalled_invoices_and_logs_each_without_its_user()
    {
        await SeedAsync("user-alice", SampleInvoiceId, InvoiceStatus.Processing);
        Clock.Advance(TimeSpan.FromHours(2));
        var handler = new SweepInvoicesHandler(new InvoiceSweeper(Invoices, Clock, new SweepSettings(), "SweepInvoicesFunction"));

        var report = await handler.HandleAsync(Tick(), Context);

        Assert.Equal((1, 1, 0), (report.Examined, report.Stalled, report.Expired));
        Assert.Equal(InvoiceStatus.Failed, (await Invoices.GetAsync("user-alice", SampleInvoiceId, CancellationToken.None))!.Status);
        var warning = Assert.Single(Context.Logger.Entries, e => e.Message.Contains("-> FAILED", StringComparison.Ordinal));
        Assert.DoesNotContain(Context.Logger.Entries, e => e.Message.Contains("user-alice", StringComparison.Ordinal)
            || e.Properties.Any(p => p.Value?.ToString()?.Contains("user-alice", StringComparison.Ordinal) == true));
        Assert.Equal(ErrorCodes.ProcessingStalled, warning.Property("code"));
        Assert.Equal(UserIds.LogRef("user-alice"), warning.Property("user"));
    }
}
