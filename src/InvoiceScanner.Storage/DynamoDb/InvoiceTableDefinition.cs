using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// The single table. PK = USER#{userId}, SK = INVOICE#{invoiceId}: every access pattern (list a user's invoices
/// newest first, get one, get its status) is a key lookup or a query inside the caller's own partition.
/// template.yaml declares the same schema; a test keeps them in step.
/// </summary>
public static class InvoiceTableDefinition
{
    public const string PartitionKey = "PK";
    public const string SortKey = "SK";

    public static CreateTableRequest Create(string tableName) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
            new AttributeDefinition(SortKey, ScalarAttributeType.S),
        ],
        KeySchema =
        [
            new KeySchemaElement(PartitionKey, KeyType.HASH),
            new KeySchemaElement(SortKey, KeyType.RANGE),
        ],
    };
}
