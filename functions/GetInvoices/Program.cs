using GetInvoices;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        return new GetInvoicesHandler(new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
