using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InvoiceScanner.FakeAws.EventBridge;

/// <summary>An event as a bus took it: what PutEvents sent, with the id and time the bus gave it.</summary>
/// <param name="Detail">The detail as the JSON text the caller sent.</param>
public sealed record BusEvent(string Id, string BusName, string Source, string DetailType, string Detail, DateTimeOffset Time)
{
    /// <summary>
    /// The event as EventBridge hands it to a rule's Lambda target (and as the local stack records it):
    /// version, id, detail-type, source, account, time, region, resources, detail.
    /// </summary>
    public string ToTargetJson(string account, string region) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Id,
        ["detail-type"] = DetailType,
        ["source"] = Source,
        ["account"] = account,
        ["time"] = Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["region"] = region,
        ["resources"] = new JsonArray(),
        ["detail"] = JsonNode.Parse(Detail),
    }.ToJsonString();
}

/// <summary>What the stand-in bus does with events.</summary>
public sealed record FakeEventBridgeOptions
{
    /// <summary>Called once per accepted event, in order (the local stack records it and runs the matching rules).</summary>
    public Func<BusEvent, CancellationToken, Task>? PublishEvent { get; init; }
}

/// <summary>
/// EventBridge's PutEvents on any bus name: checks each entry as the service does (Source, DetailType, Detail as a
/// JSON object, at most 10 entries, 256 KB in all), takes the valid ones and answers per entry — an EventId, or an
/// ErrorCode for the refused one, counted in FailedEntryCount.
/// </summary>
internal sealed class EventBusEmulator(FakeEventBridgeOptions options, TimeProvider clock)
{
    private const int MaxEntries = 10;
    private const int MaxRequestBytes = 256 * 1024;
    private readonly ConcurrentQueue<BusEvent> _events = new();

    public IReadOnlyList<BusEvent> Events => [.. _events];

    public async Task<FakeAwsResponse?> HandleAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != "PutEvents")
            return null;
        if (request.Body.Length > MaxRequestBytes)
            throw new FakeAwsException(400, "ValidationException", $"The request is {request.Body.Length} bytes; PutEvents takes at most {MaxRequestBytes}.");
        var entries = request.Json().TryGetProperty("Entries", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        if (entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() is 0 or > MaxEntries)
            throw new FakeAwsException(400, "ValidationException", $"Entries must hold 1 to {MaxEntries} events.");

        var results = new JsonArray();
        var failed = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (Problem(entry) is { } problem)
            {
                failed++;
                results.Add(new JsonObject { ["ErrorCode"] = "InvalidArgument", ["ErrorMessage"] = problem });
                continue;
            }
            var taken = new BusEvent(Guid.NewGuid().ToString(), Text(entry, "EventBusName") ?? "default", Text(entry, "Source")!,
                Text(entry, "DetailType")!, Text(entry, "Detail")!, clock.GetUtcNow());
            _events.Enqueue(taken);
            if (options.PublishEvent is { } publish)
                await publish(taken, cancellationToken);
            results.Add(new JsonObject { ["EventId"] = taken.Id });
        }
        return FakeAwsResponse.Json(new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results }.ToJsonString());
    }

    private static string? Problem(JsonElement entry)
    {
        if (string.IsNullOrEmpty(Text(entry, "Source")))
            return "Parameter Source is not valid. Reason: Source is a required argument.";
        if (string.IsNullOrEmpty(Text(entry, "DetailType")))
            return "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        try
        {
            using var detail = JsonDocument.Parse(Text(entry, "Detail") ?? "");
            return detail.RootElement.ValueKind == JsonValueKind.Object ? null : "Detail is malformed: it must be a JSON object.";
        }
        catch (JsonException)
        {
            return "Detail is malformed.";
        }
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
