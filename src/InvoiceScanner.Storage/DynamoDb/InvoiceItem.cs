using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>Maps <see cref="InvoiceRecord"/> to and from its DynamoDB item. Nested data is stored as JSON strings.</summary>
internal static class InvoiceItem
{
    public const string SortKeyName = InvoiceTableDefinition.SortKey;

    public static string PartitionValue(string userId) => "USER#" + userId;

    public static Dictionary<string, AttributeValue> Key(string userId, string invoiceId) => new()
    {
        [InvoiceTableDefinition.PartitionKey] = new AttributeValue(PartitionValue(userId)),
        [SortKeyName] = new AttributeValue("INVOICE#" + invoiceId),
    };

    public const string ReviewQueueValue = "NEEDS_REVIEW";

    /// <summary>
    /// The in-flight index's one partition value. One partition holds every unfinished invoice: they are few at any
    /// time (minutes of work each), far below a partition's write rate.
    /// </summary>
    public const string InFlightValue = "IN_FLIGHT";

    /// <summary>The failure's code beside its JSON, so that a condition can read it (see InvoiceStatuses.ReopenedByUpload).</summary>
    public const string FailureCodeName = "failureCode";

    /// <summary>Set (to when it began) on an invoice being erased: every read treats the item as missing, every write refuses it.</summary>
    public const string ErasingName = "erasing";

    /// <summary>Whether a stored invoice item is one the product still shows (not being erased).</summary>
    public static bool IsVisible(Dictionary<string, AttributeValue> item) => !item.ContainsKey(ErasingName);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>How the file facts are stored (the "document" attribute).</summary>
    public static string DocumentJson(DocumentFacts document) => JsonSerializer.Serialize(document, InvoiceScannerJsonContext.Default.DocumentFacts);

