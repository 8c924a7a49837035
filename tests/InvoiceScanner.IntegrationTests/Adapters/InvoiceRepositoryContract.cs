using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>
/// What every <see cref="IInvoiceRepository"/> must do, run against DynamoDB Local and against the in-memory fake the
/// handler tests use, so the fake cannot drift from the real adapter.
/// </summary>
public abstract class InvoiceRepositoryContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected abstract IInvoiceRepository Repository { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every test works in its own user's partition.</summary>
    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");

    private async Task<InvoiceRecord> CreateAsync(DateTimeOffset at, string? user = null)
    {
        var record = NewInvoice(user ?? _user, at);
        await Repository.CreateAsync(record, Ct);
        return record;
    }

    /// <summary>A new invoice as UploadPresign creates it (AWAITING_UPLOAD), its id minted at <paramref name="at"/>.</summary>
    internal static InvoiceRecord NewInvoice(string owner, DateTimeOffset at)
    {
        var id = InvoiceId.New(at);
        return new InvoiceRecord(owner, id, InvoiceStatus.AwaitingUpload, at, at, "scan 1.pdf", ObjectKeys.Upload(owner, id, "scan 1.pdf"), "application/pdf");
    }

    private Task<TransitionResult> MoveAsync(InvoiceRecord invoice, InvoiceStatus to, DateTimeOffset at, DateTimeOffset? lease = null) =>
        Repository.TransitionAsync(invoice.UserId, invoice.InvoiceId, new StatusUpdate(to, at) { LeaseExpiresAt = lease }, Ct);

    [Fact]
    public async Task A_created_invoice_reads_back_as_written_and_cannot_be_created_twice()
    {
        var created = await CreateAsync(Start);

        var read = await Repository.GetAsync(_user, created.InvoiceId, Ct);

        Assert.NotNull(read);
        Assert.Equal((created.Status, created.FileName, created.UploadKey, created.ContentType, created.CreatedAt),
            (read.Status, read.FileName, read.UploadKey, read.ContentType, read.CreatedAt));
        await Assert.ThrowsAnyAsync<Exception>(() => Repository.CreateAsync(created, Ct));
    }

    [Fact]
    public async Task The_data_written_with_each_status_is_kept_through_the_life_cycle()
    {
        var invoice = await CreateAsync(Start);
        var facts = new DocumentFacts(DocumentKind.Pdf, 1234, new string('a', 64)) { Pages = 2 };
        var result = Documents.Result(4.11m, "USD", new ReviewReason("LOW_CONFIDENCE", "vendor is unclear", "vendorName"));

        Assert.True((await MoveAsync(invoice, InvoiceStatus.Processing, Start.AddSeconds(1), Start.AddMinutes(3))).Applied);
        Assert.True((await Repository.TransitionAsync(_user, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.OcrComplete, Start.AddSeconds(2))
        { Document = facts, OcrKey = ObjectKeys.OcrResult(_user, invoice.InvoiceId), OcrEngine = "pdftotext" }, Ct)).Applied);
        Assert.True((await MoveAsync(invoice, InvoiceStatus.Extracting, Start.AddSeconds(3), Start.AddMinutes(2))).Applied);
        Assert.True((await Repository.TransitionAsync(_user, invoice.InvoiceId,
            new StatusUpdate(InvoiceStatus.NeedsReview, Start.AddSeconds(4)) { Result = result }, Ct)).Applied);

        var read = (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!;
        Assert.Equal(InvoiceStatus.NeedsReview, read.Status);
        Assert.Equal(Start.AddSeconds(4), read.UpdatedAt);
        Assert.Equal(facts, read.Document);
        Assert.Equal("pdftotext", read.OcrEngine);
        Assert.Equal(ObjectKeys.OcrResult(_user, invoice.InvoiceId), read.OcrKey);
        Assert.Null(read.LeaseExpiresAt); // a settled invoice holds no claim
        Assert.Equal(4.11m, read.Result!.Fields.Total!.Value);
        Assert.Equal("USD", read.Result.Fields.Currency!.Value);
        Assert.Equal("LOW_CONFIDENCE", Assert.Single(read.Result.ReviewReasons).Code);
    }

