using ExtractData;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Memory;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;

return await LambdaHost.RunAsync(
    logger =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var dynamo = AwsClients.CreateDynamoDb(settings);
        var invoices = new DynamoInvoiceRepository(dynamo, settings.TableName)
            .WithEvents(settings.EventBusName, (e, error) => logger.Error($"Invoice event {e.DetailType} {e.Detail.EventId} was not published", error));
        var local = new LocalInvoiceExtractor();
        var modelUsage = new ModelUsageMeter();
        IInvoiceExtractor documents = settings.Structuring switch
        {
            StructuringChoice.Bedrock => BedrockStructuring.Create(local, BedrockRuntimeClient.FromEnvironment(), settings.BedrockModelId!, logger, modelUsage),
            _ => local,
        };
        // An e-invoice is read from its XML; its page, if any, only by the local reader, to compare.
        var extractor = new EInvoiceExtractor(pages: local, documents);
        var ocrResults = new S3OcrResultStore(objects);
        // What the owner's approvals taught about a vendor helps read that vendor's next invoice.
        var memory = new VendorMemoryReader(new DynamoVendorMemoryStore(dynamo, settings.TableName), new LocalVendorPrior(), ocrResults);
        // An invoice that repeats one of the owner's earlier ones (same file, or same vendor and number) goes to review.
        var duplicates = new DuplicateCheck(new DynamoDuplicateIndex(dynamo, settings.TableName), invoices);
        var processor = new ExtractionProcessor(invoices, ocrResults, extractor, settings.Extraction, TimeProvider.System, settings.Processing, memory, modelUsage,
            duplicates);
        return new ExtractDataHandler(processor, settings.BucketName);
    },
    LambdaJsonContext.Default.S3Event,
    InvoiceScannerJsonContext.Default.S3ProcessingSummary);
