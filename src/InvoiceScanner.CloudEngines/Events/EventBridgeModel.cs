using System.Text.Json.Serialization;

namespace InvoiceScanner.CloudEngines.Events;

/// <summary>PutEvents (awsJson1_1, target AWSEvents.PutEvents): at most 10 entries of at most 256 KB together.</summary>
public sealed record PutEventsRequest(IReadOnlyList<PutEventsRequestEntry> Entries);

/// <param name="Detail">The event's detail as JSON text (EventBridge takes a string, not an object).</param>
public sealed record PutEventsRequestEntry(string Source, string DetailType, string Detail, string EventBusName)
{
    public DateTimeOffset? Time { get; init; }
    public IReadOnlyList<string>? Resources { get; init; }
}

public sealed record PutEventsResponse
{
    public int FailedEntryCount { get; init; }

    /// <summary>One per request entry, in order: an EventId, or an ErrorCode and ErrorMessage.</summary>
    public IReadOnlyList<PutEventsResultEntry>? Entries { get; init; }
}

public sealed record PutEventsResultEntry
{
    public string? EventId { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary>Source-generated (AOT-safe) JSON for EventBridge: member names as declared (PascalCase), nulls omitted.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
public sealed partial class EventBridgeJsonContext : JsonSerializerContext;
