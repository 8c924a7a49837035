using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Webhooks;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary><see cref="IWebhookStore"/> in memory, one webhook per user, with the DynamoDB store's conditional outcome writes.</summary>
public sealed class InMemoryWebhookStore : IWebhookStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, WebhookSubscription> webhooks = new(StringComparer.Ordinal);

    /// <summary>Set to make every call fail as a store outage would.</summary>
    public Exception? FailWith { get; set; }

    public Task<WebhookSubscription?> GetAsync(string userId, CancellationToken cancellationToken) =>
        Run(() => webhooks.GetValueOrDefault(userId));

    public Task PutAsync(WebhookSubscription webhook, CancellationToken cancellationToken) =>
        Run(() => webhooks[webhook.UserId] = webhook);

    public Task DeleteAsync(string userId, CancellationToken cancellationToken) => Run(() => webhooks.Remove(userId));

    public Task<WebhookSubscription?> RecordDeliveryAsync(string userId, WebhookDeliveryUpdate update, CancellationToken cancellationToken) =>
        Run(() =>
        {
            if (!webhooks.TryGetValue(userId, out var current) || current.Revision != update.Revision)
                return null;
            var failures = update.Succeeded ? 0 : current.ConsecutiveFailures + 1;
            var after = current with { LastDelivery = update.Delivery, ConsecutiveFailures = failures };
            if (!update.Succeeded && (update.DisableNow || (current.Enabled && failures >= update.DisableAfterFailures)))
                after = after with { Enabled = false, DisabledAt = update.Delivery.At, DisabledReason = update.DisableReason };
            return webhooks[userId] = after;
        });

    private Task<T> Run<T>(Func<T> action)
    {
        if (FailWith is { } failure)
            return Task.FromException<T>(failure);
        lock (gate)
            return Task.FromResult(action());
    }
}
