using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Memory;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// <see cref="IVendorMemoryStore"/> in the invoices table: one item per vendor key in the user's own partition
/// (SK = VENDOR#{key}), so memory is reached only through its owner's partition and never crosses users.
/// </summary>
public sealed class DynamoVendorMemoryStore(IAmazonDynamoDB dynamo, string tableName) : IVendorMemoryStore
{
    private static Dictionary<string, AttributeValue> Key(string userId, string vendorKey) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
        [InvoiceTableDefinition.SortKey] = new AttributeValue("VENDOR#" + vendorKey),
    };

    public async Task<VendorMemory?> FindAsync(string userId, IReadOnlyList<string> vendorKeys, CancellationToken cancellationToken)
    {
        // Strongest key first; a vendor has at most three keys, so reading them one by one stays cheap.
        foreach (var vendorKey in vendorKeys)
        {
            var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(userId, vendorKey) }, cancellationToken);
            if (response.Item is { Count: > 0 } item && item.TryGetValue("memory", out var json)
                && JsonSerializer.Deserialize(json.S, InvoiceScannerJsonContext.Default.VendorMemory) is { } found)
                return found;
        }
        return null;
    }

    public async Task SaveAsync(VendorMemory memory, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(memory, InvoiceScannerJsonContext.Default.VendorMemory);
        foreach (var vendorKey in memory.Keys.DefaultIfEmpty(memory.VendorKey).Distinct(StringComparer.Ordinal))
        {
            var item = Key(memory.UserId, vendorKey);
            item["entity"] = new AttributeValue("VendorMemory");
            item["memory"] = new AttributeValue(json);
            await dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item }, cancellationToken);
        }
    }
}
