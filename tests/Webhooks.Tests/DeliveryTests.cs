using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Webhooks;
using InvoiceScanner.Hosting;

namespace Webhooks.Tests;

/// <summary>Deliveries to a real receiver on 127.0.0.1 (local mode): signing, retries, recording, disabling.</summary>
public class DeliveryTests : WebhookTestBed
{
    /// <summary>The receiver's own check of the signature header: HMAC-SHA256 computed here, not by the product.</summary>
    private static bool SignatureHolds(ReceivedRequest request, string secret)
    {
        var parts = request.Headers["InvoiceScanner-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(parts["t"] + "."), .. request.Body]));
        return parts["v1"] == expected;
    }

    [Fact]
    public async Task A_delivery_posts_the_signed_envelope_with_its_headers_and_is_recorded()
    {
        await using var receiver = new LoopbackReceiver(204);
        await PutAsync(receiver.Url());
        var detail = Detail();

        var report = await DeliverAsync(detail);

        Assert.Equal(("delivered", 1, 204), (report.Outcome, report.Attempts, report.HttpStatus));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/hook"), (request.Method, request.Path));
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal(detail.EventId, request.Headers["InvoiceScanner-Event-Id"]);
        Assert.Equal("InvoiceScanner-Webhooks/1", request.Headers["User-Agent"]);
        Assert.StartsWith($"t={Clock.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)},v1=", request.Headers["InvoiceScanner-Signature"], StringComparison.Ordinal);
        Assert.True(SignatureHolds(request, Secret));
        Assert.False(SignatureHolds(request with { Body = [.. request.Body, (byte)' '] }, Secret));

        var envelope = JsonSerializer.Deserialize(request.Body, InvoiceEventsJsonContext.Default.InvoiceEventEnvelope)!;
        Assert.Equal((detail.EventId, InvoiceEvents.Completed, InvoiceEvents.Source), (envelope.Id, envelope.DetailType, envelope.Source));
        Assert.Equal(detail, envelope.Detail with { ReviewReasons = detail.ReviewReasons });
        Assert.Contains("\"detail-type\":\"Invoice Completed\"", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);

        var last = Json(await GetAsync()).GetProperty("lastDelivery");
        Assert.Equal(("delivered", 204, 1), (last.GetProperty("status").GetString(), last.GetProperty("httpStatus").GetInt32(), last.GetProperty("attempts").GetInt32()));
        Assert.Equal(detail.EventId, last.GetProperty("eventId").GetString());
        Assert.Equal(InvoiceEvents.Completed, last.GetProperty("detailType").GetString());
        Assert.DoesNotContain(Context.Logger.Entries, e => e.Properties.Any(p => p.Value?.ToString()?.Contains(Secret, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_delays_then_recorded_failed_without_throwing()
    {
        await using var receiver = new LoopbackReceiver(500);
        await PutAsync(receiver.Url());

        var report = await DeliverAsync();

        Assert.Equal(("failed", 5, 500), (report.Outcome, report.Attempts, report.HttpStatus));
        Assert.Equal(5, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Headers["InvoiceScanner-Event-Id"]).Distinct());
        Assert.All(receiver.Requests, r => Assert.True(SignatureHolds(r, Secret)));
        Assert.Equal([100, 200, 400, 400], Delays.Select(d => d.TotalMilliseconds));
        var view = Json(await GetAsync());
        Assert.Equal(1, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(view.GetProperty("enabled").GetBoolean());
        var last = view.GetProperty("lastDelivery");
        Assert.Equal(("failed", 500, 5), (last.GetProperty("status").GetString(), last.GetProperty("httpStatus").GetInt32(), last.GetProperty("attempts").GetInt32()));
        Assert.Equal("HTTP 500", last.GetProperty("error").GetString());
        Assert.Contains(Context.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Waits_are_a_jittered_share_of_the_doubling_ceiling()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookBackoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 1.0));
        Assert.Equal(TimeSpan.FromSeconds(4), WebhookBackoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 1.0));
        Assert.Equal(TimeSpan.FromSeconds(8), WebhookBackoff.Delay(9, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 1.0));
        Assert.Equal(TimeSpan.FromSeconds(2), WebhookBackoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.5));
        Assert.Equal(TimeSpan.Zero, WebhookBackoff.Delay(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.0));
    }

    [Fact]
    public async Task Five_failed_deliveries_in_a_row_disable_the_webhook_until_a_put_enables_it_again()
    {
        Settings = Settings with { MaxAttempts = 1 };
        var status = 500;
        await using var receiver = new LoopbackReceiver(_ => (status, null));
        await PutAsync(receiver.Url());

        for (var i = 0; i < 4; i++)
            Assert.False((await DeliverAsync()).Disabled);
        var fifth = await DeliverAsync();

        Assert.True(fifth.Disabled);
        var view = Json(await GetAsync());
        Assert.False(view.GetProperty("enabled").GetBoolean());
        Assert.Equal(5, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(Clock.Now, view.GetProperty("disabledAt").GetDateTimeOffset());
        Assert.Contains("HTTP 500", view.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);

        Assert.Equal("disabled", (await DeliverAsync()).Outcome);
        Assert.Equal(5, receiver.Requests.Count);

        status = 200;
        var put = Json(await PutAsync(receiver.Url()));
        Assert.True(put.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, put.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(JsonValueKind.Null, put.GetProperty("disabledAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, put.GetProperty("disabledReason").ValueKind);
        Assert.Equal("delivered", (await DeliverAsync()).Outcome);
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_success_resets_the_count_of_failures()
    {
        Settings = Settings with { MaxAttempts = 1 };
        var status = 503;
        await using var receiver = new LoopbackReceiver(_ => (status, null));
        await PutAsync(receiver.Url());
        for (var i = 0; i < 4; i++)
            await DeliverAsync();
        Assert.Equal(4, Json(await GetAsync()).GetProperty("consecutiveFailures").GetInt32());

        status = 202;
        await DeliverAsync();
        status = 503;
        await DeliverAsync();

        var view = Json(await GetAsync());
        Assert.Equal(1, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(view.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Deliveries_failing_at_the_same_time_each_count()
    {
        Settings = Settings with { MaxAttempts = 1 };
        await using var receiver = new LoopbackReceiver(500);
        await PutAsync(receiver.Url());

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DeliverAsync()));

        var view = Json(await GetAsync());
        Assert.Equal(5, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.False(view.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_410_Gone_disables_at_once_without_retrying()
    {
        await using var receiver = new LoopbackReceiver(410);
        await PutAsync(receiver.Url());

        var report = await DeliverAsync();

        Assert.Equal(("failed", 1, true), (report.Outcome, report.Attempts, report.Disabled));
        Assert.Single(receiver.Requests);
        Assert.Empty(Delays);
        var view = Json(await GetAsync());
        Assert.False(view.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", view.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        LoopbackReceiver? receiver = null;
        receiver = new LoopbackReceiver(r => r.Path == "/hook"
            ? (302, new Dictionary<string, string> { ["Location"] = receiver!.Url("/elsewhere") })
            : (200, null));
        await using var _ = receiver;
        await PutAsync(receiver.Url());

        var report = await DeliverAsync();

        Assert.Equal(("failed", 302), (report.Outcome, report.HttpStatus));
        Assert.Equal(["/hook"], receiver.Requests.Select(r => r.Path));
        Assert.Contains("redirect", Json(await GetAsync()).GetProperty("lastDelivery").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_in_time_fails_as_timed_out()
    {
        Settings = Settings with { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        await using var receiver = new LoopbackReceiver(_ =>
        {
            Thread.Sleep(1500);
            return (200, null);
        });
        await PutAsync(receiver.Url());

        var report = await DeliverAsync();

        Assert.Equal(("failed", (int?)null), (report.Outcome, report.HttpStatus));
        Assert.Contains("no answer within 0.3 s", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invocations_time_bounds_the_retries()
    {
        Settings = Settings with { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8) };
        await using var receiver = new LoopbackReceiver(500);
        await PutAsync(receiver.Url());
        Context.RemainingTime = TimeSpan.FromSeconds(6);

        var report = await DeliverAsync();

        // Waits of 1 s and 2 s fit in the time left; the next (4 s) and an attempt after it do not.
        Assert.Equal(3, report.Attempts);
        Assert.Equal([1, 2], Delays.Select(d => d.TotalSeconds));
        Assert.Contains("no time left", report.Error, StringComparison.Ordinal);
        Assert.Equal("failed", Json(await GetAsync()).GetProperty("lastDelivery").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_host_that_resolves_to_a_refused_address_at_delivery_is_not_dialled()
    {
        // The name resolved to a public address when it was set, and to this machine when it is used (DNS rebinding).
        Settings = Settings with { AllowLoopback = false };
        await using var receiver = new LoopbackReceiver(200);
        Names["rebind.example.com"] = [IPAddress.Parse("93.184.216.34")];
        await PutAsync($"https://rebind.example.com:{receiver.Port}/hook");
        Names["rebind.example.com"] = [IPAddress.Loopback];

        var report = await DeliverAsync();

        Assert.Equal(("failed", 1), (report.Outcome, report.Attempts));
        Assert.Contains("refused", report.Error, StringComparison.Ordinal);
        Assert.Contains("loopback", report.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Without_a_webhook_or_with_a_disabled_one_nothing_is_sent()
    {
        Assert.Equal("no-webhook", (await DeliverAsync()).Outcome);
        Assert.Contains(Context.Logger.Entries, e => e.Message.Contains("no-webhook", StringComparison.Ordinal));

        await using var receiver = new LoopbackReceiver(200);
        await PutAsync(receiver.Url());
        Assert.Equal("no-webhook", (await DeliverAsync(Detail(Bob))).Outcome);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_store_failure_throws_so_that_Lambda_runs_the_event_again()
    {
        await using var receiver = new LoopbackReceiver(200);
        await PutAsync(receiver.Url());
        Store.FailWith = new IOException("DynamoDB is unreachable");

        await Assert.ThrowsAsync<IOException>(() => DeliverAsync());
    }

    [Fact]
    public async Task An_outcome_of_settings_replaced_meanwhile_is_dropped()
    {
        await using var receiver = new LoopbackReceiver(500);
        await PutAsync(receiver.Url());
        var webhook = (await Store.GetAsync(Alice, CancellationToken.None))!;
        await PutAsync(receiver.Url("/new"));
        var record = new WebhookDeliveryRecord(Clock.Now, "e1", InvoiceEvents.Completed, WebhookDeliveryStatus.Failed, 500, "HTTP 500", 5);

        var after = await Store.RecordDeliveryAsync(Alice, new WebhookDeliveryUpdate(webhook.Revision, record, true, 5, "gone"), CancellationToken.None);

        Assert.Null(after);
        Assert.True(Json(await GetAsync()).GetProperty("enabled").GetBoolean());
    }
}
