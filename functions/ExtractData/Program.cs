using ExtractData;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Extraction;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Configuration;
using InvoiceScanner.Infrastructure.Data;
using InvoiceScanner.Infrastructure.Storage;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName);
        IInvoiceExtractor extractor = settings.Structuring switch
        {
            StructuringChoice.Rules => new RuleBasedInvoiceExtractor(),
            _ => throw new InvalidOperationException($"STRUCTURING={settings.Structuring} is not available in this build."),
        };
        var processor = new ExtractionProcessor(invoices, new S3OcrResultStore(objects), extractor, settings.Extraction, TimeProvider.System, settings.Processing);
        return new ExtractDataHandler(processor, settings.BucketName);
    },
    LambdaJsonContext.Default.S3Event,
    InvoiceScannerJsonContext.Default.S3ProcessingSummary);
