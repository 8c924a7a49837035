using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Webhooks;

namespace Webhooks.Tests;

/// <summary>The function's two inputs: EventBridge's event as Lambda delivers it, and the HTTP API's request.</summary>
public class EventInputTests : WebhookTestBed
{
    [Fact]
    public void The_EventBridge_event_as_Lambda_delivers_it_is_read_back_into_the_invoice_event()
    {
        var detail = Detail() with { ReviewReasons = ["BR-CO-15"], DueDate = "2026-12-23" };
        var input = BusEvent(detail, InvoiceEvents.NeedsReview);

        Assert.True(WebhookEventInput.IsEventBridgeEvent(input));
        var read = WebhookEventInput.Read(input, out var why);

        Assert.Null(why);
        Assert.Equal(InvoiceEvents.NeedsReview, read!.DetailType);
        Assert.Equal(detail with { ReviewReasons = null }, read.Detail with { ReviewReasons = null });
        Assert.Equal(["BR-CO-15"], read.Detail.ReviewReasons!);
    }

    [Theory]
    [InlineData("aws.events", InvoiceEvents.Completed)]
    [InlineData(InvoiceEvents.Source, "Scheduled Event")]
    public async Task An_event_of_another_source_or_type_is_ignored(string source, string detailType)
    {
        var output = await Handler().HandleAsync(BusEvent(Detail(), detailType, source), Context);

        Assert.Equal("ignored", output.Deserialize(WebhooksJsonContext.Default.WebhookDeliveryReport)!.Outcome);
        Assert.Contains(Context.Logger.Entries, e => e.Message.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_detail_without_a_valid_user_is_ignored()
    {
        var output = await Handler().HandleAsync(BusEvent(Detail("bad/user")), Context);

        Assert.Equal("ignored", output.Deserialize(WebhooksJsonContext.Default.WebhookDeliveryReport)!.Outcome);
    }

    [Fact]
    public void An_HTTP_API_request_is_not_taken_for_an_event()
    {
        var input = JsonSerializer.SerializeToElement(Request("GET"), InvoiceScanner.Hosting.LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        Assert.False(WebhookEventInput.IsEventBridgeEvent(input));
        Assert.True(input.TryGetProperty("requestContext", out _));
    }
}
