using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// An EventBridge event as Lambda delivers it ({version, id, detail-type, source, account, time, region, resources,
/// detail}) read back into the <see cref="InvoiceEvent"/> it was published from.
/// </summary>
public static class WebhookEventInput
{
    /// <summary>Whether the JSON has EventBridge's shape (as opposed to an HTTP API request).</summary>
    public static bool IsEventBridgeEvent(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty("detail-type", out _)
        && input.TryGetProperty("source", out _) && input.TryGetProperty("detail", out _);

    /// <summary>The invoice event, or null with why when the event is not one of ours (another source, an unknown type, a bad detail).</summary>
    public static InvoiceEvent? Read(JsonElement input, out string? why)
    {
        why = null;
        var source = input.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var detailType = input.TryGetProperty("detail-type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (source != InvoiceEvents.Source || detailType is null || !InvoiceEvents.DetailTypes.Contains(detailType))
        {
            why = $"not an invoice event (source {source}, detail-type {detailType})";
            return null;
        }
        InvoiceEventDetail? detail;
        try
        {
            detail = input.GetProperty("detail").Deserialize(InvoiceEventsJsonContext.Default.InvoiceEventDetail);
        }
        catch (JsonException e)
        {
            why = "the detail is not an invoice event's: " + e.Message;
            return null;
        }
        if (detail is null || string.IsNullOrEmpty(detail.EventId) || !UserIds.IsValid(detail.UserId))
        {
            why = "the detail names no event id or no valid user";
            return null;
        }
        return new InvoiceEvent(detailType, detail);
    }
}
