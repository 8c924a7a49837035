using System.Security.Cryptography;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// PUT, GET and DELETE /settings/webhook: the caller's own webhook, found by the caller's id alone, so no request
/// can reach another user's.
/// </summary>
public sealed class WebhookSettingsService(IWebhookStore store, WebhookUrlPolicy policy, TimeProvider clock)
{
    /// <summary>Bytes of randomness in a generated secret (written base64url).</summary>
    public const int GeneratedSecretBytes = 32;

    /// <summary>
    /// Sets (replaces) the webhook: a fresh revision, enabled, no failures counted, no last delivery. Returns the view,
    /// with the secret when it was generated here (the only time it is shown).
    /// </summary>
    public async Task<WebhookView> PutAsync(string userId, string? body, CancellationToken cancellationToken)
    {
        var request = WebhookSettingsRequest.Parse(body);
        var url = await policy.RequireAllowedAsync(request.Url, cancellationToken);
        var generated = request.Secret is null ? GenerateSecret() : null;
        var now = clock.GetUtcNow();
        var existing = await store.GetAsync(userId, cancellationToken);
        var webhook = new WebhookSubscription(userId, url.AbsoluteUri, request.Secret ?? generated!, Guid.NewGuid().ToString("N"),
            existing?.CreatedAt ?? now, now);
        await store.PutAsync(webhook, cancellationToken);
        return WebhookView.Of(webhook) with { Secret = generated };
    }

    public async Task<WebhookView?> GetAsync(string userId, CancellationToken cancellationToken) =>
        await store.GetAsync(userId, cancellationToken) is { } webhook ? WebhookView.Of(webhook) : null;

    /// <summary>Removes the webhook; nothing to remove is fine too (DELETE is idempotent).</summary>
    public Task DeleteAsync(string userId, CancellationToken cancellationToken) => store.DeleteAsync(userId, cancellationToken);

    public static string GenerateSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(GeneratedSecretBytes));
}
