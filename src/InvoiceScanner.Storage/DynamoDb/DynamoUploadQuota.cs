using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// Upload counters in the user's own partition: one item per window (SK = QUOTA#{name}#{window start}), raised by a
/// conditional ADD that refuses at the limit, and deleted by TTL a day after the window ends.
/// </summary>
public sealed class DynamoUploadQuota(IAmazonDynamoDB dynamo, string tableName) : IUploadQuota
{
    /// <summary>The sort keys of the counters; erasure leaves them (they expire by themselves).</summary>
    internal const string SortKeyPrefix = "QUOTA#";

    public async Task<QuotaRefusal?> TryTakeAsync(string userId, DateTimeOffset at, IReadOnlyList<QuotaWindow> windows, CancellationToken cancellationToken)
    {
        var taken = new List<QuotaWindow>();
        foreach (var window in windows)
        {
            try
            {
                await dynamo.UpdateItemAsync(Count(userId, at, window, +1, window.Limit), cancellationToken);
                taken.Add(window);
            }
            catch (ConditionalCheckFailedException)
            {
                // Windows already counted give the request back, so a refused request uses up nothing.
                foreach (var counted in taken)
                    await dynamo.UpdateItemAsync(Count(userId, at, counted, -1, null), CancellationToken.None);
                return new QuotaRefusal(window, Start(at, window) + window.Window);
            }
        }
        return null;
    }

    private static DateTimeOffset Start(DateTimeOffset at, QuotaWindow window) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((at - DateTimeOffset.UnixEpoch).Ticks / window.Window.Ticks * window.Window.Ticks);

    private UpdateItemRequest Count(string userId, DateTimeOffset at, QuotaWindow window, int by, int? limit)
    {
        var start = Start(at, window);
        var values = new Dictionary<string, AttributeValue>
        {
            [":by"] = new AttributeValue { N = by.ToString(CultureInfo.InvariantCulture) },
            [":expires"] = new AttributeValue { N = (start + window.Window + TimeSpan.FromDays(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        };
        var request = new UpdateItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue>
            {
                [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
                [InvoiceTableDefinition.SortKey] = new AttributeValue($"{SortKeyPrefix}{window.Name}#{start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"),
            },
            UpdateExpression = $"ADD #count :by SET {InvoiceTableDefinition.ExpiresAt} = :expires",
            ExpressionAttributeNames = new() { ["#count"] = "count" },
            ExpressionAttributeValues = values,
        };
        if (limit is { } max)
        {
            request.ConditionExpression = "attribute_not_exists(#count) OR #count < :limit";
            values[":limit"] = new AttributeValue { N = max.ToString(CultureInfo.InvariantCulture) };
        }
        return request;
    }
}
