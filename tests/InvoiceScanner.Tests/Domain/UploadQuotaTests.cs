using InvoiceScanner.Core.Processing;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>Each user's upload requests per minute and per day.</summary>
public class UploadQuotaTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 30, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryUploadQuota _quota = new();

    private InvoiceUploads Uploads(int perMinute, int perDay = 0) =>
        new(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings { UploadsPerMinute = perMinute, UploadsPerDay = perDay }, _quota);

    private Task<UploadTicket> Create(InvoiceUploads uploads, string user = "alice") =>
        uploads.CreateAsync(user, new NewInvoiceRequest("a.pdf", null, 100), CancellationToken.None);

    [Fact]
    public async Task Beyond_the_minutes_limit_a_request_is_refused_with_when_to_retry_and_creates_nothing()
    {
        var uploads = Uploads(perMinute: 3);
        for (var i = 0; i < 3; i++)
            await Create(uploads);

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => Create(uploads));

        Assert.Equal(("minute", 3), (refused.Refusal.Window.Name, refused.Refusal.Window.Limit));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 9, 1, 0, TimeSpan.Zero), refused.Refusal.RetryAt);
        Assert.Equal(30, refused.RetryAfterSeconds);
        Assert.Equal(3, _invoices.All.Count);
        await Create(uploads, "bob"); // another user's quota is their own
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Create(uploads); // the next minute
    }

    [Fact]
    public async Task The_days_limit_holds_across_minutes()
    {
        var uploads = Uploads(perMinute: 10, perDay: 2);
        await Create(uploads);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Create(uploads);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => Create(uploads));

        Assert.Equal("day", refused.Refusal.Window.Name);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), refused.Refusal.RetryAt);
    }

    [Fact]
    public async Task An_invalid_request_uses_up_nothing_and_zero_means_no_limit()
    {
        var limited = Uploads(perMinute: 1);
        await Assert.ThrowsAsync<RequestValidationException>(() => limited.CreateAsync("alice", new NewInvoiceRequest("a.pdf", null, null), CancellationToken.None));
        await Create(limited);

        var unlimited = Uploads(perMinute: 0);
        for (var i = 0; i < 50; i++)
            await Create(unlimited, "carol");
        Assert.Empty(new UploadSettings { UploadsPerMinute = 0, UploadsPerDay = 0 }.QuotaWindows);
    }
}
