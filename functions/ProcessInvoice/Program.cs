using InvoiceScanner.Core;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Configuration;
using InvoiceScanner.Infrastructure.Data;
using InvoiceScanner.Infrastructure.Storage;
using InvoiceScanner.Ocr;
using ProcessInvoice;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName);
        IOcrEngine engine = settings.OcrEngine switch
        {
            OcrEngineChoice.Local => new LocalOcrEngine(LocalOcrOptions.FromEnvironment()),
            _ => throw new InvalidOperationException($"OCR_ENGINE={settings.OcrEngine} is not available in this build."),
        };
        var processor = new DocumentProcessor(invoices, objects, engine, new S3OcrResultStore(objects), TimeProvider.System, settings.Processing);
        return new ProcessInvoiceHandler(processor, settings.BucketName);
    },
    LambdaJsonContext.Default.S3Event,
    InvoiceScannerJsonContext.Default.S3ProcessingSummary);
