using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>
/// Erasure of one invoice and of all a user has: exactly the owner's items and objects go, in an order that never leaves
/// a visible record pointing to nothing, and a call that stopped (failure or deadline) is continued by the next.
/// </summary>
public class InvoiceErasureTests
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InvoiceErasure Erasure(IObjectStore? objects = null, int pageSize = 100) =>
        new(_invoices, objects ?? _objects, _clock) { PageSize = pageSize };

    /// <summary>An invoice read to NEEDS_REVIEW with its upload, its OCR result, a page image, history and an idempotency mark.</summary>
    private async Task<string> SeedAsync(string user)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        var id = InvoiceId.New(_clock.GetUtcNow());
        var upload = ObjectKeys.Upload(user, id, "scan.pdf");
        var invoice = new InvoiceRecord(user, id, InvoiceStatus.AwaitingUpload, _clock.Now, _clock.Now, "scan.pdf", upload, "application/pdf");
        await _invoices.CreateAsync(invoice, Ct);
        foreach (var status in new[] { InvoiceStatus.Processing, InvoiceStatus.OcrComplete, InvoiceStatus.Extracting, InvoiceStatus.NeedsReview })
            await _invoices.TransitionAsync(user, id, new StatusUpdate(status, _clock.Now) { OcrKey = ObjectKeys.OcrResult(user, id) }, Ct);
        var stored = (await _invoices.GetAsync(user, id, Ct))!;
        await _invoices.SaveChangeAsync(stored with { Version = stored.Version + 1 }, stored.Version, [],
            new IdempotencyMark("key-1", "ocr=False", _clock.Now), Ct);
        await _objects.PutAsync(upload, "%PDF-1.7"u8.ToArray(), "application/pdf", Ct);
        await _objects.PutAsync(ObjectKeys.OcrResult(user, id), "{}"u8.ToArray(), "application/json", Ct);
        await _objects.PutAsync(ObjectKeys.PageImage(user, id, 1, ".webp"), "RIFF"u8.ToArray(), "image/webp", Ct);
        return id;
    }

    private IEnumerable<string> ObjectsOf(string user) => _objects.Objects.Keys.Where(k => k.Contains($"/{user}/", StringComparison.Ordinal));

    [Fact]
    public async Task Erasing_an_invoice_removes_exactly_its_items_and_objects()
    {
        var erased = await SeedAsync(Alice);
        var kept = await SeedAsync(Alice);
        var bobs = await SeedAsync(Bob);
        await _objects.PutAsync(ObjectKeys.Upload(Alice, erased, "stray.pdf"), "x"u8.ToArray(), "application/pdf", Ct);
        var aliceBefore = _invoices.PartitionItems(Alice);
        var bobBefore = _invoices.PartitionItems(Bob);

        await Erasure().EraseInvoiceAsync(Actor.User(Alice), erased, Ct);

        Assert.Equal(aliceBefore.Where(k => !k.Contains(erased, StringComparison.Ordinal)), _invoices.PartitionItems(Alice));
        Assert.Contains(_invoices.PartitionItems(Alice), k => k.StartsWith("HISTORY#" + kept, StringComparison.Ordinal));
        Assert.Equal(bobBefore, _invoices.PartitionItems(Bob));
        Assert.DoesNotContain(_objects.Objects.Keys, k => k.Contains(erased, StringComparison.Ordinal));
        Assert.Equal(3, _objects.Objects.Keys.Count(k => k.Contains(kept, StringComparison.Ordinal)));
        Assert.Equal(3, _objects.Objects.Keys.Count(k => k.Contains(bobs, StringComparison.Ordinal)));
        Assert.Null(await _invoices.GetAsync(Alice, erased, Ct));
    }

    [Fact]
    public async Task A_second_erasure_and_anyone_elses_are_not_found_and_leave_the_invoice_alone()
    {
        var id = await SeedAsync(Alice);
        var bobs = await SeedAsync(Bob);

        await Erasure().EraseInvoiceAsync(Actor.User(Alice), id, Ct);
        var again = await Assert.ThrowsAsync<ReviewRefusedException>(() => Erasure().EraseInvoiceAsync(Actor.User(Alice), id, Ct));
        var other = await Assert.ThrowsAsync<ReviewRefusedException>(() => Erasure().EraseInvoiceAsync(Actor.User(Alice), bobs, Ct));
        var operatorAsks = await Assert.ThrowsAsync<ReviewRefusedException>(() => Erasure().EraseInvoiceAsync(Actor.Operator("user-olga"), bobs, Ct));
        var malformed = await Assert.ThrowsAsync<ReviewRefusedException>(() => Erasure().EraseInvoiceAsync(Actor.User(Alice), "../x", Ct));

        Assert.All([again, other, operatorAsks], e => Assert.Equal((Refusal.NotFound, ErrorCodes.NotFound), (e.Refusal, e.Code)));
        Assert.Equal($"No invoice {bobs}.", other.Message); // as for an id nobody has: nothing tells that it exists
        Assert.Equal(Refusal.Invalid, malformed.Refusal);
        Assert.NotNull(await _invoices.GetAsync(Bob, bobs, Ct));
        Assert.Equal(3, ObjectsOf(Bob).Count());
    }

    [Fact]
    public async Task An_invoice_being_erased_is_missing_to_every_read_takes_no_claim_and_a_retry_finishes_it()
    {
        var id = await SeedAsync(Alice);
        var before = (await _invoices.GetAsync(Alice, id, Ct))!;
        _invoices.FailNextInvoiceItemDelete = true;

        await Assert.ThrowsAsync<IOException>(() => Erasure().EraseInvoiceAsync(Actor.User(Alice), id, Ct));

        // Marked, objects gone, the record still stored: nobody sees it, nothing moves it.
        Assert.Contains("INVOICE#" + id, _invoices.PartitionItems(Alice));
        Assert.Empty(ObjectsOf(Alice));
        Assert.Null(await _invoices.GetAsync(Alice, id, Ct));
        Assert.Empty((await _invoices.ListAsync(new InvoiceQuery(Alice, 20, null), Ct)).Items);
        Assert.Empty((await _invoices.ReviewQueueAsync(20, null, Ct)).Items);
        var claim = await _invoices.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.Processing, _clock.Now) { LeaseExpiresAt = _clock.Now.AddMinutes(3) }, Ct);
        Assert.Equal(TransitionOutcome.NotFound, claim.Outcome);
        Assert.Equal(ChangeOutcome.Stale, await _invoices.SaveChangeAsync(before with { Version = before.Version + 1 }, before.Version, [], null, Ct));
        var review = new InvoiceReview(_invoices, _clock);
        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() => review.ApproveAsync(Actor.User(Alice), id, null, new ApprovalRequest(), Ct));
        Assert.Equal(Refusal.NotFound, refused.Refusal);

        await Erasure().EraseInvoiceAsync(Actor.User(Alice), id, Ct);

        Assert.Empty(_invoices.PartitionItems(Alice));
        Assert.Equal(2, _invoices.ErasureMarks);
        await Assert.ThrowsAsync<ReviewRefusedException>(() => Erasure().EraseInvoiceAsync(Actor.User(Alice), id, Ct));
    }

    [Fact]
    public async Task Erasing_a_user_pages_through_everything_stops_at_the_deadline_and_the_next_call_finishes()
    {
        for (var i = 0; i < 7; i++)
            await SeedAsync(Alice);
        var bobs = await SeedAsync(Bob);
        for (var i = 0; i < 5; i++)
            _invoices.AddPartitionItem(Alice, $"VENDOR#name:vendor {i}");
        _invoices.AddPartitionItem(Alice, "QUOTA#minute#1796634000");
        await _objects.PutAsync($"ocr/{Alice}/orphan.json", "{}"u8.ToArray(), "application/json", Ct);
        await _objects.PutAsync($"pages/{Alice}/01KBORPHANPAGES0000000000/1.webp", "RIFF"u8.ToArray(), "image/webp", Ct);
        await _objects.PutAsync(ExportKeys.Export(Alice, "01KBEXPORTALICE0000000000", ExportFormat.Csv), "invoiceId\r\n"u8.ToArray(), "text/csv", Ct);
        await _objects.PutAsync(ExportKeys.Export(Bob, "01KBEXPORTBOB000000000000", ExportFormat.Jsonl), "{}\n"u8.ToArray(), "application/x-ndjson", Ct);
        var bobBefore = _invoices.PartitionItems(Bob);
        using var deadline = new CancellationTokenSource();
        var stopping = new DeadlineAfterDeletes(_objects, deletes: 5, deadline);

        var first = await Erasure(stopping, pageSize: 3).EraseUserAsync(Alice, deadline.Token, Ct);

        Assert.False(first.Done);
        Assert.InRange(first.Invoices, 1, 6);
        Assert.NotEmpty(_invoices.PartitionItems(Alice));
        // What is still listed still has its objects: no visible record points to nothing.
        foreach (var left in (await _invoices.ListAsync(new InvoiceQuery(Alice, 20, null), Ct)).Items)
            Assert.True(_objects.Objects.ContainsKey(left.UploadKey) && _objects.Objects.ContainsKey(ObjectKeys.OcrResult(Alice, left.InvoiceId)));

        var second = await Erasure(pageSize: 3).EraseUserAsync(Alice, CancellationToken.None, Ct);

        Assert.True(second.Done);
        Assert.Equal(7, first.Invoices + second.Invoices);
        // The upload quota's counter stays: erasing everything does not reset the day's quota.
        Assert.Equal(["QUOTA#minute#1796634000"], _invoices.PartitionItems(Alice));
        Assert.Empty(ObjectsOf(Alice));
        Assert.Equal(bobBefore, _invoices.PartitionItems(Bob));
        Assert.DoesNotContain(_objects.Objects.Keys, k => k.StartsWith(ExportKeys.UserPrefix(Alice), StringComparison.Ordinal));
        Assert.Equal(4, ObjectsOf(Bob).Count()); // an upload, an OCR result, a page image and an export
        Assert.NotNull(await _invoices.GetAsync(Bob, bobs, Ct));
        Assert.True((await Erasure().EraseUserAsync(Alice, CancellationToken.None, Ct)).Done); // nothing left: done at once
    }

    [Fact]
    public async Task A_user_with_nothing_is_erased_at_once_and_a_spent_deadline_starts_nothing()
    {
        var id = await SeedAsync(Alice);

        var spent = await Erasure().EraseUserAsync(Alice, new CancellationToken(canceled: true), Ct);
        var nobody = await Erasure().EraseUserAsync("user-nobody", CancellationToken.None, Ct);

        Assert.Equal(new UserErasure(false, 0, 0, 0), spent);
        Assert.NotNull(await _invoices.GetAsync(Alice, id, Ct));
        Assert.Equal(new UserErasure(true, 0, 0, 0), nobody);
    }

    /// <summary>The store as it stands when the invocation's time runs out after <c>deletes</c> object deletes.</summary>
    private sealed class DeadlineAfterDeletes(IObjectStore inner, int deletes, CancellationTokenSource deadline) : IObjectStore
    {
        private int _left = deletes;

        public string BucketName => inner.BucketName;
        public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);
        public Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken) => inner.GetAsync(key, maxBytes, cancellationToken);
        public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, contentType, cancellationToken);
        public Task TouchAsync(string key, CancellationToken cancellationToken) => inner.TouchAsync(key, cancellationToken);
        public Task<ObjectKeyPage> ListAsync(string prefix, string? continuation, int max, CancellationToken cancellationToken) =>
            inner.ListAsync(prefix, continuation, max, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken)
        {
            if (--_left == 0)
                deadline.Cancel();
            return inner.DeleteAsync(key, cancellationToken);
        }
    }
}
