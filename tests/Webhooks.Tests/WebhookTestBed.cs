using System.Net;
using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Webhooks;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace Webhooks.Tests;

/// <summary>
/// The Webhooks function on an in-memory store and a manual clock. Waits between attempts are captured (and move the
/// clock) instead of slept; the jitter draw is fixed at its top, so each wait is its ceiling.
/// </summary>
public abstract class WebhookTestBed : HandlerTestBed
{
    protected const string Alice = "user-alice";
    protected const string Bob = "user-bob";
    protected const string Secret = "whsec-0123456789abcdef";

    protected InMemoryWebhookStore Store { get; } = new();
    protected List<TimeSpan> Delays { get; } = [];

    /// <summary>Names the test's resolver answers for; anything else is looked up in DNS.</summary>
    protected Dictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.example.com"] = [IPAddress.Parse("93.184.216.34")],
    };

    protected WebhookSettings Settings { get; set; } = new()
    {
        AllowLoopback = true,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(400),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        RecordingReserve = TimeSpan.Zero,
    };

    protected Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) =>
        Names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);

    protected WebhooksHandler Handler()
    {
        var policy = new WebhookUrlPolicy(Settings.AllowLoopback, Resolve);
        var sender = new WebhookSender(WebhookConnection.CreateClient(policy), Clock);
        var delivery = new WebhookDelivery(Store, sender, policy, Settings, Clock, () => 1.0, (wait, _) =>
        {
            Delays.Add(wait);
            Clock.Advance(wait);
            return Task.CompletedTask;
        });
        return new WebhooksHandler(new WebhookSettingsService(Store, policy, Clock), delivery);
    }

    protected static APIGatewayHttpApiV2ProxyRequest Request(string method, string? body = null, string? sub = Alice)
    {
        var request = Events.Http("delete-me.json").As(sub);
        request.RouteKey = $"{method} /settings/webhook";
        request.RawPath = "/settings/webhook";
        request.RequestContext!.RouteKey = request.RouteKey;
        request.RequestContext.Http!.Method = method;
        request.RequestContext.Http.Path = request.RawPath;
        request.Body = body;
        return request;
    }

    protected async Task<APIGatewayHttpApiV2ProxyResponse> CallAsync(APIGatewayHttpApiV2ProxyRequest request)
    {
        var input = JsonSerializer.SerializeToElement(request, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);
        var output = await Handler().HandleAsync(input, Context);
        return output.Deserialize(LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse)!;
    }

    protected Task<APIGatewayHttpApiV2ProxyResponse> PutAsync(string url, string? secret = Secret, string? sub = Alice) =>
        CallAsync(Request("PUT", secret is null
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = url })
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = url, ["secret"] = secret }), sub));

    protected Task<APIGatewayHttpApiV2ProxyResponse> GetAsync(string? sub = Alice) => CallAsync(Request("GET", sub: sub));

    protected static JsonElement Json(APIGatewayHttpApiV2ProxyResponse response) => JsonDocument.Parse(response.Body!).RootElement;

    protected static InvoiceEventDetail Detail(string user = Alice, string? eventId = null) =>
        new(eventId ?? Guid.NewGuid().ToString("N"), SampleInvoiceId, user, "COMPLETED",
            new DateTimeOffset(2026, 11, 23, 17, 59, 0, TimeSpan.Zero), 7)
        {
            FileName = "March.pdf",
            VendorName = "ACME GmbH",
            InvoiceNumber = "R-2026-11",
            Currency = "EUR",
            Total = "119.00",
        };

    /// <summary>The event as Lambda receives it from an EventBridge rule.</summary>
    protected static JsonElement BusEvent(InvoiceEventDetail detail, string detailType = InvoiceEvents.Completed, string source = InvoiceEvents.Source) =>
        JsonDocument.Parse($$"""
            {
              "version": "0",
              "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
              "detail-type": "{{detailType}}",
              "source": "{{source}}",
              "account": "123456789012",
              "time": "2026-11-23T17:59:00Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {{JsonSerializer.Serialize(detail, InvoiceEventsJsonContext.Default.InvoiceEventDetail)}}
            }
            """).RootElement;

    protected async Task<WebhookDeliveryReport> DeliverAsync(InvoiceEventDetail? detail = null)
    {
        var output = await Handler().HandleAsync(BusEvent(detail ?? Detail()), Context);
        return output.Deserialize(WebhooksJsonContext.Default.WebhookDeliveryReport)!;
    }
}
