using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// Erasure in the user's partition: the mark (a conditional update), then deletes by key — BatchWriteItem, 25 keys a
/// request, with what the service leaves unprocessed sent again. Keys are found by Query (keys only, paginated).
/// </summary>
public sealed partial class DynamoInvoiceRepository : IInvoiceErasureStore
{
    private const int BatchWriteLimit = 25;
    private const int MaxUnprocessedRounds = 8;

    public async Task<InvoiceRecord?> MarkErasingAsync(string userId, string invoiceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = InvoiceItem.Key(userId, invoiceId),
                // Leaves the operators' queue and the sweeper's index at once; the version moves so a change read before fails.
                UpdateExpression = $"SET {InvoiceItem.ErasingName} = if_not_exists({InvoiceItem.ErasingName}, :at)"
                    + $" REMOVE {InvoiceTableDefinition.ReviewQueueKey}, {InvoiceTableDefinition.ReviewQueueSortKey},"
                    + $" {InvoiceTableDefinition.InFlightKey}, {InvoiceTableDefinition.InFlightSortKey} ADD version :one",
                ConditionExpression = "attribute_exists(PK)",
                ExpressionAttributeValues = new()
                {
                    [":at"] = new AttributeValue(InvoiceItem.Timestamp(at)),
                    [":one"] = new AttributeValue { N = "1" },
                },
                ReturnValues = Amazon.DynamoDBv2.ReturnValue.ALL_NEW,
            }, cancellationToken);
            return InvoiceItem.FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task DeleteInvoiceItemsAsync(string userId, string invoiceId, CancellationToken cancellationToken)
    {
        foreach (var prefix in new[] { HistoryItem.Prefix(invoiceId), HistoryItem.MarkPrefix(invoiceId) })
        {
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var (keys, next) = await PartitionKeysAsync(userId, prefix, 500, startKey, cancellationToken);
                await BatchDeleteAsync(keys, cancellationToken);
                startKey = next;
            }
            while (startKey is not null);
        }
        await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = tableName, Key = InvoiceItem.Key(userId, invoiceId) }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> InvoiceIdsAsync(string userId, int max, CancellationToken cancellationToken)
    {
        var (keys, _) = await PartitionKeysAsync(userId, InvoicePrefix, max, null, cancellationToken);
        return [.. keys.Select(k => k[InvoiceTableDefinition.SortKey].S[InvoicePrefix.Length..])];
    }

    public async Task<int> DeletePartitionItemsAsync(string userId, int max, CancellationToken cancellationToken)
    {
        // The upload quota's counters stay (see the port): pages holding only those are passed over.
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var (keys, next) = await PartitionKeysAsync(userId, null, max, start, cancellationToken);
            var erasable = keys.Where(k => !k[InvoiceTableDefinition.SortKey].S.StartsWith(DynamoUploadQuota.SortKeyPrefix, StringComparison.Ordinal)).ToList();
            if (erasable.Count > 0)
            {
                await BatchDeleteAsync(erasable, cancellationToken);
                return erasable.Count;
            }
            start = next;
        }
        while (start is not null);
        return 0;
    }

    /// <summary>One page of keys in the user's partition, under <paramref name="prefix"/> when given.</summary>
    private async Task<(List<Dictionary<string, AttributeValue>> Keys, Dictionary<string, AttributeValue>? Next)> PartitionKeysAsync(
        string userId, string? prefix, int max, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue> { [":pk"] = new AttributeValue(InvoiceItem.PartitionValue(userId)) };
        if (prefix is not null)
            values[":prefix"] = new AttributeValue(prefix);
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = prefix is null ? "PK = :pk" : "PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues = values,
            ProjectionExpression = $"{InvoiceTableDefinition.PartitionKey}, {InvoiceTableDefinition.SortKey}",
            ConsistentRead = true,
            Limit = max,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        return (response.Items ?? [], response.LastEvaluatedKey is { Count: > 0 } last ? last : null);
    }

    /// <summary>Deletes the keys 25 a request; what the service leaves unprocessed (throttling) is sent again after a pause.</summary>
    private async Task BatchDeleteAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(BatchWriteLimit))
        {
            var pending = chunk.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } }).ToList();
            for (var round = 1; pending.Count > 0; round++)
            {
                if (round > MaxUnprocessedRounds)
                    throw new IOException($"DynamoDB left {pending.Count} deletes unprocessed after {MaxUnprocessedRounds} rounds.");
                if (round > 1)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 25 << round) + Random.Shared.Next(25)), cancellationToken);
                var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new() { [tableName] = pending },
                }, cancellationToken);
                pending = response.UnprocessedItems?.GetValueOrDefault(tableName) ?? [];
            }
        }
    }
}
