using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Events;

namespace ProcessInvoice;

/// <summary>S3 ObjectCreated on uploads/: check the file, OCR it, store the normalised document under ocr/.</summary>
public sealed class ProcessInvoiceHandler(DocumentProcessor processor, string bucketName) : ILambdaHandler<S3Event, S3ProcessingSummary>
{
    public Task<S3ProcessingSummary> HandleAsync(S3Event input, ILambdaContext context) =>
        S3RecordDispatcher.DispatchAsync(input, context, bucketName, processor.ProcessUploadAsync);
}
