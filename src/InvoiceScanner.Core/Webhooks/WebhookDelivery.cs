using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// Delivers one invoice event to its owner's webhook: the signed POST, retried with backoff while the receiver may
/// recover and time is left, then the outcome written to the store. What the receiver does never throws (the event
/// is settled once its outcome is written, so Lambda must not run it again); a store failure does, so it is retried.
/// </summary>
public sealed class WebhookDelivery(
    IWebhookStore store,
    WebhookSender sender,
    WebhookUrlPolicy policy,
    WebhookSettings settings,
    TimeProvider clock,
    Func<double>? jitter = null,
    Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<double> jitter = jitter ?? Random.Shared.NextDouble;
    private readonly Func<TimeSpan, CancellationToken, Task> delay = delay ?? ((wait, cancellationToken) => Task.Delay(wait, clock, cancellationToken));

    /// <param name="budget">Time left in the invocation; attempts and waits end <see cref="WebhookSettings.RecordingReserve"/> before it.</param>
    public async Task<WebhookDeliveryReport> DeliverAsync(InvoiceEvent invoiceEvent, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoiceEvent);
        var envelope = InvoiceEvents.Envelope(invoiceEvent);
        var webhook = await store.GetAsync(invoiceEvent.Detail.UserId, cancellationToken);
        if (webhook is null)
            return WebhookDeliveryReport.Skipped("no-webhook", envelope.Id);
        if (!webhook.Enabled)
            return WebhookDeliveryReport.Skipped("disabled", envelope.Id);

        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, InvoiceEventsJsonContext.Default.InvoiceEventEnvelope);
        var stopAt = clock.GetUtcNow() + budget - settings.RecordingReserve;
        var (last, attempts) = await AttemptAsync(webhook, envelope.Id, body, stopAt, cancellationToken);

        var record = new WebhookDeliveryRecord(clock.GetUtcNow(), envelope.Id, envelope.DetailType,
            last.Succeeded ? WebhookDeliveryStatus.Delivered : WebhookDeliveryStatus.Failed, last.HttpStatus, last.Error, attempts);
        var reason = last.Gone
            ? "The receiver answered 410 Gone."
            : $"{settings.DisableAfterFailures} deliveries in a row failed; the last: {last.Error}.";
        var after = await store.RecordDeliveryAsync(webhook.UserId,
            new WebhookDeliveryUpdate(webhook.Revision, record, last.Gone, settings.DisableAfterFailures, reason), cancellationToken);
        if (after is null)
            return new WebhookDeliveryReport("superseded", envelope.Id, attempts, last.HttpStatus, last.Error, false);
        return new WebhookDeliveryReport(record.Status, envelope.Id, attempts, last.HttpStatus, last.Error, !after.Enabled);
    }

    private async Task<(WebhookAttempt Last, int Attempts)> AttemptAsync(
        WebhookSubscription webhook, string eventId, byte[] body, DateTimeOffset stopAt, CancellationToken cancellationToken)
    {
        var url = new Uri(webhook.Url);
        // The URL passed when it was set; the rules may have tightened since (e.g. local mode switched off).
        if (policy.WhyRefused(url) is { } refused)
            return (new WebhookAttempt(false, null, "refused: " + refused, Retryable: false), 0);
        for (var attempt = 1; ; attempt++)
        {
            var left = stopAt - clock.GetUtcNow();
            // The first attempt is made even when time is short; the invocation's own cancellation still bounds it.
            var timeout = left < settings.AttemptTimeout ? TimeSpan.FromTicks(Math.Max(left.Ticks, MinimumAttempt.Ticks)) : settings.AttemptTimeout;
            var result = await sender.SendAsync(url, webhook.Secret, eventId, body, timeout, cancellationToken);
            if (result.Succeeded || !result.Retryable || attempt >= settings.MaxAttempts)
                return (result, attempt);
            var wait = WebhookBackoff.Delay(attempt, settings.BaseDelay, settings.MaxDelay, jitter());
            if (clock.GetUtcNow() + wait + MinimumAttempt > stopAt)
                return (result with { Error = result.Error + " (no time left in this invocation for another attempt)" }, attempt);
            await delay(wait, cancellationToken);
        }
    }

    /// <summary>Less time than this is not worth an attempt.</summary>
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromSeconds(1);
}
