using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// <see cref="IDuplicateIndex"/> in the invoices table: one item per key in the user's own partition (SK = the key, e.g.
/// HASH#{sha256} or DOCNO#{vendor}#{number}) naming the invoice that holds it. Written conditionally, so the first
/// invoice wins; removed conditionally, so only the holder's erasure removes it.
/// </summary>
public sealed class DynamoDuplicateIndex(IAmazonDynamoDB dynamo, string tableName) : IDuplicateIndex
{
    /// <summary>An attribute no index is keyed on, so lookups never appear in the operators' indexes.</summary>
    private const string HolderName = "duplicateOf";
    private const int MaxRounds = 3;

    private static Dictionary<string, AttributeValue> Key(string userId, string key) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
        [InvoiceTableDefinition.SortKey] = new AttributeValue(key),
    };

    public async Task<string> ClaimAsync(string userId, string key, string invoiceId, string? replacing, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var item = Key(userId, key);
            item["entity"] = new AttributeValue("DuplicateKey");
            item[HolderName] = new AttributeValue(invoiceId);
            var values = new Dictionary<string, AttributeValue> { [":me"] = new AttributeValue(invoiceId) };
            var condition = $"attribute_not_exists(PK) OR {HolderName} = :me";
            if (replacing is not null)
            {
                condition += $" OR {HolderName} = :stale";
                values[":stale"] = new AttributeValue(replacing);
            }
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName, Item = item, ConditionExpression = condition, ExpressionAttributeValues = values,
                }, cancellationToken);
                return invoiceId;
            }
            catch (ConditionalCheckFailedException)
            {
                var held = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(userId, key), ConsistentRead = true },
                    cancellationToken);
                if (held.Item?.GetValueOrDefault(HolderName)?.S is { } holder)
                    return holder;
                // Released between the put and the read: try again.
                if (round + 1 >= MaxRounds)
                    throw;
            }
        }
    }

    public async Task ReleaseAsync(string userId, string key, string invoiceId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName,
                Key = Key(userId, key),
                ConditionExpression = $"{HolderName} = :me",
                ExpressionAttributeValues = new() { [":me"] = new AttributeValue(invoiceId) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another invoice holds it, or nothing does.
        }
    }
}
