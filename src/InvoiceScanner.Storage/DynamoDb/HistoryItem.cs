using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// Maps <see cref="HistoryEntry"/> and <see cref="IdempotencyMark"/> to their items in the invoice's partition. A history
/// entry's sort key orders by time, then by its place among the entries of one change, then by a random tag (two writers
/// in the same tick never collide).
/// </summary>
internal static class HistoryItem
{
    private static readonly TimeSpan MarkLifetime = TimeSpan.FromDays(1);

    public static string Prefix(string invoiceId) => $"HISTORY#{invoiceId}#";

    public static Dictionary<string, AttributeValue> ToItem(string userId, string invoiceId, HistoryEntry entry, int position) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
        [InvoiceTableDefinition.SortKey] = new AttributeValue(Prefix(invoiceId)
            + entry.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture)
            + "#" + position.ToString("D3", CultureInfo.InvariantCulture)
            + "#" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))),
        ["entity"] = new AttributeValue("History"),
        ["entry"] = new AttributeValue(JsonSerializer.Serialize(entry, InvoiceScannerJsonContext.Default.HistoryEntry)),
    };

    public static HistoryEntry FromItem(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize(item["entry"].S, InvoiceScannerJsonContext.Default.HistoryEntry)
        ?? throw new InvalidDataException($"History item {item[InvoiceTableDefinition.SortKey].S} is empty.");

    /// <summary>The sort-key prefix of an invoice's idempotency marks.</summary>
    public static string MarkPrefix(string invoiceId) => $"IDEMPOTENCY#{invoiceId}#";

    public static Dictionary<string, AttributeValue> MarkKey(string userId, string invoiceId, string key) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
        [InvoiceTableDefinition.SortKey] = new AttributeValue(MarkPrefix(invoiceId) + key),
    };

    public static Dictionary<string, AttributeValue> ToItem(string userId, string invoiceId, IdempotencyMark mark)
    {
        var item = MarkKey(userId, invoiceId, mark.Key);
        item["entity"] = new AttributeValue("IdempotencyMark");
        item["request"] = new AttributeValue(mark.Request);
        item["at"] = new AttributeValue(InvoiceItem.Timestamp(mark.At));
        item[InvoiceTableDefinition.ExpiresAt] = new AttributeValue { N = InvoiceItem.Number((mark.At + MarkLifetime).ToUnixTimeSeconds()) };
        return item;
    }

    public static IdempotencyMark MarkFromItem(Dictionary<string, AttributeValue> item, string key) =>
        new(key, item["request"].S, DateTimeOffset.Parse(item["at"].S, CultureInfo.InvariantCulture));
}
