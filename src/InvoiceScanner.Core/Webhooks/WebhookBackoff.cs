namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// Exponential backoff with full jitter: before retry n the wait is a random share of min(cap, base × 2^(n-1)), so
/// many deliveries failing together do not retry in step against a receiver that is coming back.
/// </summary>
public static class WebhookBackoff
{
    /// <param name="retry">1 for the wait before the second attempt.</param>
    /// <param name="jitter">A draw from [0, 1]; the share of the ceiling to wait.</param>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        // Doubling stops at the cap; the exponent is bounded so the multiplication cannot overflow.
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)(ceiling * Math.Clamp(jitter, 0, 1)));
    }
}
