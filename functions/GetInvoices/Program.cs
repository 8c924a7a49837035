using GetInvoices;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Configuration;
using InvoiceScanner.Infrastructure.Data;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        return new GetInvoicesHandler(new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName));
    },
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
    LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
