using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>
/// Erasure's storage contract, against DynamoDB Local and the in-memory fake: the mark hides an invoice from every read
/// and refuses every write; deletes take exactly the invoice's items (or, page by page, the whole partition).
/// </summary>
public abstract class InvoiceErasureContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    protected abstract IInvoiceRepository Repository { get; }

    private IInvoiceErasureStore Erasure => (IInvoiceErasureStore)Repository;

    /// <summary>An item of another kind in the partition (vendor memory, a quota counter).</summary>
    protected abstract Task AddOtherItemAsync(string userId, string sortKey);

    /// <summary>The sort keys of every item in the user's partition.</summary>
    protected abstract Task<IReadOnlyList<string>> SortKeysAsync(string userId);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");

    /// <summary>An invoice taken to NEEDS_REVIEW (in the operators' queue) with an idempotency mark beside its history.</summary>
    private async Task<InvoiceRecord> ReadInvoiceAsync(DateTimeOffset at)
    {
        var invoice = InvoiceRepositoryContract.NewInvoice(_user, at);
        await Repository.CreateAsync(invoice, Ct);
        foreach (var status in new[] { InvoiceStatus.Processing, InvoiceStatus.OcrComplete, InvoiceStatus.Extracting, InvoiceStatus.NeedsReview })
            Assert.True((await Repository.TransitionAsync(_user, invoice.InvoiceId, new StatusUpdate(status, at), Ct)).Applied);
        var stored = (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!;
        Assert.Equal(ChangeOutcome.Applied, await Repository.SaveChangeAsync(stored with { Version = stored.Version + 1 }, stored.Version,
            [new HistoryEntry(HistoryKinds.Reprocess, at, Actor.User(_user))], new IdempotencyMark("k-1", "ocr=False", at), Ct));
        return (await Repository.GetAsync(_user, invoice.InvoiceId, Ct))!;
    }

    [Fact]
    public async Task A_marked_invoice_is_missing_to_every_read_and_refuses_every_write_and_marking_again_returns_it()
    {
        var invoice = await ReadInvoiceAsync(Start);

        var marked = await Erasure.MarkErasingAsync(_user, invoice.InvoiceId, Start.AddMinutes(1), Ct);
        var markedAgain = await Erasure.MarkErasingAsync(_user, invoice.InvoiceId, Start.AddMinutes(2), Ct);

        Assert.Equal((invoice.UploadKey, invoice.Status), (marked!.UploadKey, marked.Status));
        Assert.NotNull(markedAgain);
        Assert.Null(await Erasure.MarkErasingAsync(_user, InvoiceId.New(Start), Start, Ct));
        Assert.Null(await Repository.GetAsync(_user, invoice.InvoiceId, Ct));
        Assert.Empty((await Repository.ListAsync(new InvoiceQuery(_user, 10, null), Ct)).Items);
        Assert.Empty((await Repository.ListAsync(new InvoiceQuery(_user, 10, null, InvoiceStatus.NeedsReview), Ct)).Items);
        Assert.DoesNotContain((await Repository.ReviewQueueAsync(100, null, Ct)).Items, i => i.InvoiceId == invoice.InvoiceId);
        var failed = new StatusUpdate(InvoiceStatus.Failed, Start.AddMinutes(3)) { Failure = new ProcessingFailure("X", "x", Start) };
        Assert.Equal(TransitionOutcome.NotFound, (await Repository.TransitionAsync(_user, invoice.InvoiceId, failed, Ct)).Outcome);
        Assert.Equal(ChangeOutcome.Stale, await Repository.SaveChangeAsync(invoice with { Version = invoice.Version + 1 }, invoice.Version, [], null, Ct));
        Assert.Contains("INVOICE#" + invoice.InvoiceId, await SortKeysAsync(_user)); // still stored until the erasure deletes it
    }

    [Fact]
    public async Task Deleting_an_invoices_items_takes_its_history_marks_and_record_and_nothing_else()
    {
        var erased = await ReadInvoiceAsync(Start);
        var kept = await ReadInvoiceAsync(Start.AddMinutes(1));
        await AddOtherItemAsync(_user, "VENDOR#name:acme");
        var before = await SortKeysAsync(_user);
        Assert.Contains(before, k => k.StartsWith("HISTORY#" + erased.InvoiceId, StringComparison.Ordinal));
        Assert.Contains(before, k => k.StartsWith("IDEMPOTENCY#" + erased.InvoiceId, StringComparison.Ordinal));

        await Erasure.MarkErasingAsync(_user, erased.InvoiceId, Start, Ct);
        await Erasure.DeleteInvoiceItemsAsync(_user, erased.InvoiceId, Ct);
        await Erasure.DeleteInvoiceItemsAsync(_user, erased.InvoiceId, Ct); // again: nothing left, no error

        Assert.Equal(before.Where(k => !k.Contains(erased.InvoiceId, StringComparison.Ordinal)), await SortKeysAsync(_user));
        Assert.NotNull(await Repository.GetAsync(_user, kept.InvoiceId, Ct));
        Assert.Null(await Erasure.MarkErasingAsync(_user, erased.InvoiceId, Start, Ct));
    }

    [Fact]
    public async Task The_partition_is_listed_and_deleted_page_by_page_past_a_batch_of_25_and_the_quota_counters_stay()
    {
        var first = await ReadInvoiceAsync(Start);
        var second = await ReadInvoiceAsync(Start.AddMinutes(1));
        // History of invoices already gone: sorts first, so the first page is all of it (more than a batch of 25).
        for (var i = 0; i < 30; i++)
            await AddOtherItemAsync(_user, $"HISTORY#01KAGONE0000000000000000{i:D2}#2026-11-20T10:00:00Z#status");
        // More quota counters than a page holds, after the invoices' items and before the vendors': passed over, kept.
        for (var i = 0; i < 30; i++)
            await AddOtherItemAsync(_user, $"QUOTA#minute#{1796634000 + (i * 60)}");
        await AddOtherItemAsync(_user, "VENDOR#name:acme");
        var total = (await SortKeysAsync(_user)).Count - 30;

        Assert.Equal([first.InvoiceId], await Erasure.InvoiceIdsAsync(_user, 1, Ct));
        Assert.Equal([first.InvoiceId, second.InvoiceId], await Erasure.InvoiceIdsAsync(_user, 10, Ct));
        var deleted = new List<int>();
        int round;
        while ((round = await Erasure.DeletePartitionItemsAsync(_user, 27, Ct)) > 0)
            deleted.Add(round);

        Assert.Equal(total, deleted.Sum());
        Assert.Equal(27, deleted[0]);
        Assert.Equal(30, (await SortKeysAsync(_user)).Count(k => k.StartsWith("QUOTA#", StringComparison.Ordinal)));
        Assert.Equal(30, (await SortKeysAsync(_user)).Count);
        Assert.Empty(await Erasure.InvoiceIdsAsync(_user, 10, Ct));
    }
}

