using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>How the functions took the deliveries of one injected event: every attempt, and what each answered.</summary>
public sealed record EventHandling(IReadOnlyList<InvocationRecord> Attempts)
{
    public bool Handled => Attempts.Count > 0;

    /// <summary>Every attempt answered (no function error, timeout or crash): the event was taken as harmless or done.</summary>
    public bool Clean => Handled && Attempts.All(a => a.Result?.Succeeded == true);

    /// <summary>What the functions reported doing with the records (Processed, Skipped, Removed, Failed), for the report.</summary>
    public string Kinds => string.Join("+", Attempts
        .Select(a => a.Result is { Succeeded: true } result ? KindOf(result.PayloadText) : a.Result?.Outcome.ToString() ?? "pending")
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string KindOf(string payload) =>
        Regex.Match(payload, "\"kind\"\\s*:\\s*\"?(\\w+)", RegexOptions.IgnoreCase) is { Success: true } match ? match.Groups[1].Value : "answered";
}

/// <summary>
/// Delivers object-created events to the stack's S3 event sink as S3 may: again, late, early, out of order, or for keys
/// nobody wrote. They go the way emulators.js sends s3rver's, so the bridge turns them into notifications and invokes
/// the functions with Lambda's retries.
/// </summary>
public sealed class S3EventInjector(LocalStack stack, HttpClient http)
{
    public async Task DeliverAsync(string key, DateTime eventTime, long size, CancellationToken cancellationToken)
    {
        var record = new S3EventNotificationRecord
        {
            EventName = "ObjectCreated:Put",
            EventTime = DateTime.SpecifyKind(eventTime, DateTimeKind.Utc),
            S3 = new S3Entity
            {
                Bucket = new S3BucketEntity { Name = stack.Options.BucketName },
                Object = new S3ObjectEntity { Key = key, Size = size },
            },
        };
        var body = JsonSerializer.Serialize(record, LambdaJsonContext.Default.S3EventNotificationRecord);
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.ControlUrl + "/s3-events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(EmulatorsProcess.SinkSecretHeader, stack.S3EventSecret);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"the S3 event sink answered {(int)response.StatusCode} for {key}");
    }

    /// <summary>
    /// Waits until at least <paramref name="deliveries"/> S3-triggered deliveries whose payload names
    /// <paramref name="marker"/> (queued since <paramref name="since"/>) are finished: each answered, or failed
    /// Lambda's three attempts. Returns every attempt seen (none when nothing came in time).
    /// </summary>
    public async Task<EventHandling> HandlingAsync(string marker, DateTimeOffset since, TimeSpan timeout, CancellationToken cancellationToken,
        int deliveries = 1)
    {
        IReadOnlyList<InvocationRecord> Matching(IReadOnlyList<InvocationRecord> journal) =>
            [.. journal.Where(r => r.Source == InvocationSource.S3Notification && r.QueuedAt >= since
                                   && r.PayloadText.Contains(marker, StringComparison.Ordinal))];
        // A delivery's retries carry the same payload; each delivery has its own (a new request id).
        bool Finished(IReadOnlyList<InvocationRecord> attempts)
        {
            var chains = attempts.GroupBy(a => a.PayloadText, StringComparer.Ordinal).ToList();
            return chains.Count >= deliveries && chains.All(chain => chain.All(a => a.Completion.IsCompleted)
                && (chain.Any(a => a.Result?.Succeeded == true) || chain.Count() >= 3));
        }
        await stack.Journal.WaitUntilAsync(journal => Finished(Matching(journal)), timeout, cancellationToken);
        return new EventHandling(Matching(stack.Journal.Snapshot()));
    }
}
