using System.Text.Json;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Events;

namespace ProcessInvoice;

/// <summary>
/// S3 ObjectCreated on uploads/: check the file, OCR it, store the normalised document under ocr/.
/// Also Textract's SNS completion notice for documents read as a job: collect the job's result the same way.
/// </summary>
public sealed class ProcessInvoiceHandler(DocumentProcessor processor, string bucketName) : ILambdaHandler<JsonElement, S3ProcessingSummary>
{
    public Task<S3ProcessingSummary> HandleAsync(JsonElement input, ILambdaContext context) =>
        IsSnsEvent(input)
            ? HandleJobNoticesAsync(input.Deserialize(LambdaJsonContext.Default.SNSEvent)!, context)
            : HandleAsync(input.Deserialize(LambdaJsonContext.Default.S3Event)!, context);

    public Task<S3ProcessingSummary> HandleAsync(S3Event input, ILambdaContext context) =>
        S3RecordDispatcher.DispatchAsync(input, context, bucketName, processor.ProcessUploadAsync);

    private async Task<S3ProcessingSummary> HandleJobNoticesAsync(SNSEvent input, ILambdaContext context)
    {
        var outcomes = new List<ProcessingOutcome>();
        foreach (var record in input.Records ?? [])
        {
            TextractCompletionNotice notice;
            try
            {
                notice = TextractCompletionNotice.Parse(record.Sns?.Message ?? "");
            }
            catch (FormatException e)
            {
                context.Logger.Warn("Ignored an SNS message that is not a Textract completion notice", ("error", e.Message), ("messageId", record.Sns?.MessageId));
                continue;
            }
            var completion = new OcrJobCompletion(notice.JobId, notice.Succeeded,
                notice.DocumentLocation?.S3Bucket ?? "", notice.DocumentLocation?.S3ObjectName ?? "", notice.Status);
            var outcome = await processor.CompleteJobAsync(completion, context.CancellationToken);
            context.Logger.Info($"{outcome.Kind}: {outcome.Detail}", ("jobId", notice.JobId), ("invoiceId", outcome.InvoiceId), ("status", outcome.Status), ("code", outcome.Code));
            outcomes.Add(outcome);
        }
        return new S3ProcessingSummary(outcomes);
    }

    // SNS records say "EventSource": "aws:sns" (PascalCase); S3 records say "eventSource": "aws:s3".
    private static bool IsSnsEvent(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object
        && input.TryGetProperty("Records", out var records)
        && records.ValueKind == JsonValueKind.Array
        && records.GetArrayLength() > 0
        && records[0].TryGetProperty("EventSource", out var source)
        && source.GetString() == "aws:sns";
}
