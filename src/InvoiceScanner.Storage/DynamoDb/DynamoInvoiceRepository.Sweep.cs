using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Storage.DynamoDb;

public sealed partial class DynamoInvoiceRepository
{
    public async IAsyncEnumerable<InFlightInvoice> InFlightAsync(DateTimeOffset updatedBefore, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var returned = 0;
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = InvoiceTableDefinition.InFlightIndex,
                KeyConditionExpression = "#inFlight = :inFlight AND #since < :before",
                ExpressionAttributeNames = new() { ["#inFlight"] = InvoiceTableDefinition.InFlightKey, ["#since"] = InvoiceTableDefinition.InFlightSortKey },
                ExpressionAttributeValues = new()
                {
                    [":inFlight"] = new AttributeValue(InvoiceItem.InFlightValue),
                    [":before"] = new AttributeValue(InvoiceItem.Timestamp(updatedBefore)),
                },
                ScanIndexForward = true, // least recently changed first
                Limit = Math.Min(max - returned, 500),
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                yield return InvoiceItem.InFlightFromItem(item);
                returned++;
            }
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null && returned < max);
    }
}
