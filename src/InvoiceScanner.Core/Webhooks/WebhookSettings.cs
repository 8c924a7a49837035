namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// How webhooks are delivered. Read from the environment by <see cref="Configuration.FunctionSettings"/>
/// (WEBHOOKS_* variables); tests set them directly, e.g. a tiny base delay.
/// </summary>
public sealed record WebhookSettings
{
    /// <summary>
    /// Local mode only: lets a webhook name 127.0.0.1, ::1 or localhost (over http or https), so a receiver on the
    /// developer's machine can be tried. No other private range opens with it.
    /// </summary>
    public bool AllowLoopback { get; init; }

    /// <summary>Attempts per delivery, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The backoff's first ceiling; each retry doubles it up to <see cref="MaxDelay"/> (full jitter below it).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>One attempt's limit: connecting, sending and the receiver's answer (its headers).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed deliveries in a row after which the webhook is switched off until the user PUTs it again.</summary>
    public int DisableAfterFailures { get; init; } = 5;

    /// <summary>
    /// Kept free of the invocation's end for recording the outcome: attempts and waits stop this long before it, so
    /// a delivery is always written down before Lambda stops the function.
    /// </summary>
    public TimeSpan RecordingReserve { get; init; } = TimeSpan.FromSeconds(3);
}
