using InvoiceScanner.Core;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using SweepInvoices;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var invoices = new DynamoInvoiceRepository(AwsClients.CreateDynamoDb(settings), settings.TableName);
        return new SweepInvoicesHandler(new InvoiceSweeper(invoices, TimeProvider.System, settings.Sweep, settings.Processing.FunctionName));
    },
    LambdaJsonContext.Default.JsonElement,
    InvoiceScannerJsonContext.Default.SweepReport);
