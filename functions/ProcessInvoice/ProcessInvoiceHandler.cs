using System.Text.Json;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.S3;
using InvoiceScanner.Triggers.Sns;

namespace ProcessInvoice;

/// <summary>
/// S3 ObjectCreated on uploads/: check the file, OCR it, store the normalised document under ocr/.
/// Also the OCR engine's SNS completion notice for documents read as a job: collect the job's result the same way.
/// </summary>
public sealed class ProcessInvoiceHandler(DocumentProcessor processor, string bucketName) : ILambdaHandler<JsonElement, S3ProcessingSummary>
{
    public Task<S3ProcessingSummary> HandleAsync(JsonElement input, ILambdaContext context) =>
        SnsRecordDispatcher.IsSnsEvent(input)
            ? SnsRecordDispatcher.DispatchAsync(input.Deserialize(LambdaJsonContext.Default.SNSEvent)!, context, processor.ReadJobNotice, processor.CompleteJobAsync)
            : HandleAsync(input.Deserialize(LambdaJsonContext.Default.S3Event)!, context);

    public Task<S3ProcessingSummary> HandleAsync(S3Event input, ILambdaContext context) =>
        S3RecordDispatcher.DispatchAsync(input, context, bucketName, processor.ProcessUploadAsync);
}