public sealed class DynamoInvoiceErasureContractTests(EmulatorsFixture emulators) : InvoiceErasureContract, IClassFixture<EmulatorsFixture>
{
    protected override IInvoiceRepository Repository { get; } = new DynamoInvoiceRepository(emulators.DynamoDb, EmulatorsFixture.TableName);

    protected override Task AddOtherItemAsync(string userId, string sortKey) =>
        emulators.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = EmulatorsFixture.TableName,
            Item = new() { ["PK"] = new AttributeValue("USER#" + userId), ["SK"] = new AttributeValue(sortKey), ["entity"] = new AttributeValue("Other") },
        }, TestContext.Current.CancellationToken);

    protected override async Task<IReadOnlyList<string>> SortKeysAsync(string userId) =>
        await DynamoPartition.SortKeysAsync(emulators.DynamoDb, EmulatorsFixture.TableName, userId, TestContext.Current.CancellationToken);
}

public sealed class InMemoryInvoiceErasureContractTests : InvoiceErasureContract
{
    private readonly InMemoryInvoiceRepository _repository = new();

    protected override IInvoiceRepository Repository => _repository;

    protected override Task AddOtherItemAsync(string userId, string sortKey)
    {
        _repository.AddPartitionItem(userId, sortKey);
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<string>> SortKeysAsync(string userId) => Task.FromResult(_repository.PartitionItems(userId));
}

/// <summary>Reads a user's whole partition through the SDK, as a check of what is stored (not through the code under test).</summary>
public static class DynamoPartition
{
    public static async Task<IReadOnlyList<string>> SortKeysAsync(Amazon.DynamoDBv2.IAmazonDynamoDB dynamo, string table, string userId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue("USER#" + userId) },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            keys.AddRange((page.Items ?? []).Select(i => i["SK"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return keys.Order(StringComparer.Ordinal).ToList();
    }
}
