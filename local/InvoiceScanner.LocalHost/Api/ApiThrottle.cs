using System.Globalization;

namespace InvoiceScanner.LocalHost.Api;

/// <summary>
/// A route's throttle as template.yaml's DefaultRouteSettings states it: <see cref="BurstLimit"/> requests at once,
/// refilled at <see cref="RateLimit"/> a second.
/// </summary>
public sealed record ApiThrottleSettings(int BurstLimit, double RateLimit)
{
    /// <summary>The environment variable that turns the throttle on: "template", or "burst,rate" (e.g. "50,25").</summary>
    public const string Variable = "INVOICESCANNER_API_THROTTLE";

    /// <summary>template.yaml: InvoicesApi DefaultRouteSettings (ThrottlingBurstLimit, ThrottlingRateLimit).</summary>
    public static ApiThrottleSettings Template { get; } = new(50, 25);

    /// <summary>
    /// What <see cref="Variable"/> asks for; null (no throttle) when it is unset. Off unless asked: the demo, the tests
    /// and the reliability probes poll and upload faster than one route's rate on purpose.
    /// </summary>
    public static ApiThrottleSettings? FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    public static ApiThrottleSettings? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() is "off" or "0")
            return null;
        if (text.Trim() == "template")
            return Template;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var burst) && burst > 0
            && double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate > 0)
            return new ApiThrottleSettings(burst, rate);
        throw new ArgumentException($"{Variable} is 'template', 'off' or 'burst,rate' (e.g. 50,25), not '{text}'.");
    }
}

/// <summary>
/// Token buckets, one per route key (API Gateway throttles each route by the default route settings): a request takes
/// a token or is refused with the time until the next one.
/// </summary>
public sealed class ApiThrottle(ApiThrottleSettings settings, TimeProvider clock)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes a token of <paramref name="routeKey"/>'s bucket; false with how long to wait when it is empty.</summary>
    public bool TryTake(string routeKey, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(routeKey, out var bucket))
                _buckets[routeKey] = bucket = new Bucket(settings.BurstLimit, now);
            var elapsed = Math.Max(0, (now - bucket.UpdatedAt).TotalSeconds);
            bucket.Tokens = Math.Min(settings.BurstLimit, bucket.Tokens + elapsed * settings.RateLimit);
            bucket.UpdatedAt = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / settings.RateLimit);
            return false;
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updatedAt)
    {
        public double Tokens { get; set; } = tokens;
        public DateTimeOffset UpdatedAt { get; set; } = updatedAt;
    }
}
