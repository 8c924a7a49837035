using System.Text.Json.Serialization;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// Source-generated JSON for the webhook settings view, the stored last delivery and the function's report.
/// Nulls are written (GET always shows every member), except where a member says otherwise.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(WebhookView))]
[JsonSerializable(typeof(WebhookDeliveryRecord))]
[JsonSerializable(typeof(WebhookDeliveryReport))]
public sealed partial class WebhooksJsonContext : JsonSerializerContext;
