namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>
/// Exponential backoff with full jitter (delay = random(0, min(MaxDelay, BaseDelay·2^(attempt-1)))), bounded by
/// <see cref="MaxAttempts"/> and by the caller's cancellation token, which in a Lambda is the invocation deadline.
/// <see cref="Delay"/> and <see cref="Jitter"/> are injectable so tests run instantly and deterministically.
/// </summary>
public sealed record AwsRetryPolicy
{
    public static AwsRetryPolicy Default { get; } = new();

    /// <summary>One attempt, no retries.</summary>
    public static AwsRetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Total attempts including the first (at least 1).</summary>
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How to wait; defaults to <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (delay, ct) => Task.Delay(delay, ct);

    /// <summary>A number in [0, 1) scaling the backoff cap.</summary>
    public Func<double> Jitter { get; init; } = static () => Random.Shared.NextDouble();

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var capMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = Math.Clamp(Jitter(), 0, 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capMs * jitter));
    }
}
