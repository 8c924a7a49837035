using InvoiceScanner.Core.Ports;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>What every <see cref="IUploadQuota"/> must do: run against DynamoDB Local and against the in-memory fake.</summary>
public abstract class UploadQuotaContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 30, TimeSpan.Zero);
    private static readonly QuotaWindow Minute = new("minute", TimeSpan.FromMinutes(1), 2);
    private static readonly QuotaWindow Day = new("day", TimeSpan.FromDays(1), 3);

    protected abstract IUploadQuota Quota { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Each_window_takes_up_to_its_limit_and_a_refusal_changes_no_window()
    {
        Assert.Null(await Quota.TryTakeAsync(_user, At, [Minute, Day], Ct));
        Assert.Null(await Quota.TryTakeAsync(_user, At.AddSeconds(1), [Minute, Day], Ct));

        var minuteFull = await Quota.TryTakeAsync(_user, At.AddSeconds(2), [Minute, Day], Ct);
        Assert.Equal((Minute, At.AddSeconds(30)), (minuteFull!.Window, minuteFull.RetryAt));

        // The next minute: the day has one left (the refused request took none), then it is full.
        Assert.Null(await Quota.TryTakeAsync(_user, At.AddMinutes(1), [Minute, Day], Ct));
        var dayFull = await Quota.TryTakeAsync(_user, At.AddMinutes(2), [Minute, Day], Ct);
        Assert.Equal((Day, new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)), (dayFull!.Window, dayFull.RetryAt));
        // A refusal by the day window gave the minute's count back.
        Assert.Null(await Quota.TryTakeAsync(_user, At.AddMinutes(2), [Minute], Ct));
        Assert.Null(await Quota.TryTakeAsync(_user, At.AddMinutes(2), [Minute], Ct));
        Assert.NotNull(await Quota.TryTakeAsync(_user, At.AddMinutes(2), [Minute], Ct));
    }

    [Fact]
    public async Task Users_do_not_share_a_quota()
    {
        var other = "user-" + Guid.NewGuid().ToString("N");
        await Quota.TryTakeAsync(_user, At, [Minute], Ct);
        await Quota.TryTakeAsync(_user, At, [Minute], Ct);

        Assert.NotNull(await Quota.TryTakeAsync(_user, At, [Minute], Ct));
        Assert.Null(await Quota.TryTakeAsync(other, At, [Minute], Ct));
    }
}

public sealed class DynamoUploadQuotaContractTests(EmulatorsFixture emulators) : UploadQuotaContract, IClassFixture<EmulatorsFixture>
{
    protected override IUploadQuota Quota { get; } = new DynamoUploadQuota(emulators.DynamoDb, EmulatorsFixture.TableName);
}

public sealed class InMemoryUploadQuotaContractTests : UploadQuotaContract
{
    protected override IUploadQuota Quota { get; } = new InMemoryUploadQuota();
}
