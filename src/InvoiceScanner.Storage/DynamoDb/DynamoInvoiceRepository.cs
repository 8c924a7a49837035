using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Storage.DynamoDb;

/// <summary>
/// <see cref="IInvoiceRepository"/> on DynamoDB. Status changes are conditional updates whose condition is
/// <see cref="InvoiceStatuses.AllowedSources"/> (plus lapsed-lease reclaim), so duplicated or out-of-order events can
/// never move an invoice backwards or process it twice; each is one transaction with its history entry.
/// </summary>
public sealed partial class DynamoInvoiceRepository(IAmazonDynamoDB dynamo, string tableName) : IInvoiceRepository
{
    private const string InvoicePrefix = "INVOICE#";
    private const int MaxQueryRounds = 5;
    private const int FilteredReadAhead = 100;
    private const int MaxConflictAttempts = 4;

    public async Task CreateAsync(InvoiceRecord invoice, CancellationToken cancellationToken)
    {
        var created = invoice with { Version = Math.Max(1, invoice.Version) };
        var entry = new HistoryEntry(HistoryKinds.Created, invoice.CreatedAt, Actor.User(invoice.UserId)) { Status = invoice.Status.ToWire() };
        await TransactAsync(
        [
            new TransactWriteItem { Put = new Put { TableName = tableName, Item = InvoiceItem.ToItem(created), ConditionExpression = "attribute_not_exists(PK)" } },
            HistoryPut(invoice.UserId, invoice.InvoiceId, entry, 0),
        ], cancellationToken);
    }

