using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.Storage.S3;
using UploadPresign;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var s3 = AwsClients.CreateS3(settings);
        var dynamo = AwsClients.CreateDynamoDb(settings);
        var invoices = new DynamoInvoiceRepository(dynamo, settings.TableName);
        var signer = new S3UploadUrlSigner(s3, settings.BucketName, settings.S3Endpoint);
        return new UploadPresignHandler(new InvoiceUploads(invoices, signer, TimeProvider.System, settings.Upload,
            new DynamoUploadQuota(dynamo, settings.TableName)));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
