using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;
using ReviewInvoice;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var dynamo = AwsClients.CreateDynamoDb(settings);
        var invoices = new DynamoInvoiceRepository(dynamo, settings.TableName);
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var memory = new DynamoVendorMemoryStore(dynamo, settings.TableName);
        return new ReviewInvoiceHandler(new InvoiceReview(invoices, TimeProvider.System, memory), new InvoiceReprocessing(invoices, objects, TimeProvider.System),
            new InvoiceErasure(invoices, objects, TimeProvider.System, new DynamoDuplicateIndex(dynamo, settings.TableName)));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
