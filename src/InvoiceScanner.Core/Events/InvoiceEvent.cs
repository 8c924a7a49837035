using System.Text.Json.Serialization;

namespace InvoiceScanner.Core.Events;

/// <summary>
/// What the product tells the world when an invoice reaches an end of its reading (completed, needs review, failed) or
/// is approved: one EventBridge event (source <see cref="InvoiceEvents.Source"/>) and, for a user with a webhook, one
/// signed POST of <see cref="InvoiceEventEnvelope"/>.
/// </summary>
/// <param name="DetailType">One of <see cref="InvoiceEvents.DetailTypes"/>.</param>
public sealed record InvoiceEvent(string DetailType, InvoiceEventDetail Detail);

/// <summary>
/// The event's detail: ids, status, the fields an integrator routes on (as they now read, corrections applied) and the
/// review reasons. Amounts are decimal strings with a dot, dates ISO (yyyy-MM-dd), so every consumer reads them alike.
/// </summary>
/// <param name="EventId">Unique per event; a webhook receiver drops a repeat of an id it has seen (deliveries are at least once).</param>
/// <param name="UserId">The owner (the JWT sub); webhooks go to this user's endpoint.</param>
public sealed record InvoiceEventDetail(string EventId, string InvoiceId, string UserId, string Status, DateTimeOffset OccurredAt, long Version)
{
    public string? FileName { get; init; }
    public string? VendorName { get; init; }
    public string? VendorVatId { get; init; }
    public string? InvoiceNumber { get; init; }
    public string? InvoiceDate { get; init; }
    public string? DueDate { get; init; }
    public string? Currency { get; init; }
    public string? Total { get; init; }
    public string? AmountDue { get; init; }
    public IReadOnlyList<string>? ReviewReasons { get; init; }
    public string? FailureCode { get; init; }
    public string? ApprovedBy { get; init; }
}

/// <summary>The JSON a webhook receives (and the local stack records): EventBridge's own envelope fields.</summary>
public sealed record InvoiceEventEnvelope(
    string Id,
    [property: JsonPropertyName("detail-type")] string DetailType,
    string Source,
    DateTimeOffset Time,
    InvoiceEventDetail Detail);
