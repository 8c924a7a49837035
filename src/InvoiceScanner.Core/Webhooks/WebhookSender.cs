using System.Net.Http.Headers;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>One attempt's result. <see cref="Retryable"/>: another attempt may fare better (network, timeout, 408, 429, 5xx).</summary>
/// <param name="Gone">The receiver answered 410: the endpoint is gone for good.</param>
public sealed record WebhookAttempt(bool Succeeded, int? HttpStatus, string? Error, bool Retryable, bool Gone = false);

/// <summary>
/// Sends one signed POST of an event envelope. Never throws for what the receiver or the network does: every such
/// failure becomes a <see cref="WebhookAttempt"/>; only the caller's own cancellation propagates.
/// </summary>
public sealed class WebhookSender(HttpClient client, TimeProvider clock)
{
    public const string EventIdHeader = "InvoiceScanner-Event-Id";
    public const string UserAgent = "InvoiceScanner-Webhooks/1";

    public async Task<WebhookAttempt> SendAsync(Uri url, string secret, string eventId, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var request = Build(url, secret, eventId, body);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return Judge((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, $"no answer within {timeout.TotalSeconds:0.###} s", Retryable: true);
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            // The guard's refusal is permanent for this delivery: retrying would ask the same DNS the same question.
            return new WebhookAttempt(false, null, "refused: " + refused.Message, Retryable: false);
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(false, null, "request failed: " + (e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString()),
                Retryable: true);
        }
    }

    private HttpRequestMessage Build(Uri url, string secret, string eventId, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation(EventIdHeader, eventId);
        // Signed at each attempt, so the time in the signature is the time of sending.
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Header(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        return request;
    }

    private static WebhookAttempt Judge(int status) => status switch
    {
        >= 200 and < 300 => new WebhookAttempt(true, status, null, Retryable: false),
        410 => new WebhookAttempt(false, status, "HTTP 410 Gone: the receiver says the endpoint is gone", Retryable: false, Gone: true),
        >= 300 and < 400 => new WebhookAttempt(false, status, $"HTTP {status}: redirects are not followed; set the final URL", Retryable: false),
        408 or 429 or >= 500 => new WebhookAttempt(false, status, $"HTTP {status}", Retryable: true),
        _ => new WebhookAttempt(false, status, $"HTTP {status}", Retryable: false),
    };

    private static WebhookAddressRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is WebhookAddressRefusedException refused)
                return refused;
        return null;
    }
}
