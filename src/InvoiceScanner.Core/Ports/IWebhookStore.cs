using InvoiceScanner.Core.Webhooks;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// Each user's one webhook (DynamoDB in AWS: an item in the user's own partition, so erasing the user erases it;
/// in memory in tests).
/// </summary>
public interface IWebhookStore
{
    Task<WebhookSubscription?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Writes the whole webhook, replacing what was there.</summary>
    Task PutAsync(WebhookSubscription webhook, CancellationToken cancellationToken);

    Task DeleteAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a delivery's outcome atomically (see <see cref="WebhookDeliveryUpdate"/>), so deliveries running at the
    /// same time each count. Returns the webhook as it now reads, or null when it was deleted or replaced (another
    /// revision) meanwhile: the outcome then belongs to settings that no longer exist and is dropped.
    /// </summary>
    Task<WebhookSubscription?> RecordDeliveryAsync(string userId, WebhookDeliveryUpdate update, CancellationToken cancellationToken);
}
