using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>
/// The review loop's storage contract, against DynamoDB Local and the in-memory fake: versions, history written in the
/// same transaction as its change (all or nothing), idempotency marks, the operators' queue and owner look-up.
/// </summary>
public abstract class InvoiceHistoryContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Extractor = Actor.Function("ExtractDataFunction");

    protected abstract IInvoiceRepository Repository { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");

    private async Task<InvoiceRecord> CreateAsync(DateTimeOffset at, string? user = null)
    {
        var record = InvoiceRepositoryContract.NewInvoice(user ?? _user, at);
        await Repository.CreateAsync(record, Ct);
        return (await Repository.GetAsync(record.UserId, record.InvoiceId, Ct))!;
    }

    /// <summary>Takes the invoice through the pipeline to <paramref name="final"/> as the functions do.</summary>
    private async Task<InvoiceRecord> ReadAsync(InvoiceRecord invoice, InvoiceStatus final, DateTimeOffset at)
    {
        foreach (var (status, i) in new[] { InvoiceStatus.Processing, InvoiceStatus.OcrComplete, InvoiceStatus.Extracting }.Select((s, i) => (s, i)))
        {
            var applied = await Repository.TransitionAsync(invoice.UserId, invoice.InvoiceId,
                new StatusUpdate(status, at.AddSeconds(i)) { By = Actor.Function("ProcessInvoiceFunction"), LeaseExpiresAt = status.IsClaim() ? at.AddMinutes(5) : null }, Ct);
            Assert.True(applied.Applied);
        }
        var result = Documents.Result(119m, "EUR", final == InvoiceStatus.NeedsReview ? [new("LOW_CONFIDENCE", "total unsure", "Total")] : []);
        Assert.True((await Repository.TransitionAsync(invoice.UserId, invoice.InvoiceId,
            new StatusUpdate(final, at.AddSeconds(5)) { Result = result, By = Extractor }, Ct)).Applied);
        return (await Repository.GetAsync(invoice.UserId, invoice.InvoiceId, Ct))!;
    }

    [Fact]
    public async Task Every_change_bumps_the_version_and_appends_its_history_entry_oldest_first()
    {
        var invoice = await CreateAsync(Start);
        Assert.Equal(1, invoice.Version);

        var read = await ReadAsync(invoice, InvoiceStatus.NeedsReview, Start.AddSeconds(10));
        var refused = await Repository.TransitionAsync(_user, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Processing, Start.AddSeconds(30)) { By = Extractor }, Ct);

        Assert.Equal(TransitionOutcome.Conflict, refused.Outcome);
        Assert.Equal(5, read.Version);
        var history = await Repository.HistoryAsync(_user, invoice.InvoiceId, Ct);
        Assert.Equal(["created", "status", "status", "status", "status"], history.Select(h => h.Kind));
        Assert.Equal(["AWAITING_UPLOAD", "PROCESSING", "OCR_COMPLETE", "EXTRACTING", "NEEDS_REVIEW"], history.Select(h => h.Status));
        Assert.Equal(Actor.User(_user), history[0].Actor);
        Assert.Equal(Extractor, history[^1].Actor);
        Assert.Equal(["LOW_CONFIDENCE"], history[^1].Result!.ReviewReasons);
        Assert.Equal(history.Select(h => h.At).Order(), history.Select(h => h.At));
    }

    [Fact]
    public async Task Duplicated_events_claiming_at_once_make_one_claim_and_one_history_entry_and_no_error()
    {
        var invoice = await CreateAsync(Start);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Repository.TransitionAsync(_user, invoice.InvoiceId,
            new StatusUpdate(InvoiceStatus.Processing, Start.AddSeconds(1)) { LeaseExpiresAt = Start.AddMinutes(3), By = Extractor }, Ct))));

        Assert.Single(claims, c => c.Applied);
        Assert.All(claims.Where(c => !c.Applied), c => Assert.Equal((TransitionOutcome.Conflict, InvoiceStatus.Processing), (c.Outcome, c.CurrentStatus)));
        Assert.Single(await Repository.HistoryAsync(_user, invoice.InvoiceId, Ct), h => h.Status == "PROCESSING");
    }

    [Fact]
    public async Task A_persons_change_lands_whole_with_its_history_or_not_at_all()
    {
        var invoice = await ReadAsync(await CreateAsync(Start), InvoiceStatus.NeedsReview, Start.AddSeconds(10));
        var at = Start.AddMinutes(1);
        var corrected = invoice with
        {
            Version = invoice.Version + 1,
            UpdatedAt = at,
            Corrections = [new FieldCorrection("total", "121.5", "alice", at)],
            Approval = new Approval("alice", at) { OverrideReason = "agreed by phone", OverriddenCodes = ["TOTAL_MISMATCH"] },
        };
        HistoryEntry[] entries = [new(HistoryKinds.Correction, at, Actor.User("alice")) { Field = "total", OldValue = "119", NewValue = "121.5" }];

        var stale = await Repository.SaveChangeAsync(corrected, invoice.Version - 1, entries, null, Ct);
        var applied = await Repository.SaveChangeAsync(corrected, invoice.Version, entries, null, Ct);
        var again = await Repository.SaveChangeAsync(corrected with { Version = corrected.Version + 1 }, invoice.Version, entries, null, Ct);

        Assert.Equal((ChangeOutcome.Stale, ChangeOutcome.Applied, ChangeOutcome.Stale), (stale, applied, again));
        var stored = (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!;
        Assert.Equal(invoice.Version + 1, stored.Version);
        Assert.Equal(corrected.Corrections, stored.Corrections);
        Assert.Equal(("agreed by phone", "TOTAL_MISMATCH"), (stored.Approval!.OverrideReason, stored.Approval.OverriddenCodes.Single()));
        Assert.Single(await Repository.HistoryAsync(_user, invoice.InvoiceId, Ct), h => h.Kind == HistoryKinds.Correction);
    }

    [Fact]
    public async Task A_reused_idempotency_key_cancels_the_whole_change()
    {
        var invoice = await ReadAsync(await CreateAsync(Start), InvoiceStatus.Completed, Start.AddSeconds(10));
        var at = Start.AddMinutes(2);
        var mark = new IdempotencyMark("retry-1", "ocr=False;discardCorrections=False", at);
        HistoryEntry[] entries = [new(HistoryKinds.Reprocess, at, Actor.User(_user)) { Status = "OCR_COMPLETE" }];
        var first = invoice with { Status = InvoiceStatus.OcrComplete, Version = invoice.Version + 1 };
        Assert.Equal(ChangeOutcome.Applied, await Repository.SaveChangeAsync(first, invoice.Version, entries, mark, Ct));

        // The record's own condition holds this time; the mark alone must stop the record and the history too.
        var second = first with { Status = InvoiceStatus.Queued, Version = first.Version + 1 };
        var outcome = await Repository.SaveChangeAsync(second, first.Version, entries, mark with { At = at.AddSeconds(1) }, Ct);

        Assert.Equal(ChangeOutcome.DuplicateRequest, outcome);
        Assert.Equal(InvoiceStatus.OcrComplete, (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!.Status);
        Assert.Single(await Repository.HistoryAsync(_user, invoice.InvoiceId, Ct), h => h.Kind == HistoryKinds.Reprocess);
        Assert.Equal(mark.Request, (await Repository.GetIdempotencyMarkAsync(_user, invoice.InvoiceId, "retry-1", Ct))!.Request);
        Assert.Null(await Repository.GetIdempotencyMarkAsync(_user, invoice.InvoiceId, "other", Ct));
    }

    [Fact]
    public async Task The_review_queue_spans_users_oldest_first_and_holds_only_invoices_in_review()
    {
        var other = "user-" + Guid.NewGuid().ToString("N");
        var first = await ReadAsync(await CreateAsync(Start.AddMilliseconds(1)), InvoiceStatus.NeedsReview, Start.AddSeconds(10));
        var second = await ReadAsync(await CreateAsync(Start.AddMilliseconds(2), other), InvoiceStatus.NeedsReview, Start.AddSeconds(20));
        var done = await ReadAsync(await CreateAsync(Start.AddMilliseconds(3)), InvoiceStatus.Completed, Start.AddSeconds(30));
        var approved = await ReadAsync(await CreateAsync(Start.AddMilliseconds(4)), InvoiceStatus.NeedsReview, Start.AddSeconds(40));
        Assert.Equal(ChangeOutcome.Applied, await Repository.SaveChangeAsync(
            approved with { Status = InvoiceStatus.Completed, Version = approved.Version + 1 }, approved.Version, [], null, Ct));
        var mine = new HashSet<string> { first.InvoiceId, second.InvoiceId, done.InvoiceId, approved.InvoiceId };

        var seen = new List<(string Owner, string Id)>();
        string? cursor = null;
        do
        {
            var page = await Repository.ReviewQueueAsync(1, cursor, Ct);
            Assert.True(page.Items.Count <= 1);
            seen.AddRange(page.Items.Where(i => mine.Contains(i.InvoiceId)).Select(i => (i.UserId, i.InvoiceId)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([(_user, first.InvoiceId), (other, second.InvoiceId)], seen);
        Assert.Equal(other, await Repository.FindOwnerAsync(second.InvoiceId, Ct));
        Assert.Null(await Repository.FindOwnerAsync(InvoiceId.New(Start), Ct));
    }
}

public sealed class DynamoInvoiceHistoryContractTests(EmulatorsFixture emulators) : InvoiceHistoryContract, IClassFixture<EmulatorsFixture>
{
    protected override IInvoiceRepository Repository { get; } = new DynamoInvoiceRepository(emulators.DynamoDb, EmulatorsFixture.TableName);
}

public sealed class InMemoryInvoiceHistoryContractTests : InvoiceHistoryContract
{
    protected override IInvoiceRepository Repository { get; } = new InMemoryInvoiceRepository();
}
