using System.Text.Json.Serialization;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// GET and PUT /settings/webhook's body. Never the secret, only its last characters as a hint; PUT adds the secret
/// it generated (when none was given), once.
/// </summary>
public sealed record WebhookView(
    string Url,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int ConsecutiveFailures,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    WebhookDeliveryRecord? LastDelivery,
    string SecretHint)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    private const int HintLength = 4;

    public static WebhookView Of(WebhookSubscription webhook) => new(
        webhook.Url, webhook.Enabled, webhook.CreatedAt, webhook.UpdatedAt, webhook.ConsecutiveFailures,
        webhook.DisabledAt, webhook.DisabledReason, webhook.LastDelivery, "…" + webhook.Secret[^HintLength..]);
}

/// <summary>What the function reports (and logs) for one event on the bus.</summary>
/// <param name="Outcome">delivered, failed, no-webhook, disabled, superseded (settings changed meanwhile) or ignored.</param>
public sealed record WebhookDeliveryReport(string Outcome, string? EventId, int Attempts, int? HttpStatus, string? Error, bool Disabled)
{
    public static WebhookDeliveryReport Skipped(string outcome, string? eventId) => new(outcome, eventId, 0, null, null, false);
}
