using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>The sweeper ends what nobody will finish, and nothing else.</summary>
public class SweeperTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly SweepSettings _settings = new() { StallAfter = TimeSpan.FromHours(1) };

    private InvoiceSweeper Sweeper() => new(_invoices, _clock, _settings, "sweeper");

    private async Task<InvoiceRecord> CreateAsync(string user = "alice")
    {
        var uploads = new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings { UrlLifetime = TimeSpan.FromMinutes(15) });
        return (await uploads.CreateAsync(user, new NewInvoiceRequest("invoice.pdf", null, 100), CancellationToken.None)).Invoice;
    }

    private Task Move(InvoiceRecord invoice, InvoiceStatus to, TimeSpan? lease = null) =>
        _invoices.TransitionAsync(invoice.UserId, invoice.InvoiceId,
            new StatusUpdate(to, _clock.Now) { LeaseExpiresAt = lease is { } l ? _clock.Now + l : null }, CancellationToken.None);

    private async Task<InvoiceRecord> Reload(InvoiceRecord invoice) => (await _invoices.GetAsync(invoice.UserId, invoice.InvoiceId, CancellationToken.None))!;

    [Fact]
    public async Task An_upload_that_never_came_expires_after_the_url_and_its_grace()
    {
        var invoice = await CreateAsync();
        _clock.Advance(TimeSpan.FromMinutes(15) + UploadGate.LateGrace - TimeSpan.FromSeconds(1));
        var early = await Sweeper().SweepAsync(CancellationToken.None);
        Assert.Equal(InvoiceStatus.AwaitingUpload, (await Reload(invoice)).Status);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var due = await Sweeper().SweepAsync(CancellationToken.None);

        var expired = await Reload(invoice);
        Assert.Equal((0, 1), (early.Expired, due.Expired));
        Assert.Equal((InvoiceStatus.Expired, ErrorCodes.UploadExpired), (expired.Status, expired.Failure?.Code));
        var history = await _invoices.HistoryAsync(invoice.UserId, invoice.InvoiceId, CancellationToken.None);
        Assert.Equal(("EXPIRED", "sweeper"), (history[^1].Status, history[^1].Actor.Id));
        var ended = Assert.Single(due.Ended);
        Assert.DoesNotContain("alice", ended.User);
    }

    [Theory]
    [InlineData(InvoiceStatus.Processing)]
    [InlineData(InvoiceStatus.Extracting)]
    [InlineData(InvoiceStatus.OcrComplete)]
    public async Task Work_without_progress_past_the_stall_time_and_its_lease_fails(InvoiceStatus stuckIn)
    {
        var invoice = await CreateAsync();
        await Move(invoice, InvoiceStatus.Processing, TimeSpan.FromMinutes(5));
        if (stuckIn != InvoiceStatus.Processing)
            await Move(invoice, InvoiceStatus.OcrComplete);
        if (stuckIn == InvoiceStatus.Extracting)
            await Move(invoice, InvoiceStatus.Extracting, TimeSpan.FromMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(59));
        var notYet = await Sweeper().SweepAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var report = await Sweeper().SweepAsync(CancellationToken.None);

        var failed = await Reload(invoice);
        Assert.Equal((0, 1), (notYet.Stalled, report.Stalled));
        Assert.Equal((InvoiceStatus.Failed, ErrorCodes.ProcessingStalled), (failed.Status, failed.Failure?.Code));
        Assert.Contains(stuckIn.ToWire(), failed.Failure!.Message);
    }

    [Fact]
    public async Task A_live_lease_or_a_finished_invoice_is_left_alone()
    {
        var leased = await CreateAsync();
        await Move(leased, InvoiceStatus.Processing, TimeSpan.FromHours(3));
        var done = await CreateAsync("bob");
        await Move(done, InvoiceStatus.Processing);
        await Move(done, InvoiceStatus.OcrComplete);
        await Move(done, InvoiceStatus.Extracting);
        await Move(done, InvoiceStatus.Completed);
        _clock.Advance(TimeSpan.FromHours(2));

        var report = await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0), (report.Examined, report.Ended.Count));
        Assert.Equal(InvoiceStatus.Processing, (await Reload(leased)).Status);
        Assert.Equal(InvoiceStatus.Completed, (await Reload(done)).Status);
    }

    [Fact]
    public async Task One_run_examines_at_most_its_share_oldest_first()
    {
        var first = await CreateAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await CreateAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        var report = await new InvoiceSweeper(_invoices, _clock, _settings with { MaxPerRun = 1 }, "sweeper").SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Examined);
        Assert.Equal((InvoiceStatus.Expired, InvoiceStatus.AwaitingUpload), ((await Reload(first)).Status, (await Reload(second)).Status));
    }
}
