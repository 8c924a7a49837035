using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Webhooks;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// <see cref="IWebhookStore"/> in the invoices table: one item in the user's own partition (SK = WEBHOOK), so it is
/// reached only through its owner, erased with the partition (DELETE /me) and never read as an invoice (INVOICE#…).
/// The secret is an attribute of the item (the table is encrypted at rest); it is never logged.
/// </summary>
public sealed class DynamoWebhookStore(IAmazonDynamoDB dynamo, string tableName) : IWebhookStore
{
    public const string SortKeyValue = "WEBHOOK";

    private static Dictionary<string, AttributeValue> Key(string userId) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(InvoiceItem.PartitionValue(userId)),
        [InvoiceTableDefinition.SortKey] = new AttributeValue(SortKeyValue),
    };

    public async Task<WebhookSubscription?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(userId), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(userId, item) : null;
    }

    public async Task PutAsync(WebhookSubscription webhook, CancellationToken cancellationToken)
    {
        var item = Key(webhook.UserId);
        item["entity"] = new AttributeValue("Webhook");
        item["url"] = new AttributeValue(webhook.Url);
        item["secret"] = new AttributeValue(webhook.Secret);
        item["revision"] = new AttributeValue(webhook.Revision);
        item["enabled"] = new AttributeValue { BOOL = webhook.Enabled };
        item["createdAt"] = new AttributeValue(Time(webhook.CreatedAt));
        item["updatedAt"] = new AttributeValue(Time(webhook.UpdatedAt));
        item["consecutiveFailures"] = Number(webhook.ConsecutiveFailures);
        if (webhook.DisabledAt is { } disabledAt)
            item["disabledAt"] = new AttributeValue(Time(disabledAt));
        if (webhook.DisabledReason is { } reason)
            item["disabledReason"] = new AttributeValue(reason);
        if (webhook.LastDelivery is { } last)
            item["lastDelivery"] = new AttributeValue(JsonSerializer.Serialize(last, WebhooksJsonContext.Default.WebhookDeliveryRecord));
        await dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item }, cancellationToken);
    }

    public Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = tableName, Key = Key(userId) }, cancellationToken);

    public async Task<WebhookSubscription?> RecordDeliveryAsync(string userId, WebhookDeliveryUpdate update, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":rev"] = new AttributeValue(update.Revision),
            [":d"] = new AttributeValue(JsonSerializer.Serialize(update.Delivery, WebhooksJsonContext.Default.WebhookDeliveryRecord)),
        };
        string expression;
        if (update.Succeeded)
        {
            expression = "SET lastDelivery = :d, consecutiveFailures = :zero";
            values[":zero"] = Number(0);
        }
        else if (update.DisableNow)
        {
            expression = "SET lastDelivery = :d, enabled = :off, disabledAt = :at, disabledReason = :reason ADD consecutiveFailures :one";
            values[":one"] = Number(1);
            AddDisableValues(values, update);
        }
        else
        {
            // ADD counts atomically: two deliveries failing at once add two.
            expression = "SET lastDelivery = :d ADD consecutiveFailures :one";
            values[":one"] = Number(1);
        }
        var after = await UpdateAsync(userId, expression, "revision = :rev", values, cancellationToken);
        if (after is null || update.Succeeded || !after.Enabled || after.ConsecutiveFailures < update.DisableAfterFailures)
            return after;
        return await DisableAsync(userId, update, cancellationToken);
    }

    /// <summary>Switches the webhook off once its count reached the limit; the condition lets exactly one delivery do it.</summary>
    private async Task<WebhookSubscription?> DisableAsync(string userId, WebhookDeliveryUpdate update, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue> { [":rev"] = new AttributeValue(update.Revision), [":on"] = new AttributeValue { BOOL = true } };
        AddDisableValues(values, update);
        return await UpdateAsync(userId, "SET enabled = :off, disabledAt = :at, disabledReason = :reason",
            "revision = :rev AND enabled = :on", values, cancellationToken) ?? await GetAsync(userId, cancellationToken);
    }

    private static void AddDisableValues(Dictionary<string, AttributeValue> values, WebhookDeliveryUpdate update)
    {
        values[":off"] = new AttributeValue { BOOL = false };
        values[":at"] = new AttributeValue(Time(update.Delivery.At));
        values[":reason"] = new AttributeValue(update.DisableReason);
    }

    /// <summary>A conditional update returning the item as it now reads; null when the condition failed.</summary>
    private async Task<WebhookSubscription?> UpdateAsync(string userId, string expression, string condition,
        Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(userId),
                UpdateExpression = expression,
                ConditionExpression = condition,
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return FromItem(userId, response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    private static WebhookSubscription FromItem(string userId, Dictionary<string, AttributeValue> item) =>
        new(userId, item["url"].S, item["secret"].S, item["revision"].S, ParseTime(item["createdAt"].S), ParseTime(item["updatedAt"].S))
        {
            Enabled = item.TryGetValue("enabled", out var enabled) && enabled.BOOL == true,
            ConsecutiveFailures = item.TryGetValue("consecutiveFailures", out var failures) ? int.Parse(failures.N, CultureInfo.InvariantCulture) : 0,
            DisabledAt = item.TryGetValue("disabledAt", out var at) ? ParseTime(at.S) : null,
            DisabledReason = item.TryGetValue("disabledReason", out var reason) ? reason.S : null,
            LastDelivery = item.TryGetValue("lastDelivery", out var last)
                ? JsonSerializer.Deserialize(last.S, WebhooksJsonContext.Default.WebhookDeliveryRecord)
                : null,
        };

    private static AttributeValue Number(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
