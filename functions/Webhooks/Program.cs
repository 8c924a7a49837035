using InvoiceScanner.Core.Configuration;
using InvoiceScanner.Core.Webhooks;
using InvoiceScanner.Hosting;
using InvoiceScanner.Storage;
using InvoiceScanner.Storage.DynamoDb;
using Webhooks;

return await LambdaHost.RunAsync(
    _ =>
    {
        var settings = FunctionSettings.FromEnvironment();
        var store = new DynamoWebhookStore(AwsClients.CreateDynamoDb(settings), settings.TableName);
        var policy = new WebhookUrlPolicy(settings.Webhooks.AllowLoopback);
        var sender = new WebhookSender(WebhookConnection.CreateClient(policy), TimeProvider.System);
        return new WebhooksHandler(new WebhookSettingsService(store, policy, TimeProvider.System),
            new WebhookDelivery(store, sender, policy, settings.Webhooks, TimeProvider.System));
    },
    LambdaJsonContext.Default.JsonElement,
    LambdaJsonContext.Default.JsonElement);
