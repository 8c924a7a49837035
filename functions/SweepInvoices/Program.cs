using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using SweepInvoices;

return await LambdaHost.RunAsync(
    logger =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName)
            .WithEvents(settings.EventBusName, (e, error) => logger.Error($"Invoice event {e.DetailType} {e.Detail.EventId} was not published", error));
        return new SweepInvoicesHandler(new InvoiceSweeper(invoices, TimeProvider.System, settings.Sweep, settings.Processing.FunctionName));
    },
    LambdaJsonContext.Default.JsonElement,
    InvoiceScannerJsonContext.Default.SweepReport);
