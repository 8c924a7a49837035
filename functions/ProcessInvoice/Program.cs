using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Hosting;
using InvoiceScanner.Ocr;
using InvoiceScanner.Ocr.Rendering;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;
using ProcessInvoice;

return await LambdaHost.RunAsync(
    logger =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName)
            .WithEvents(settings.EventBusName, (e, error) => logger.Error($"Invoice event {e.DetailType} {e.Detail.EventId} was not published", error));
        var local = LocalOcrOptions.FromEnvironment();
        IOcrEngine engine = settings.OcrEngine switch
        {
            OcrEngineChoice.Textract => new TextractOcrEngine(TextractClient.FromEnvironment(),
                new TextractOcrEngineOptions { SnsTopicArn = settings.TextractSnsTopicArn, RoleArn = settings.TextractRoleArn }),
            _ => new LocalOcrEngine(local),
        };
        // The pages people look at are drawn in process whichever engine reads them.
        var processor = new DocumentProcessor(invoices, objects, engine, new EInvoiceFinder(), new S3OcrResultStore(objects), TimeProvider.System,
            settings.Processing, new PageImageRenderer(local));
        return new ProcessInvoiceHandler(processor, settings.BucketName);
    },
    LambdaJsonContext.Default.JsonElement,
    InvoiceScannerJsonContext.Default.S3ProcessingSummary);
