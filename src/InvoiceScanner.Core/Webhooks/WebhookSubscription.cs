namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// A user's webhook as stored: where to POST, the signing secret, and the delivery state. <see cref="Revision"/>
/// changes with every PUT, so the outcome of a delivery begun under older settings is not counted against new ones.
/// </summary>
public sealed record WebhookSubscription(
    string UserId,
    string Url,
    string Secret,
    string Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool Enabled { get; init; } = true;
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }
    public WebhookDeliveryRecord? LastDelivery { get; init; }

    // The generated ToString would print the secret into any log line that formats this record.
    public override string ToString() =>
        $"WebhookSubscription {{ UserId = {UserId}, Revision = {Revision}, Enabled = {Enabled}, ConsecutiveFailures = {ConsecutiveFailures} }}";
}

/// <summary>How one delivery ended (after all its attempts).</summary>
/// <param name="Status"><see cref="WebhookDeliveryStatus.Delivered"/> or <see cref="WebhookDeliveryStatus.Failed"/>.</param>
/// <param name="HttpStatus">The receiver's last answer; null when none came (refused, timed out, connection failed).</param>
public sealed record WebhookDeliveryRecord(
    DateTimeOffset At,
    string EventId,
    string DetailType,
    string Status,
    int? HttpStatus,
    string? Error,
    int Attempts);

public static class WebhookDeliveryStatus
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// What a store writes for one delivery, in one conditional step on the revision it was made for: a success clears
/// the failure count; a failure adds one, and switches the webhook off when <see cref="DisableNow"/> or when the
/// count reaches <see cref="DisableAfterFailures"/>, with <see cref="DisableReason"/>.
/// </summary>
public sealed record WebhookDeliveryUpdate(
    string Revision,
    WebhookDeliveryRecord Delivery,
    bool DisableNow,
    int DisableAfterFailures,
    string DisableReason)
{
    public bool Succeeded => Delivery.Status == WebhookDeliveryStatus.Delivered;
}
