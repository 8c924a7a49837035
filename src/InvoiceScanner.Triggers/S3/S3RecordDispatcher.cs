using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Triggers.S3;

/// <summary>
/// Walks the records of an S3 notification: decodes keys (S3 URL-encodes them), drops repeats of the same
/// key keeping the newest by sequencer, processes each, and logs every outcome. Records that failed
/// transiently are rethrown together after the others were handled, so Lambda retries the event and the
/// already-finished records are skipped by their conditional writes. Logs name keys by <see cref="ObjectKeys.ForLog"/>
/// (no user id, no file name).
/// </summary>
public static class S3RecordDispatcher
{
    public static async Task<S3ProcessingSummary> DispatchAsync(
        S3Event input, ILambdaContext context, string expectedBucket, Func<ObjectCreated, CancellationToken, Task<ProcessingOutcome>> process)
    {
        var outcomes = new List<ProcessingOutcome>();
        var failures = new List<Exception>();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var record in Newest(input.Records ?? []))
        {
            var rawKey = record.S3?.Object?.Key ?? "";
            var bucket = record.S3?.Bucket?.Name;
            ProcessingOutcome outcome;
            if (!string.Equals(bucket, expectedBucket, StringComparison.Ordinal))
            {
                outcome = new ProcessingOutcome(rawKey, OutcomeKind.Skipped, $"bucket '{bucket}' is not this deployment's bucket");
            }
            else if (!(record.EventName ?? "").StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                outcome = new ProcessingOutcome(rawKey, OutcomeKind.Skipped, $"event '{record.EventName}' is not ObjectCreated");
            }
            else
            {
                string key;
                try
                {
                    key = S3NotificationKeys.Decode(rawKey);
                }
                catch (FormatException e)
                {
                    outcomes.Add(Log(context, new ProcessingOutcome(rawKey, OutcomeKind.Skipped, "undecodable key: " + e.Message)));
                    continue;
                }
                try
                {
                    outcome = await process(new ObjectCreated(key, EventTime(record)), context.CancellationToken);
                }
                catch (Exception e)
                {
                    context.Logger.Error("Record failed; the invocation will fail so that Lambda retries it", e, ("key", ObjectKeys.ForLog(key)));
                    failures.Add(e);
                    continue;
                }
            }
            outcomes.Add(Log(context, outcome));
        }
        OutcomeMetrics.EmitCost(context, outcomes, TimeProvider.System.GetElapsedTime(started), DateTimeOffset.UtcNow);
        if (failures.Count > 0)
            throw failures.Count == 1 ? failures[0] : new AggregateException("Some records failed and will be retried.", failures);
        return new S3ProcessingSummary(outcomes);
    }

    private static IEnumerable<S3EventNotificationRecord> Newest(IEnumerable<S3EventNotificationRecord> records) =>
        records
            .GroupBy(r => (r.S3?.Bucket?.Name, r.S3?.Object?.Key))
            .Select(g => g.Aggregate((a, b) => S3NotificationKeys.CompareSequencers(a.S3?.Object?.Sequencer, b.S3?.Object?.Sequencer) >= 0 ? a : b));

    /// <summary>S3's eventTime (UTC); null when the record has none.</summary>
    private static DateTimeOffset? EventTime(S3EventNotificationRecord record) => record.EventTime == default
        ? null
        : new DateTimeOffset(record.EventTime.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(record.EventTime, DateTimeKind.Utc)
            : record.EventTime.ToUniversalTime());

    private static ProcessingOutcome Log(ILambdaContext context, ProcessingOutcome outcome)
    {
        (string, object?)[] fields = [("key", ObjectKeys.ForLog(outcome.Key)), ("invoiceId", outcome.InvoiceId), ("status", outcome.Status), ("code", outcome.Code)];
        if (outcome.Kind == OutcomeKind.Removed)
            context.Logger.Warn($"{outcome.Kind}: {outcome.Detail}", fields);
        else
            context.Logger.Info($"{outcome.Kind}: {outcome.Detail}", fields);
        OutcomeMetrics.Emit(context, outcome, DateTimeOffset.UtcNow);
        return outcome;
    }
}