    public static Dictionary<string, AttributeValue> ToItem(InvoiceRecord invoice)
    {
        var item = Key(invoice.UserId, invoice.InvoiceId);
        item["entity"] = new AttributeValue("Invoice");
        item["userId"] = new AttributeValue(invoice.UserId);
        item["invoiceId"] = new AttributeValue(invoice.InvoiceId);
        item["status"] = new AttributeValue(invoice.Status.ToWire());
        item["createdAt"] = new AttributeValue(Timestamp(invoice.CreatedAt));
        item["updatedAt"] = new AttributeValue(Timestamp(invoice.UpdatedAt));
        item["fileName"] = new AttributeValue(invoice.FileName);
        item["uploadKey"] = new AttributeValue(invoice.UploadKey);
        item["contentType"] = new AttributeValue(invoice.ContentType);
        if (invoice.UploadExpiresAt is { } uploadExpiresAt)
            item["uploadExpiresAt"] = new AttributeValue(Timestamp(uploadExpiresAt));
        if (invoice.UploadSize is { } uploadSize)
            item["uploadSize"] = new AttributeValue { N = Number(uploadSize) };
        if (invoice.Document is { } document)
            item["document"] = new AttributeValue(DocumentJson(document));
        if (invoice.OcrKey is { } ocrKey)
            item["ocrKey"] = new AttributeValue(ocrKey);
        if (invoice.OcrEngine is { } engine)
            item["ocrEngine"] = new AttributeValue(engine);
        if (invoice.Failure is { } failure)
        {
            item["failure"] = new AttributeValue(JsonSerializer.Serialize(failure, InvoiceScannerJsonContext.Default.ProcessingFailure));
            item[FailureCodeName] = new AttributeValue(failure.Code);
        }
        if (invoice.Result is { } result)
            item["result"] = new AttributeValue(JsonSerializer.Serialize(result, InvoiceScannerJsonContext.Default.ExtractionResult));
        if (invoice.LeaseExpiresAt is { } lease)
            item["leaseExpiresAt"] = new AttributeValue { N = lease.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        item["version"] = new AttributeValue { N = Number(invoice.Version) };
        item[InvoiceTableDefinition.ByIdKey] = new AttributeValue(invoice.InvoiceId);
        if (!invoice.Status.IsTerminal())
        {
            item[InvoiceTableDefinition.InFlightKey] = new AttributeValue(InFlightValue);
            item[InvoiceTableDefinition.InFlightSortKey] = new AttributeValue(Timestamp(invoice.UpdatedAt));
        }
        if (invoice.Status == InvoiceStatus.NeedsReview)
        {
            item[InvoiceTableDefinition.ReviewQueueKey] = new AttributeValue(ReviewQueueValue);
            item[InvoiceTableDefinition.ReviewQueueSortKey] = new AttributeValue(invoice.InvoiceId);
        }
        if (invoice.Corrections.Count > 0)
            item["corrections"] = new AttributeValue(JsonSerializer.Serialize(invoice.Corrections.ToList(), InvoiceScannerJsonContext.Default.ListFieldCorrection));
        if (invoice.LineItemsCorrection is { } items)
            item["lineItemsCorrection"] = new AttributeValue(JsonSerializer.Serialize(items, InvoiceScannerJsonContext.Default.LineItemsCorrection));
        if (invoice.Approval is { } approval)
            item["approval"] = new AttributeValue(JsonSerializer.Serialize(approval, InvoiceScannerJsonContext.Default.Approval));
        return item;
    }

    /// <summary>An in-flight index item (keys and <see cref="InvoiceTableDefinition.InFlightAttributes"/> only).</summary>
    public static InFlightInvoice InFlightFromItem(Dictionary<string, AttributeValue> item)
    {
        string Text(string name) => item.GetValueOrDefault(name)?.S ?? throw new InvalidDataException($"In-flight item lacks '{name}'.");
        DateTimeOffset? Millis(string name) => item.GetValueOrDefault(name)?.N is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture))
            : null;
        if (!InvoiceStatuses.TryParseWire(Text("status"), out var status))
            throw new InvalidDataException($"In-flight item has an unknown status '{Text("status")}'.");
        return new InFlightInvoice(Text("userId"), Text("invoiceId"), status, DateTimeOffset.Parse(Text("updatedAt"), CultureInfo.InvariantCulture))
        {
            UploadExpiresAt = item.GetValueOrDefault("uploadExpiresAt")?.S is { } expires ? DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture) : null,
            LeaseExpiresAt = Millis("leaseExpiresAt"),
        };
    }

    public static InvoiceRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        string Text(string name) => item.TryGetValue(name, out var value) && value.S is { } s
            ? s
            : throw new InvalidDataException($"Invoice item {item.GetValueOrDefault(SortKeyName)?.S} lacks '{name}'.");
        string? Optional(string name) => item.TryGetValue(name, out var value) ? value.S : null;

        if (!InvoiceStatuses.TryParseWire(Text("status"), out var status))
            throw new InvalidDataException($"Invoice item has an unknown status '{Text("status")}'.");
        return new InvoiceRecord(
            Text("userId"),
            Text("invoiceId"),
            status,
            DateTimeOffset.Parse(Text("createdAt"), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text("updatedAt"), CultureInfo.InvariantCulture),
            Text("fileName"),
            Text("uploadKey"),
            Text("contentType"))
        {
            UploadExpiresAt = Optional("uploadExpiresAt") is { } uploadExpiresAt ? DateTimeOffset.Parse(uploadExpiresAt, CultureInfo.InvariantCulture) : null,
            UploadSize = item.TryGetValue("uploadSize", out var size) && size.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null,
            Document = Optional("document") is { } document ? JsonSerializer.Deserialize(document, InvoiceScannerJsonContext.Default.DocumentFacts) : null,
            OcrKey = Optional("ocrKey"),
            OcrEngine = Optional("ocrEngine"),
            Failure = Optional("failure") is { } failure ? JsonSerializer.Deserialize(failure, InvoiceScannerJsonContext.Default.ProcessingFailure) : null,
            Result = Optional("result") is { } result ? JsonSerializer.Deserialize(result, InvoiceScannerJsonContext.Default.ExtractionResult) : null,
            LeaseExpiresAt = item.TryGetValue("leaseExpiresAt", out var lease) && lease.N is { } ms
                ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture))
                : null,
            Version = item.TryGetValue("version", out var version) && version.N is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : 0,
            Corrections = Optional("corrections") is { } corrections
                ? JsonSerializer.Deserialize(corrections, InvoiceScannerJsonContext.Default.ListFieldCorrection) ?? []
                : [],
            LineItemsCorrection = Optional("lineItemsCorrection") is { } items
                ? JsonSerializer.Deserialize(items, InvoiceScannerJsonContext.Default.LineItemsCorrection)
                : null,
            Approval = Optional("approval") is { } approval ? JsonSerializer.Deserialize(approval, InvoiceScannerJsonContext.Default.Approval) : null,
        };
    }
}