    [Fact]
    public async Task Status_never_moves_backwards_and_a_conflict_reports_the_status_found()
    {
        var invoice = await CreateAsync(Start);
        await MoveAsync(invoice, InvoiceStatus.Processing, Start.AddSeconds(1), Start.AddMinutes(3));
        await MoveAsync(invoice, InvoiceStatus.Failed, Start.AddSeconds(2));

        var back = await MoveAsync(invoice, InvoiceStatus.Processing, Start.AddHours(1), Start.AddHours(2));
        var skip = await MoveAsync(invoice, InvoiceStatus.Completed, Start.AddHours(1));

        Assert.Equal(new TransitionResult(TransitionOutcome.Conflict, InvoiceStatus.Failed), back);
        Assert.Equal(new TransitionResult(TransitionOutcome.Conflict, InvoiceStatus.Failed), skip);
        Assert.Equal(InvoiceStatus.Failed, (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!.Status);
    }

    [Fact]
    public async Task A_failure_is_stored_with_its_code_and_message()
    {
        var invoice = await CreateAsync(Start);
        var failure = new ProcessingFailure("UNSUPPORTED_TYPE", "The file is a ZIP archive; upload a PDF, JPEG, PNG or TIFF.", Start.AddSeconds(5));

        await Repository.TransitionAsync(_user, invoice.InvoiceId, new StatusUpdate(InvoiceStatus.Failed, Start.AddSeconds(5)) { Failure = failure }, Ct);

        Assert.Equal(failure, (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!.Failure);
    }

    [Fact]
    public async Task Only_a_file_missing_failure_is_reopened_by_a_claim_and_reopening_clears_it()
    {
        var waiting = await CreateAsync(Start);
        var other = await CreateAsync(Start.AddMilliseconds(1));
        async Task Fail(InvoiceRecord invoice, string code) => await Repository.TransitionAsync(_user, invoice.InvoiceId,
            new StatusUpdate(InvoiceStatus.Failed, Start.AddSeconds(5)) { Failure = new ProcessingFailure(code, "m", Start.AddSeconds(5)) }, Ct);
        await Fail(waiting, ErrorCodes.FileMissing);
        await Fail(other, ErrorCodes.UnsupportedType);

        var reopened = await MoveAsync(waiting, InvoiceStatus.Processing, Start.AddSeconds(9), Start.AddMinutes(5));
        var refused = await MoveAsync(other, InvoiceStatus.Processing, Start.AddSeconds(9), Start.AddMinutes(5));
        var notTwice = await MoveAsync(waiting, InvoiceStatus.Processing, Start.AddSeconds(10), Start.AddMinutes(5));

        Assert.True(reopened.Applied);
        Assert.Equal((TransitionOutcome.Conflict, InvoiceStatus.Failed), (refused.Outcome, refused.CurrentStatus));
        Assert.False(notTwice.Applied); // now a claim with a live lease
        var read = await Repository.GetAsync(_user, waiting.InvoiceId, Ct);
        Assert.Equal(InvoiceStatus.Processing, read!.Status);
        Assert.Null(read.Failure);
        // Failing again after reopening still records the new failure, and it reopens again.
        await Fail(waiting, ErrorCodes.FileMissing);
        Assert.True((await MoveAsync(waiting, InvoiceStatus.Processing, Start.AddSeconds(20), Start.AddMinutes(6))).Applied);
    }

    [Fact]
    public async Task An_awaiting_invoice_expires_with_its_reason_and_the_upload_bounds_round_trip()
    {
        var record = NewInvoice(_user, Start) with { UploadExpiresAt = Start.AddMinutes(15), UploadSize = 48213 };
        await Repository.CreateAsync(record, Ct);
        var failure = new ProcessingFailure(ErrorCodes.UploadExpired, "late", Start.AddMinutes(20));

        var expired = await Repository.TransitionAsync(_user, record.InvoiceId, new StatusUpdate(InvoiceStatus.Expired, Start.AddMinutes(20)) { Failure = failure }, Ct);
        var noClaim = await MoveAsync(record, InvoiceStatus.Processing, Start.AddMinutes(21));

        Assert.True(expired.Applied);
        Assert.Equal((TransitionOutcome.Conflict, InvoiceStatus.Expired), (noClaim.Outcome, noClaim.CurrentStatus));
        var read = await Repository.GetAsync(_user, record.InvoiceId, Ct);
        Assert.Equal((InvoiceStatus.Expired, failure, Start.AddMinutes(15), 48213L), (read!.Status, read.Failure, read.UploadExpiresAt, read.UploadSize));
    }

    [Fact]
    public async Task In_flight_lists_every_users_unfinished_invoices_least_recently_changed_first()
    {
        var other = "user-" + Guid.NewGuid().ToString("N");
        var waiting = await CreateAsync(Start);
        var working = await CreateAsync(Start.AddSeconds(1), other);
        await MoveAsync(working, InvoiceStatus.Processing, Start.AddSeconds(2), Start.AddMinutes(5));
        var finished = await CreateAsync(Start.AddSeconds(3));
        await MoveAsync(finished, InvoiceStatus.Failed, Start.AddSeconds(4));
        var recent = await CreateAsync(Start.AddMinutes(10));

        var listed = new List<InFlightInvoice>();
        await foreach (var invoice in Repository.InFlightAsync(Start.AddMinutes(1), 100_000, Ct))
        {
            if (invoice.UserId == _user || invoice.UserId == other)
                listed.Add(invoice);
        }

        Assert.Equal([waiting.InvoiceId, working.InvoiceId], listed.Select(i => i.InvoiceId));
        Assert.Equal((InvoiceStatus.Processing, other, Start.AddSeconds(2), Start.AddMinutes(5)),
            (listed[1].Status, listed[1].UserId, listed[1].UpdatedAt, listed[1].LeaseExpiresAt));
        Assert.DoesNotContain(listed, i => i.InvoiceId == finished.InvoiceId || i.InvoiceId == recent.InvoiceId);
    }

    [Fact]
    public async Task A_claim_is_exclusive_until_its_lease_lapses_or_it_is_released()
    {
        var invoice = await CreateAsync(Start);
        var lease = Start.AddMinutes(3);
        Assert.True((await MoveAsync(invoice, InvoiceStatus.Processing, Start, lease)).Applied);

        var duplicate = await MoveAsync(invoice, InvoiceStatus.Processing, Start.AddMinutes(1), Start.AddMinutes(4));
        var afterLapse = await MoveAsync(invoice, InvoiceStatus.Processing, lease.AddSeconds(1), lease.AddMinutes(3));

        Assert.Equal(new TransitionResult(TransitionOutcome.Conflict, InvoiceStatus.Processing), duplicate);
        Assert.True(afterLapse.Applied);

        // Released (a transient failure before Lambda's retry): the retry takes it at once, and failures are counted.
        Assert.Equal(1, await Repository.ReleaseClaimAsync(_user, invoice.InvoiceId, InvoiceStatus.Processing, Ct));
        Assert.True((await MoveAsync(invoice, InvoiceStatus.Processing, lease.AddSeconds(2), lease.AddMinutes(4))).Applied);
        Assert.Equal(2, await Repository.ReleaseClaimAsync(_user, invoice.InvoiceId, InvoiceStatus.Processing, Ct));
        Assert.True((await MoveAsync(invoice, InvoiceStatus.Processing, lease.AddSeconds(3), lease.AddMinutes(5))).Applied);

        // Releasing a claim the invoice no longer holds changes nothing.
        await MoveAsync(invoice, InvoiceStatus.OcrComplete, lease.AddSeconds(4));
        Assert.Equal(0, await Repository.ReleaseClaimAsync(_user, invoice.InvoiceId, InvoiceStatus.Processing, Ct));
        Assert.Equal(InvoiceStatus.OcrComplete, (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!.Status);

        // The next step counts its own failures.
        await MoveAsync(invoice, InvoiceStatus.Extracting, lease.AddSeconds(5), lease.AddMinutes(6));
        Assert.Equal(1, await Repository.ReleaseClaimAsync(_user, invoice.InvoiceId, InvoiceStatus.Extracting, Ct));
    }

    [Fact]
    public async Task File_facts_can_be_recorded_without_touching_the_status_or_the_result()
    {
        var invoice = await CreateAsync(Start);
        await MoveAsync(invoice, InvoiceStatus.Processing, Start, Start.AddMinutes(3));
        await MoveAsync(invoice, InvoiceStatus.Extracting, Start.AddSeconds(1), Start.AddMinutes(2));
        await Repository.TransitionAsync(_user, invoice.InvoiceId,
            new StatusUpdate(InvoiceStatus.Completed, Start.AddSeconds(2)) { Result = Documents.Result(9.5m, "EUR") }, Ct);
        var facts = new DocumentFacts(DocumentKind.Png, 2048, new string('b', 64)) { Pages = 1 };

        await Repository.RecordDocumentAsync(_user, invoice.InvoiceId, facts, ObjectKeys.OcrResult(_user, invoice.InvoiceId), "tesseract", Ct);
        await Repository.RecordDocumentAsync(_user, InvoiceId.New(Start), facts, "ocr/x.json", "tesseract", Ct); // missing: no-op

        var read = (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!;
        Assert.Equal((InvoiceStatus.Completed, facts, "tesseract", 9.5m), (read.Status, read.Document, read.OcrEngine, read.Result!.Fields.Total!.Value));
        Assert.Single((await Repository.ListAsync(new InvoiceQuery(_user, 10, null), Ct)).Items);
    }

    [Fact]
    public async Task Another_users_invoice_is_not_found_by_any_operation()
    {
        var theirs = await CreateAsync(Start, user: "other-" + Guid.NewGuid().ToString("N"));

        Assert.Null(await Repository.GetAsync(_user, theirs.InvoiceId, Ct));
        Assert.Equal(TransitionOutcome.NotFound,
            (await Repository.TransitionAsync(_user, theirs.InvoiceId, new StatusUpdate(InvoiceStatus.Failed, Start), Ct)).Outcome);
        Assert.Empty((await Repository.ListAsync(new InvoiceQuery(_user, 10, null), Ct)).Items);
        Assert.Equal(InvoiceStatus.AwaitingUpload, (await Repository.GetAsync(theirs.UserId, theirs.InvoiceId, Ct))!.Status);
    }

    [Fact]
    public async Task Listing_pages_through_every_invoice_newest_first_without_gaps_or_repeats()
    {
        var created = new List<InvoiceRecord>();
        for (var i = 0; i < 7; i++)
            created.Add(await CreateAsync(Start.AddMinutes(i)));
        await CreateAsync(Start.AddMinutes(30), user: "other-" + Guid.NewGuid().ToString("N"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Repository.ListAsync(new InvoiceQuery(_user, 3, cursor), Ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(i => i.InvoiceId));
            cursor = page.NextCursor;
            Assert.True(++pages <= 4, "the listing does not end");
        }
        while (cursor is not null);

        Assert.Equal(created.Select(c => c.InvoiceId).Reverse(), seen);
    }

    [Fact]
    public async Task A_status_filter_still_fills_pages_from_sparse_matches_and_pages_on()
    {
        var failed = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var invoice = await CreateAsync(Start.AddMinutes(i));
            if (i % 4 == 0)
            {
                await MoveAsync(invoice, InvoiceStatus.Failed, Start.AddMinutes(i));
                failed.Add(invoice.InvoiceId);
            }
        }

        var first = await Repository.ListAsync(new InvoiceQuery(_user, 2, null, InvoiceStatus.Failed), Ct);
        Assert.Equal(failed.AsEnumerable().Reverse().Take(2), first.Items.Select(i => i.InvoiceId));
        Assert.All(first.Items, i => Assert.Equal(InvoiceStatus.Failed, i.Status));
        Assert.NotNull(first.NextCursor);

        var rest = new List<string>();
        for (var cursor = first.NextCursor; cursor is not null;)
        {
            var page = await Repository.ListAsync(new InvoiceQuery(_user, 2, cursor, InvoiceStatus.Failed), Ct);
            rest.AddRange(page.Items.Select(i => i.InvoiceId));
            cursor = page.NextCursor;
        }
        Assert.Equal(failed.AsEnumerable().Reverse().Skip(2), rest);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("")]
    public async Task A_cursor_that_does_not_decode_is_rejected(string cursor)
    {
        await CreateAsync(Start);
        await Assert.ThrowsAsync<InvalidCursorException>(() => Repository.ListAsync(new InvoiceQuery(_user, 5, cursor), Ct));
    }
}

public sealed class DynamoInvoiceRepositoryContractTests(EmulatorsFixture emulators) : InvoiceRepositoryContract, IClassFixture<EmulatorsFixture>
{
    protected override IInvoiceRepository Repository { get; } = new DynamoInvoiceRepository(emulators.DynamoDb, EmulatorsFixture.TableName);
}

public sealed class InMemoryInvoiceRepositoryContractTests : InvoiceRepositoryContract
{
    protected override IInvoiceRepository Repository { get; } = new InMemoryInvoiceRepository();
}
