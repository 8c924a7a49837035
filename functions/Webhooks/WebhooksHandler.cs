using System.Text.Json;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Webhooks;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace Webhooks;

/// <summary>
/// Two triggers in one function, told apart by the event's shape:
/// an HTTP API request — PUT, GET, DELETE /settings/webhook, the caller's own webhook (JWT sub);
/// an EventBridge event (source invoicescanner) — one signed delivery to the event's owner's webhook.
/// A delivery ends normally whatever the receiver did (its outcome is recorded); a store failure throws, so Lambda
/// runs the event again.
/// </summary>
public sealed class WebhooksHandler(WebhookSettingsService settings, WebhookDelivery delivery) : ILambdaHandler<JsonElement, JsonElement>
{
    public async Task<JsonElement> HandleAsync(JsonElement input, ILambdaContext context)
    {
        if (WebhookEventInput.IsEventBridgeEvent(input))
            return JsonSerializer.SerializeToElement(await DeliverAsync(input, context), WebhooksJsonContext.Default.WebhookDeliveryReport);
        var request = input.Deserialize(LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest) ?? new APIGatewayHttpApiV2ProxyRequest();
        var response = await SettingsAsync(request, context);
        return JsonSerializer.SerializeToElement(response, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
    }

    private Task<APIGatewayHttpApiV2ProxyResponse> SettingsAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var userId = request.RequireUserId();
            var ct = context.CancellationToken;
            switch (Route(request))
            {
                case "PUT /settings/webhook":
                    var view = await settings.PutAsync(userId, request.ReadBodyText(), ct);
                    context.Logger.Info("Webhook set", ("user", UserIds.LogRef(userId)), ("host", new Uri(view.Url).Host), ("generatedSecret", view.Secret is not null));
                    return ApiResponses.Json(200, view, WebhooksJsonContext.Default.WebhookView);
                case "GET /settings/webhook":
                    return await settings.GetAsync(userId, ct) is { } current
                        ? ApiResponses.Json(200, current, WebhooksJsonContext.Default.WebhookView)
                        : ApiResponses.Error(404, ErrorCodes.NotFound, "No webhook is set; PUT /settings/webhook sets one.", context);
                case "DELETE /settings/webhook":
                    await settings.DeleteAsync(userId, ct);
                    context.Logger.Info("Webhook removed", ("user", UserIds.LogRef(userId)));
                    return ApiResponses.NoContent();
                default:
                    return ApiResponses.Error(404, ErrorCodes.RouteNotFound, $"No route {request.RouteKey} in this function.", context);
            }
        });

    private async Task<WebhookDeliveryReport> DeliverAsync(JsonElement input, ILambdaContext context)
    {
        if (WebhookEventInput.Read(input, out var why) is not { } invoiceEvent)
        {
            context.Logger.Warn("Event ignored: " + why);
            return WebhookDeliveryReport.Skipped("ignored", null);
        }
        var report = await delivery.DeliverAsync(invoiceEvent, context.RemainingTime, context.CancellationToken);
        var level = report.Outcome == WebhookDeliveryStatus.Failed ? LogLevel.Warning : LogLevel.Information;
        context.Logger.Log(level, $"Webhook delivery {report.Outcome}", null,
            ("user", UserIds.LogRef(invoiceEvent.Detail.UserId)), ("eventId", report.EventId), ("detailType", invoiceEvent.DetailType),
            ("attempts", report.Attempts), ("httpStatus", report.HttpStatus), ("error", report.Error), ("disabled", report.Disabled));
        return report;
    }

    /// <summary>The route key; derived from the method and path where a caller's event has none.</summary>
    private static string Route(APIGatewayHttpApiV2ProxyRequest request) =>
        request.RouteKey is { } key && key != "$default" ? key : $"{request.RequestContext?.Http?.Method} {request.RawPath}";
}
