using System.Text.Json;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Events;
using InvoiceScanner.Core.Events;
using InvoiceScanner.FakeAws;
using InvoiceScanner.FakeAws.EventBridge;
using static InvoiceScanner.CloudEngines.Tests.TestAws;

namespace InvoiceScanner.CloudEngines.Tests;

public sealed class EventBridgeEventBusTests
{
    private static FakeAwsServerOptions WithBus() => new() { Events = new FakeEventBridgeOptions() };

    private static InvoiceEvent Event(string invoiceId, string detailType = InvoiceEvents.Completed) =>
        new(detailType, new InvoiceEventDetail(Guid.NewGuid().ToString("N"), invoiceId, "user-1", "COMPLETED",
            new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), 4)
        { Total = "119.00", ReviewReasons = null });

    [Fact]
    public async Task Events_reach_the_named_bus_signed_with_source_detail_type_and_the_detail_as_json_text()
    {
        await using var server = await FakeAwsServer.StartNewAsync(WithBus(), Ct);
        var bus = new EventBridgeEventBus("invoices-bus", Options(server));

        await bus.PublishAsync([Event("inv-1"), Event("inv-2", InvoiceEvents.NeedsReview)], Ct);

        Assert.Equal(["inv-1", "inv-2"], server.Events.Select(e => JsonDocument.Parse(e.Detail).RootElement.GetProperty("invoiceId").GetString()));
        Assert.All(server.Events, e => Assert.Equal(("invoices-bus", InvoiceEvents.Source), (e.BusName, e.Source)));
        Assert.Equal([InvoiceEvents.Completed, InvoiceEvents.NeedsReview], server.Events.Select(e => e.DetailType));
        var detail = JsonDocument.Parse(server.Events[0].Detail).RootElement;
        Assert.Equal("119.00", detail.GetProperty("total").GetString());
        Assert.False(detail.TryGetProperty("reviewReasons", out _));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("events", "PutEvents"), (request.Service, request.Operation));
    }

    [Fact]
    public async Task More_than_ten_events_go_in_calls_of_ten()
    {
        await using var server = await FakeAwsServer.StartNewAsync(WithBus(), Ct);
        var bus = new EventBridgeEventBus("default", Options(server));

        await bus.PublishAsync([.. Enumerable.Range(1, 23).Select(i => Event($"inv-{i}"))], Ct);

        Assert.Equal(23, server.Events.Count);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Entries_the_bus_refused_are_sent_again_and_only_they()
    {
        await using var server = await FakeAwsServer.StartNewAsync(WithBus(), Ct);
        var calls = 0;
        server.Routes.EventBridge("PutEvents", (request, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? FakeAwsResponse.Json("""{"FailedEntryCount":1,"Entries":[{"EventId":"a"},{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}""")
            : null));
        var delays = new List<TimeSpan>();
        var bus = new EventBridgeEventBus("default", Options(server, InstantRetry(delays: delays)));

        await bus.PublishAsync([Event("inv-1"), Event("inv-2")], Ct);

        var retried = Assert.Single(server.Events);
        Assert.Equal("inv-2", JsonDocument.Parse(retried.Detail).RootElement.GetProperty("invoiceId").GetString());
        Assert.Single(delays);
    }

    [Fact]
    public async Task Entries_still_refused_after_the_last_attempt_throw_naming_the_error()
    {
        await using var server = await FakeAwsServer.StartNewAsync(WithBus(), Ct);
        server.Routes.EventBridge("PutEvents",
            FakeAwsResponse.Json("""{"FailedEntryCount":1,"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"slow down"}]}"""));
        var bus = new EventBridgeEventBus("default", Options(server, InstantRetry(maxAttempts: 3)));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bus.PublishAsync([Event("inv-1")], Ct));

        Assert.Contains("ThrottlingException", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task The_stand_in_bus_refuses_an_entry_without_a_json_object_detail_as_the_service_does()
    {
        await using var server = await FakeAwsServer.StartNewAsync(WithBus(), Ct);
        var transport = new AwsJsonTransport("events", server.BaseAddress, Options(server));
        var request = new PutEventsRequest([new PutEventsRequestEntry("invoicescanner", "Invoice Completed", "[1,2]", "default")]);

        var response = await transport.SendAsync(new AwsJsonOperation("PutEvents", "/", "application/x-amz-json-1.1", "AWSEvents.PutEvents"),
            request, EventBridgeJsonContext.Default.PutEventsRequest, EventBridgeJsonContext.Default.PutEventsResponse, Ct);

        Assert.Equal(1, response.FailedEntryCount);
        Assert.Equal("InvalidArgument", Assert.Single(response.Entries!).ErrorCode);
        Assert.Empty(server.Events);
    }
}
