using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.S3;

namespace ExtractData;

/// <summary>S3 ObjectCreated on ocr/: structure the fields, validate them, store the invoice's result.</summary>
public sealed class ExtractDataHandler(ExtractionProcessor processor, string bucketName) : ILambdaHandler<S3Event, S3ProcessingSummary>
{
    public Task<S3ProcessingSummary> HandleAsync(S3Event input, ILambdaContext context) =>
        S3RecordDispatcher.DispatchAsync(input, context, bucketName, (created, cancellationToken) => processor.ExtractAsync(created.Key, cancellationToken));
}
