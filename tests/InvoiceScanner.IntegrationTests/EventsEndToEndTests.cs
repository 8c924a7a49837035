using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InvoiceScanner.FakeAws.EventBridge;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// Invoice events on the local stack: the functions publish to the fake EventBridge, the stack records each event in
/// its events file and runs the bus's rules: the Webhooks function posts each event, signed, to its owner's webhook.
/// Every S3 event is delivered three times, yet each change is told once.
/// </summary>
public sealed class EventsEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<BusEvent>> EventsOfAsync(string invoiceId, int atLeast)
    {
        bool Mine(BusEvent e) => e.Detail.Contains(invoiceId, StringComparison.Ordinal);
        await fixture.Stack.EventBus.Received.WaitUntilAsync(events => events.Count(Mine) >= atLeast, TimeSpan.FromSeconds(20), Cancellation);
        return [.. fixture.Stack.EventBus.Received.Snapshot().Where(Mine)];
    }

    private static JsonElement Detail(BusEvent busEvent) => JsonDocument.Parse(busEvent.Detail).RootElement.Clone();

    [Fact]
    public async Task A_scanned_invoice_is_told_once_with_its_status_and_fields_and_recorded_in_the_events_file()
    {
        var token = fixture.Stack.CreateToken("e2e-events");
        var invoice = await fixture.ScanAsync(token, "invoice.pdf", "application/pdf",
            SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), Cancellation);

        var events = await EventsOfAsync(invoice.InvoiceId, 1);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // a second event (from a redelivered S3 event) would show by now
        events = await EventsOfAsync(invoice.InvoiceId, 1);

        var told = Assert.Single(events);
        Assert.Equal(invoice.Status == "COMPLETED" ? "Invoice Completed" : "Invoice Needs Review", told.DetailType);
        Assert.Equal(("invoicescanner", "default"), (told.Source, told.BusName));
        var detail = Detail(told);
        Assert.Equal(invoice.Status, detail.GetProperty("status").GetString());
        Assert.Equal(invoice.Fields!.InvoiceNumber!.Value, detail.GetProperty("invoiceNumber").GetString());
        Assert.Equal(invoice.Fields.Total!.Value, decimal.Parse(detail.GetProperty("total").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var lines = await File.ReadAllLinesAsync(fixture.Stack.EventBus.EventsFile, Cancellation);
        var line = JsonDocument.Parse(Assert.Single(lines, l => l.Contains(invoice.InvoiceId, StringComparison.Ordinal))).RootElement;
        Assert.Equal((told.Id, told.DetailType), (line.GetProperty("id").GetString(), line.GetProperty("detail-type").GetString()));
        Assert.Equal(invoice.InvoiceId, line.GetProperty("detail").GetProperty("invoiceId").GetString());
    }

    [Fact]
    public async Task An_approval_is_told_naming_who_approved_and_a_failed_upload_is_told_with_its_code()
    {
        var token = fixture.Stack.CreateToken("e2e-events-approve");
        var invoice = await fixture.ScanAsync(token, "invoice.pdf", "application/pdf",
            SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), Cancellation);
        var approved = await fixture.Api.ApproveAsync(token, invoice.InvoiceId, """{"override":true,"reason":"checked by hand"}""", Cancellation);
        var failed = await fixture.ScanAsync(token, "empty.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray(), Cancellation);

        var approval = (await EventsOfAsync(invoice.InvoiceId, 2)).Last();
        var failure = Assert.Single(await EventsOfAsync(failed.InvoiceId, 1));

        Assert.Equal(System.Net.HttpStatusCode.OK, approved.Status);
        Assert.Equal("Invoice Approved", approval.DetailType);
        Assert.Equal("COMPLETED", Detail(approval).GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(Detail(approval).GetProperty("approvedBy").GetString()));
        Assert.Equal("FAILED", failed.Status);
        Assert.Equal(("Invoice Failed", failed.Failure!.Code), (failure.DetailType, Detail(failure).GetProperty("failureCode").GetString()));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> WebhookAsync(HttpMethod method, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, $"{fixture.Stack.ApiUrl}/settings/webhook");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await fixture.Http.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_webhook_gets_each_event_of_its_owner_signed_and_nobody_elses()
    {
        const string secret = "whsec-local-test-0123456789abcdef";
        await using var receiver = await WebhookReceiver.StartAsync(secret, cancellationToken: Cancellation);
        var token = fixture.Stack.CreateToken("e2e-webhook");
        var other = fixture.Stack.CreateToken("e2e-webhook-other");
        var set = await WebhookAsync(HttpMethod.Put, token, JsonSerializer.Serialize(new { url = receiver.Url, secret }));
        Assert.True(set.Status == HttpStatusCode.OK, set.Body.ToString());

        var mine = await fixture.ScanAsync(token, "invoice.pdf", "application/pdf", SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), Cancellation);
        var theirs = await fixture.ScanAsync(other, "invoice.pdf", "application/pdf", SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), Cancellation);
        await receiver.Received.WaitUntilAsync(hooks => hooks.Count >= 1, TimeSpan.FromSeconds(30), Cancellation);
        await EventsOfAsync(theirs.InvoiceId, 1);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // their event's delivery would have arrived by now

        var hook = Assert.Single(receiver.Received.Snapshot());
        Assert.True(hook.SignatureValid, $"signature {hook.Signature} does not verify");
        var envelope = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(mine.InvoiceId, envelope.GetProperty("detail").GetProperty("invoiceId").GetString());
        Assert.Equal(hook.EventId, envelope.GetProperty("id").GetString());
        Assert.Equal("invoicescanner", envelope.GetProperty("source").GetString());
        var state = await WebhookAsync(HttpMethod.Get, token);
        Assert.Equal("delivered", state.Body.GetProperty("lastDelivery").GetProperty("status").GetString());
        Assert.False(state.Body.TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task A_receiver_that_fails_is_retried_and_the_failure_shows_in_the_settings()
    {
        await using var receiver = await WebhookReceiver.StartAsync("whsec-failing-receiver-0123456789", status: 500, Cancellation);
        var token = fixture.Stack.CreateToken("e2e-webhook-failing");
        var set = await WebhookAsync(HttpMethod.Put, token, JsonSerializer.Serialize(new { url = receiver.Url, secret = "whsec-failing-receiver-0123456789" }));
        Assert.True(set.Status == HttpStatusCode.OK, set.Body.ToString());

        await fixture.ScanAsync(token, "invoice.pdf", "application/pdf", SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf(), Cancellation);
        JsonElement state = default;
        for (var wait = 0; wait < 90; wait++)
        {
            state = (await WebhookAsync(HttpMethod.Get, token)).Body;
            if (state.TryGetProperty("lastDelivery", out var last) && last.ValueKind == JsonValueKind.Object
                && last.GetProperty("status").GetString() == "failed")
                break;
            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }

        var delivery = state.GetProperty("lastDelivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(500, delivery.GetProperty("httpStatus").GetInt32());
        Assert.True(delivery.GetProperty("attempts").GetInt32() > 1);
        Assert.Equal(delivery.GetProperty("attempts").GetInt32(), receiver.Received.Snapshot().Count);
        Assert.Equal(1, state.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(state.GetProperty("enabled").GetBoolean());
    }
}
