using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.S3;

/// <summary>
/// Turns s3rver's in-process events (forwarded by emulators.js) into real S3 event notifications and invokes the
/// configured function asynchronously, as Lambda does for S3 triggers: at least once, each record retried twice
/// after a function error, optionally delivered several times on purpose (<see cref="LocalStackOptions.DuplicateS3Events"/>).
/// </summary>
public sealed class S3NotificationBridge(
    IReadOnlyList<S3Notification> notifications,
    IReadOnlyDictionary<string, FunctionRuntime> functions,
    string region,
    int duplicates,
    TimeSpan retryDelay,
    StackLog log) : IAsyncDisposable
{
    private readonly S3Sequencer _sequencer = new();

    /// <summary>Every object-created event the bridge received, in arrival order (= the order S3 wrote the objects).</summary>
    public WaitableLog<S3EventRecord> Received { get; } = new();
    private readonly PendingDeliveries _deliveries = new("S3 deliveries", log);

    /// <summary>
    /// Accepts one record as s3rver emitted it (raw key) and schedules its deliveries. Returns how many invocations were
    /// scheduled (0 when no notification matches).
    /// </summary>
    public int Accept(S3EventNotificationRecord raw)
    {
        var bucket = raw.S3.Bucket.Name;
        var key = raw.S3.Object.Key;
        var targets = notifications.Where(n => n.Matches(raw.EventName, key)).ToList();
        var sequencer = _sequencer.Next(); // one per object event, shared by its records and duplicates
        Received.Add(new S3EventRecord(bucket, key, raw.EventName, sequencer, [.. targets.Select(t => t.FunctionLogicalId)]));
        if (targets.Count == 0)
            return 0;

        var scheduled = 0;
        foreach (var notification in targets)
        {
            if (!functions.TryGetValue(notification.FunctionLogicalId, out var function))
            {
                log.Warn($"s3://{bucket}/{key}: {notification.FunctionLogicalId} is not running; event dropped");
                continue;
            }
            var payload = JsonSerializer.SerializeToUtf8Bytes(
                new S3Event { Records = [BuildRecord(raw, notification, sequencer, region)] }, LambdaJsonContext.Default.S3Event);
            for (var copy = 0; copy < Math.Max(1, duplicates); copy++)
            {
                _deliveries.Track(DeliverAsync(function, payload, key));
                scheduled++;
            }
        }
        return scheduled;
    }

    /// <summary>The notification record S3 would send for <paramref name="raw"/>: encoded key, bucket ARN, the given sequencer.</summary>
    public static S3EventNotificationRecord BuildRecord(S3EventNotificationRecord raw, S3Notification notification, string sequencer, string region = "us-east-1")
    {
        var bucket = raw.S3.Bucket.Name;
        var eventTime = raw.EventTime == default ? DateTime.UtcNow : raw.EventTime.ToUniversalTime();
        return new S3EventNotificationRecord
        {
            EventVersion = "2.1",
            EventSource = "aws:s3",
            AwsRegion = region,
            EventTime = DateTime.SpecifyKind(eventTime, DateTimeKind.Utc),
            EventName = raw.EventName,
            UserIdentity = new S3UserIdentity { PrincipalId = "AWS:AIDALOCALINVOICESCANNER" },
            RequestParameters = new S3RequestParameters { SourceIPAddress = raw.RequestParameters?.SourceIPAddress ?? "127.0.0.1" },
            ResponseElements = new S3ResponseElements
            {
                XAmzRequestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
                XAmzId2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            },
            S3 = new S3Entity
            {
                S3SchemaVersion = "1.0",
                ConfigurationId = $"{notification.FunctionLogicalId}-{notification.Prefix.TrimEnd('/')}",
                Bucket = new S3BucketEntity
                {
                    Name = bucket,
                    OwnerIdentity = new S3UserIdentity { PrincipalId = "A3LOCALINVOICESCANNER" },
                    Arn = $"arn:aws:s3:::{bucket}",
                },
                Object = new S3ObjectEntity
                {
                    Key = S3NotificationKeys.Encode(raw.S3.Object.Key),
                    Size = raw.S3.Object.Size,
                    ETag = raw.S3.Object.ETag?.Trim('"'),
                    Sequencer = sequencer,
                },
            },
        };
    }

    private Task DeliverAsync(FunctionRuntime function, byte[] payload, string key) =>
        AsyncInvocation.DeliverAsync(function, payload, InvocationSource.S3Notification, key, retryDelay, log, _deliveries.Stopping);

    public async ValueTask DisposeAsync() => await _deliveries.StopAsync();
}

/// <summary>An object event as the bridge received it: raw key, the sequencer it was given, the functions it goes to.</summary>
public sealed record S3EventRecord(string Bucket, string Key, string EventName, string Sequencer, IReadOnlyList<string> Functions);

/// <summary>
/// S3's sequencer: a hex value that grows with every event for a key. Here one counter for the whole bucket, seeded
/// from the clock so values also grow across restarts of the stack.
/// </summary>
public sealed class S3Sequencer
{
    private long _last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16;

    public string Next() => Interlocked.Increment(ref _last).ToString("X18", CultureInfo.InvariantCulture);
}
