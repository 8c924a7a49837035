using GetInvoices;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Downloads;
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
        var objects = new S3ObjectStore(s3, settings.BucketName);
        var signer = new S3DownloadUrlSigner(s3, settings.BucketName, settings.S3Endpoint);
        var export = new InvoiceExport(invoices, objects, signer, TimeProvider.System, ExportSettings.FromVariables(Environment.GetEnvironmentVariable));
        var downloads = new InvoiceDownloads(invoices, objects, signer, TimeProvider.System);
        return new GetInvoicesHandler(invoices, export, downloads, new HealthEndpoint(TimeProvider.System));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
