using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>The review loop's storage: a person's changes with their history in one transaction, history, operators' look-ups.</summary>
public sealed partial class DynamoInvoiceRepository
{
    /// <summary>Bounds a history read; an invoice changes tens of times.</summary>
    private const int MaxHistoryItems = 5000;

    public async Task<ChangeOutcome> SaveChangeAsync(InvoiceRecord updated, long expectedVersion, IReadOnlyList<HistoryEntry> history,
        IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        // Records written before versions existed hold none: version 0 is "no version attribute".
        var condition = (expectedVersion == 0 ? "attribute_exists(PK) AND attribute_not_exists(version)" : "version = :expected")
            + $" AND attribute_not_exists({InvoiceItem.ErasingName})"; // the whole-item put would otherwise drop the erasure's mark
        var put = new Put { TableName = tableName, Item = InvoiceItem.ToItem(updated), ConditionExpression = condition };
        if (expectedVersion != 0)
            put.ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { N = InvoiceItem.Number(expectedVersion) } };
        var items = new List<TransactWriteItem> { new() { Put = put } };
        items.AddRange(history.Select((entry, i) => HistoryPut(updated.UserId, updated.InvoiceId, entry, i)));
        if (mark is not null)
        {
            items.Add(new TransactWriteItem
            {
                Put = new Put { TableName = tableName, Item = HistoryItem.ToItem(updated.UserId, updated.InvoiceId, mark), ConditionExpression = "attribute_not_exists(PK)" },
            });
        }
        try
        {
            await TransactAsync(items, cancellationToken);
            return ChangeOutcome.Applied;
        }
        catch (TransactionCanceledException cancelled) when (cancelled.CancellationReasons is { Count: > 0 } reasons)
        {
            if (reasons[0].Code == "ConditionalCheckFailed")
                return ChangeOutcome.Stale;
            if (mark is not null && reasons[^1].Code == "ConditionalCheckFailed")
                return ChangeOutcome.DuplicateRequest;
            throw;
        }
    }

    public async Task<IdempotencyMark?> GetIdempotencyMarkAsync(string userId, string invoiceId, string key, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = HistoryItem.MarkKey(userId, invoiceId, key),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? HistoryItem.MarkFromItem(item, key) : null;
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string invoiceId, CancellationToken cancellationToken)
    {
        var entries = new List<HistoryEntry>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
                ExpressionAttributeValues = new()
                {
                    [":pk"] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
                    [":prefix"] = new AttributeValue(HistoryItem.Prefix(invoiceId)),
                },
                ScanIndexForward = true,
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            entries.AddRange((response.Items ?? []).Select(HistoryItem.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null && entries.Count < MaxHistoryItems);
        return entries;
    }

    public async Task<InvoicePage> ReviewQueueAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? startKey = null;
        if (cursor is not null)
        {
            var (user, id) = ReviewCursor.Decode(cursor);
            startKey = InvoiceItem.Key(user, id);
            startKey[InvoiceTableDefinition.ReviewQueueKey] = new AttributeValue(InvoiceItem.ReviewQueueValue);
            startKey[InvoiceTableDefinition.ReviewQueueSortKey] = new AttributeValue(id);
        }
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = InvoiceTableDefinition.ReviewQueueIndex,
            KeyConditionExpression = "#queue = :queue",
            ExpressionAttributeNames = new() { ["#queue"] = InvoiceTableDefinition.ReviewQueueKey },
            ExpressionAttributeValues = new() { [":queue"] = new AttributeValue(InvoiceItem.ReviewQueueValue) },
            ScanIndexForward = true, // oldest first: invoice ids sort by creation time
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        var items = (response.Items ?? []).Select(InvoiceItem.FromItem).ToList();
        var next = response.LastEvaluatedKey is { Count: > 0 } && items.Count > 0 ? ReviewCursor.Encode(items[^1].UserId, items[^1].InvoiceId) : null;
        return new InvoicePage(items, next);
    }

    public async Task<string?> FindOwnerAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = InvoiceTableDefinition.ByIdIndex,
            KeyConditionExpression = "#id = :id",
            ExpressionAttributeNames = new() { ["#id"] = InvoiceTableDefinition.ByIdKey },
            ExpressionAttributeValues = new() { [":id"] = new AttributeValue(invoiceId) },
            Limit = 1,
        }, cancellationToken);
        var partition = response.Items?.FirstOrDefault()?.GetValueOrDefault(InvoiceTableDefinition.PartitionKey)?.S;
        const string prefix = "USER#";
        return partition is not null && partition.StartsWith(prefix, StringComparison.Ordinal) ? partition[prefix.Length..] : null;
    }
}
