using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// The single table. PK = USER#{userId}; SK = INVOICE#{invoiceId} for the invoice, HISTORY#{invoiceId}#{time}#… for its
/// history entries, IDEMPOTENCY#{invoiceId}#{key} for remembered requests, HASH#{sha256} and DOCNO#{vendor}#{number} for
/// the duplicate lookups (<see cref="DynamoDuplicateIndex"/>): every user's access is a key lookup or a query
/// inside the caller's own partition. Two indexes serve the operators: <see cref="ReviewQueueIndex"/> (sparse: only
/// invoices in NEEDS_REVIEW carry its key) and <see cref="ByIdIndex"/> (an invoice's owner by its id, keys only); one
/// the sweeper: <see cref="InFlightIndex"/> (sparse: only unfinished invoices, by their last change).
/// template.yaml declares the same schema; a test keeps them in step.
/// </summary>
public static class InvoiceTableDefinition
{
    public const string PartitionKey = "PK";
    public const string SortKey = "SK";
    public const string ReviewQueueIndex = "ReviewQueue";
    public const string ReviewQueueKey = "reviewQueue";
    public const string ReviewQueueSortKey = "reviewSort";
    public const string ByIdIndex = "ById";
    public const string ByIdKey = "byId";
    public const string InFlightIndex = "InFlight";
    public const string InFlightKey = "inFlight";
    public const string InFlightSortKey = "inFlightSince";

    /// <summary>What the in-flight index carries beside the keys: what the sweeper decides by.</summary>
    public static readonly IReadOnlyList<string> InFlightAttributes = ["userId", "invoiceId", "status", "updatedAt", "uploadExpiresAt", "leaseExpiresAt"];
    /// <summary>Epoch seconds after which DynamoDB's TTL deletes an item (idempotency marks).</summary>
    public const string ExpiresAt = "expiresAt";

    public static CreateTableRequest Create(string tableName) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
            new AttributeDefinition(SortKey, ScalarAttributeType.S),
            new AttributeDefinition(ReviewQueueKey, ScalarAttributeType.S),
            new AttributeDefinition(ReviewQueueSortKey, ScalarAttributeType.S),
            new AttributeDefinition(ByIdKey, ScalarAttributeType.S),
            new AttributeDefinition(InFlightKey, ScalarAttributeType.S),
            new AttributeDefinition(InFlightSortKey, ScalarAttributeType.S),
        ],
        KeySchema =
        [
            new KeySchemaElement(PartitionKey, KeyType.HASH),
            new KeySchemaElement(SortKey, KeyType.RANGE),
        ],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = ReviewQueueIndex,
                KeySchema = [new KeySchemaElement(ReviewQueueKey, KeyType.HASH), new KeySchemaElement(ReviewQueueSortKey, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
            new GlobalSecondaryIndex
            {
                IndexName = ByIdIndex,
                KeySchema = [new KeySchemaElement(ByIdKey, KeyType.HASH)],
                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
            },
            new GlobalSecondaryIndex
            {
                IndexName = InFlightIndex,
                KeySchema = [new KeySchemaElement(InFlightKey, KeyType.HASH), new KeySchemaElement(InFlightSortKey, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = [.. InFlightAttributes] },
            },
        ],
    };
}
