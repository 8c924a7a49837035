using System.Text.Json;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Triggers.Sns;

/// <summary>
/// Walks the records of an SNS event carrying OCR engines' job notices: each message is read by the engine that
/// published it (a message it does not recognise is logged and left alone), then the finished job is completed.
/// </summary>
public static class SnsRecordDispatcher
{
    public static async Task<S3ProcessingSummary> DispatchAsync(
        SNSEvent input, ILambdaContext context,
        Func<string, OcrJobCompletion> readNotice,
        Func<OcrJobCompletion, CancellationToken, Task<ProcessingOutcome>> complete)
    {
        var outcomes = new List<ProcessingOutcome>();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var record in input.Records ?? [])
        {
            OcrJobCompletion completion;
            try
            {
                completion = readNotice(record.Sns?.Message ?? "");
            }
            catch (FormatException e)
            {
                context.Logger.Warn("Ignored an SNS message that is not an OCR job notice", ("error", e.Message), ("messageId", record.Sns?.MessageId));
                continue;
            }
            var outcome = await complete(completion, context.CancellationToken);
            context.Logger.Info($"{outcome.Kind}: {outcome.Detail}", ("jobId", completion.JobId), ("invoiceId", outcome.InvoiceId), ("status", outcome.Status), ("code", outcome.Code));
            OutcomeMetrics.Emit(context, outcome, DateTimeOffset.UtcNow);
            outcomes.Add(outcome);
        }
        OutcomeMetrics.EmitCost(context, outcomes, TimeProvider.System.GetElapsedTime(started), DateTimeOffset.UtcNow);
        return new S3ProcessingSummary(outcomes);
    }

    /// <summary>
    /// Whether a raw event is SNS rather than S3: SNS records say "EventSource": "aws:sns" (PascalCase), S3 records
    /// say "eventSource": "aws:s3".
    /// </summary>
    public static bool IsSnsEvent(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object
        && input.TryGetProperty("Records", out var records)
        && records.ValueKind == JsonValueKind.Array
        && records.GetArrayLength() > 0
        && records[0].TryGetProperty("EventSource", out var source)
        && source.GetString() == "aws:sns";
}
