using GetInvoices;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName);
        var s3 = AwsClients.CreateS3(settings);
        var export = new InvoiceExport(invoices, new S3ObjectStore(s3, settings.BucketName),
            new S3DownloadUrlSigner(s3, settings.BucketName, settings.S3Endpoint), TimeProvider.System,
            ExportSettings.FromVariables(Environment.GetEnvironmentVariable));
        return new GetInvoicesHandler(invoices, export, new HealthEndpoint(TimeProvider.System));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