    public async Task<InvoiceRecord?> GetAsync(string userId, string invoiceId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = InvoiceItem.Key(userId, invoiceId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item && InvoiceItem.IsVisible(item) ? InvoiceItem.FromItem(item) : null;
    }

    public async Task<InvoicePage> ListAsync(InvoiceQuery query, CancellationToken cancellationToken)
    {
        var items = new List<InvoiceRecord>(query.Limit);
        var startKey = query.Cursor is null ? null : InvoiceItem.Key(query.UserId, InvoiceCursor.Decode(query.Cursor));
        var moreAfterPage = false;
        for (var round = 0; round < MaxQueryRounds; round++)
        {
            var remaining = query.Limit - items.Count;
            var request = new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
                ExpressionAttributeValues = new()
                {
                    [":pk"] = new AttributeValue(InvoiceItem.PartitionValue(query.UserId)),
                    [":prefix"] = new AttributeValue(InvoicePrefix),
                },
                ScanIndexForward = query.OldestFirst, // ULIDs sort by time: newest first unless asked otherwise
                // DynamoDB applies Limit before the filter: read ahead when filtering so sparse matches still fill a page.
                Limit = query.Status is null ? remaining : Math.Max(remaining, FilteredReadAhead),
                ExclusiveStartKey = startKey,
            };
            // An invoice being erased is not listed (it is rare, so it needs no read-ahead of its own).
            request.FilterExpression = $"attribute_not_exists({InvoiceItem.ErasingName})";
            if (query.Status is { } status)
            {
                request.FilterExpression += " AND #status = :status";
                request.ExpressionAttributeNames = new() { ["#status"] = "status" };
                request.ExpressionAttributeValues[":status"] = new AttributeValue(status.ToWire());
            }
            var response = await dynamo.QueryAsync(request, cancellationToken);
            items.AddRange((response.Items ?? []).Select(InvoiceItem.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            if (items.Count >= query.Limit)
            {
                // Read ahead past the page: the rest is picked up again from the page's last item.
                moreAfterPage = items.Count > query.Limit || startKey is not null;
                items.RemoveRange(query.Limit, items.Count - query.Limit);
                break;
            }
            if (startKey is null)
                break;
        }
        var next = moreAfterPage ? InvoiceCursor.Encode(items[^1].InvoiceId)
            : items.Count < query.Limit && startKey is not null ? InvoiceCursor.Encode(startKey[InvoiceItem.SortKeyName].S[InvoicePrefix.Length..])
            : null;
        return new InvoicePage(items, next);
    }

    public async Task<TransitionResult> TransitionAsync(string userId, string invoiceId, StatusUpdate update, CancellationToken cancellationToken)
    {
        var sources = InvoiceStatuses.AllowedSources(update.To);
        if (sources.Count == 0)
            throw new ArgumentException($"No status may move to {update.To.ToWire()}.", nameof(update));

        var entry = new HistoryEntry(HistoryKinds.Status, update.At, update.By ?? Actor.Function("unknown"))
        {
            Status = update.To.ToWire(),
            Result = update.Result is { } result ? ResultSummary.Of(result) : null,
            Reason = update.Failure is { } failure ? $"{failure.Code}: {failure.Message}" : null,
        };
        try
        {
            await TransactAsync([new TransactWriteItem { Update = TransitionRequest(userId, invoiceId, update, sources) }, HistoryPut(userId, invoiceId, entry, 0)],
                cancellationToken);
            return new TransitionResult(TransitionOutcome.Applied);
        }
        catch (TransactionCanceledException cancelled) when (cancelled.CancellationReasons?.FirstOrDefault()?.Code == "ConditionalCheckFailed")
        {
            return await RefusedTransitionAsync(userId, invoiceId, cancelled.CancellationReasons[0], cancellationToken);
        }
    }

    /// <summary>
    /// One transaction. Two transactions on one item at once cancel each other (TransactionConflict, which the SDK does
    /// not retry) where two plain conditional writes would have queued; the duplicated deliveries of one S3 event do
    /// exactly that, so a conflict is tried again after a short random pause, and a failed condition is the caller's.
    /// </summary>
    private async Task TransactAsync(List<TransactWriteItem> items, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, cancellationToken);
                return;
            }
            catch (TransactionCanceledException cancelled) when (attempt < MaxConflictAttempts
                && cancelled.CancellationReasons?.Any(r => r.Code == "TransactionConflict") == true
                && cancelled.CancellationReasons.All(r => r.Code is "TransactionConflict" or "None" or null))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 80) * attempt), cancellationToken);
            }
        }
    }

    private TransactWriteItem HistoryPut(string userId, string invoiceId, HistoryEntry entry, int position) => new()
    {
        Put = new Put
        {
            TableName = tableName,
            Item = HistoryItem.ToItem(userId, invoiceId, entry, position),
            ConditionExpression = "attribute_not_exists(PK)", // history is appended, never overwritten
        },
    };

    /// <summary>The conditional update that performs <paramref name="update"/> (part of a transaction with its history entry).</summary>
    private Update TransitionRequest(string userId, string invoiceId, StatusUpdate update, IReadOnlyList<InvoiceStatus> sources)
    {
        var names = new Dictionary<string, string> { ["#status"] = "status" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":to"] = new(update.To.ToWire()),
            [":at"] = new(InvoiceItem.Timestamp(update.At)),
        };
        var condition = TransitionCondition(update, sources, values);
        var (set, remove) = TransitionUpdate(update, invoiceId, names, values);
        values[":one"] = new AttributeValue { N = "1" };
        return new Update
        {
            TableName = tableName,
            Key = InvoiceItem.Key(userId, invoiceId),
            UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : "") + " ADD version :one",
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
    }

    /// <summary>The item exists and is in an allowed source status (or, for a claim, holds a lapsed lease); adds its values.</summary>
    private static string TransitionCondition(StatusUpdate update, IReadOnlyList<InvoiceStatus> sources, Dictionary<string, AttributeValue> values)
    {
        var sourceNames = new List<string>();
        for (var i = 0; i < sources.Count; i++)
        {
            values[$":from{i}"] = new AttributeValue(sources[i].ToWire());
            sourceNames.Add($":from{i}");
        }
        // An invoice being erased takes no claim and no status: the pipeline must not resurrect it.
        var condition = $"attribute_exists(PK) AND attribute_not_exists({InvoiceItem.ErasingName}) AND (#status IN ({string.Join(", ", sourceNames)})";
        if (update.To.IsClaim())
        {
            values[":nowMs"] = new AttributeValue { N = update.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
            condition += " OR (#status = :to AND leaseExpiresAt <= :nowMs)";
        }
        if (update.To == InvoiceStatus.Processing)
        {
            // InvoiceStatuses.Permits: the upload's own event reopens an invoice that failed waiting for it.
            values[":failed"] = new AttributeValue(InvoiceStatus.Failed.ToWire());
            values[":reopens"] = new AttributeValue(InvoiceStatuses.ReopenedByUpload);
            condition += $" OR (#status = :failed AND {InvoiceItem.FailureCodeName} = :reopens)";
        }
        condition += ")";
        return condition;
    }

    /// <summary>The SET and REMOVE clauses for <paramref name="update"/>; adds the names and values they use.</summary>
    private static (List<string> Set, List<string> Remove) TransitionUpdate(
        StatusUpdate update, string invoiceId, Dictionary<string, string> names, Dictionary<string, AttributeValue> values)
    {
        var set = new List<string> { "#status = :to", "updatedAt = :at" };
        var remove = new List<string>();
        // The operators' review queue holds exactly the invoices in NEEDS_REVIEW (a sparse index).
        if (update.To == InvoiceStatus.NeedsReview)
        {
            set.Add($"{InvoiceTableDefinition.ReviewQueueKey} = :queue, {InvoiceTableDefinition.ReviewQueueSortKey} = :queueSort");
            values[":queue"] = new AttributeValue(InvoiceItem.ReviewQueueValue);
            values[":queueSort"] = new AttributeValue(invoiceId);
        }
        else
        {
            remove.Add(InvoiceTableDefinition.ReviewQueueKey);
            remove.Add(InvoiceTableDefinition.ReviewQueueSortKey);
        }
        // The sweeper's index holds exactly the unfinished invoices, by their last change.
        if (!update.To.IsTerminal())
        {
            set.Add($"{InvoiceTableDefinition.InFlightKey} = :inFlight, {InvoiceTableDefinition.InFlightSortKey} = :at");
            values[":inFlight"] = new AttributeValue(InvoiceItem.InFlightValue);
        }
        else
        {
            remove.Add(InvoiceTableDefinition.InFlightKey);
            remove.Add(InvoiceTableDefinition.InFlightSortKey);
        }
        if (update.LeaseExpiresAt is { } lease)
        {
            set.Add("leaseExpiresAt = :lease");
            values[":lease"] = new AttributeValue { N = lease.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        }
        else
        {
            remove.Add("leaseExpiresAt");
        }
        void Set(string attribute, string? value)
        {
            if (value is null) return;
            // Name placeholders: "result" and "document" are DynamoDB reserved words.
            set.Add($"#{attribute} = :{attribute}");
            names[$"#{attribute}"] = attribute;
            values[$":{attribute}"] = new AttributeValue(value);
        }
        Set("document", update.Document is null ? null : InvoiceItem.DocumentJson(update.Document));
        Set("ocrKey", update.OcrKey);
        Set("ocrEngine", update.OcrEngine);
        Set("failure", update.Failure is null ? null : JsonSerializer.Serialize(update.Failure, InvoiceScannerJsonContext.Default.ProcessingFailure));
        Set(InvoiceItem.FailureCodeName, update.Failure?.Code);
        if (update.Failure is null && update.To != InvoiceStatus.Failed && update.To != InvoiceStatus.Expired)
        {
            // Only a reopened FAILED invoice had one; leaving FAILED drops it.
            names["#failure"] = "failure";
            remove.Add("#failure");
            remove.Add(InvoiceItem.FailureCodeName);
        }
        Set("result", update.Result is null ? null : JsonSerializer.Serialize(update.Result, InvoiceScannerJsonContext.Default.ExtractionResult));
        return (set, remove);
    }

    /// <summary>A failed condition: no item means not found, otherwise a conflict with the status it holds.</summary>
    private async Task<TransitionResult> RefusedTransitionAsync(string userId, string invoiceId, CancellationReason reason, CancellationToken cancellationToken)
    {
        // The item as it stood comes with the reason where the service returns it; otherwise read it.
        var current = reason.Item is { Count: > 0 } item ? item
            : (await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = InvoiceItem.Key(userId, invoiceId), ConsistentRead = true },
                cancellationToken)).Item;
        if (current is not { Count: > 0 } || !InvoiceItem.IsVisible(current))
            return new TransitionResult(TransitionOutcome.NotFound);
        InvoiceStatuses.TryParseWire(current.GetValueOrDefault("status")?.S, out var status);
        return new TransitionResult(TransitionOutcome.Conflict, status);
    }

    public async Task<int> ReleaseClaimAsync(string userId, string invoiceId, InvoiceStatus claimed, CancellationToken cancellationToken)
    {
        // One counter per claim status, so failures reading the file do not count against structuring it.
        var counter = "failedAttempts" + claimed;
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = InvoiceItem.Key(userId, invoiceId),
                UpdateExpression = "SET leaseExpiresAt = :zero ADD #failed :one",
                ConditionExpression = "#status = :claimed",
                ExpressionAttributeNames = new() { ["#status"] = "status", ["#failed"] = counter },
                ExpressionAttributeValues = new()
                {
                    [":zero"] = new AttributeValue { N = "0" },
                    [":one"] = new AttributeValue { N = "1" },
                    [":claimed"] = new AttributeValue(claimed.ToWire()),
                },
                ReturnValues = ReturnValue.UPDATED_NEW,
            }, cancellationToken);
            return response.Attributes?.GetValueOrDefault(counter)?.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1;
        }
        catch (ConditionalCheckFailedException)
        {
            return 0; // the status moved on: nothing to release
        }
    }

    public async Task RecordDocumentAsync(string userId, string invoiceId, DocumentFacts document, string ocrKey, string ocrEngine, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = InvoiceItem.Key(userId, invoiceId),
                UpdateExpression = "SET #document = :document, ocrKey = :ocrKey, ocrEngine = :ocrEngine",
                // Never create a partial item, nor annotate one being erased.
                ConditionExpression = $"attribute_exists(PK) AND attribute_not_exists({InvoiceItem.ErasingName})",
                ExpressionAttributeNames = new() { ["#document"] = "document" },
                ExpressionAttributeValues = new()
                {
                    [":document"] = new AttributeValue(InvoiceItem.DocumentJson(document)),
                    [":ocrKey"] = new AttributeValue(ocrKey),
                    [":ocrEngine"] = new AttributeValue(ocrEngine),
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // No such invoice: nothing to annotate.
        }
    }
}
