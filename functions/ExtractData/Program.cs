using ExtractData;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Refining;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;

return await LambdaHost.RunAsync(
    logger =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName);
        var local = new LocalInvoiceExtractor();
        IInvoiceExtractor documents = settings.Structuring switch
        {
            StructuringChoice.Bedrock => new BedrockRefiningExtractor(local, BedrockRuntimeClient.FromEnvironment(),
                new BedrockRefinerOptions
                {
                    ModelId = settings.BedrockModelId!,
                    OnReport = report => logger.Info("Bedrock refinement", ("outcome", report.Outcome.ToString()), ("model", report.ModelId),
                        ("stopReason", report.StopReason), ("latencyMs", report.LatencyMs), ("error", report.Error), ("notes", string.Join(" | ", report.Notes))),
                }),
            _ => local,
        };
        // An e-invoice is read from its XML; its page, if any, only by the local reader, to compare.
        var extractor = new EInvoiceExtractor(pages: local, documents);
        var processor = new ExtractionProcessor(invoices, new S3OcrResultStore(objects), extractor, settings.Extraction, TimeProvider.System, settings.Processing);
        return new ExtractDataHandler(processor, settings.BucketName);
    },
    LambdaJsonContext.Default.S3Event,
    InvoiceScannerJsonContext.Default.S3ProcessingSummary);
