using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;
using ReviewInvoice;

return await LambdaHost.RunAsync(
    logger =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var dynamo = AwsClients.CreateDynamoDb(settings);
        var invoices = new DynamoInvoiceRepository(dynamo, settings.TableName);
        var objects = new S3ObjectStore(AwsClients.CreateS3(settings), settings.BucketName);
        var memory = new DynamoVendorMemoryStore(dynamo, settings.TableName);
        // Approvals and corrections that change an invoice's end status are told on the bus; erasure is not an event.
        var published = invoices.WithEvents(settings.EventBusName, (e, error) => logger.Error($"Invoice event {e.DetailType} {e.Detail.EventId} was not published", error));
        return new ReviewInvoiceHandler(new InvoiceReview(published, TimeProvider.System, memory), new InvoiceReprocessing(published, objects, TimeProvider.System),
            new InvoiceErasure(invoices, objects, TimeProvider.System, new DynamoDuplicateIndex(dynamo, settings.TableName)));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
