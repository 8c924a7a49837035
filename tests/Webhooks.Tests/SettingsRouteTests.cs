using InvoiceScanner.Core.Invoices;

namespace Webhooks.Tests;

/// <summary>PUT, GET and DELETE /settings/webhook: the caller's own webhook, its view and its errors.</summary>
public class SettingsRouteTests : WebhookTestBed
{
    [Fact]
    public async Task Put_answers_the_view_without_the_secret_and_Get_shows_the_same()
    {
        var put = await PutAsync("https://hooks.example.com/invoices");

        Assert.Equal(200, put.StatusCode);
        var view = Json(put);
        Assert.Equal("https://hooks.example.com/invoices", view.GetProperty("url").GetString());
        Assert.True(view.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(Clock.Now, view.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("…cdef", view.GetProperty("secretHint").GetString());
        Assert.False(view.TryGetProperty("secret", out _));
        Assert.DoesNotContain(Secret, put.Body!, StringComparison.Ordinal);

        var get = await GetAsync();
        Assert.Equal(200, get.StatusCode);
        var shown = Json(get);
        foreach (var member in new[] { "url", "enabled", "createdAt", "updatedAt", "consecutiveFailures", "disabledAt", "disabledReason", "lastDelivery" })
            Assert.True(shown.TryGetProperty(member, out _), member);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, shown.GetProperty("lastDelivery").ValueKind);
        Assert.DoesNotContain(Secret, get.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_without_a_secret_generates_one_shown_in_that_answer_only()
    {
        var put = await PutAsync("https://hooks.example.com/invoices", secret: null);

        var secret = Json(put).GetProperty("secret").GetString()!;
        Assert.Equal(43, secret.Length); // 32 random bytes, base64url without padding
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        Assert.Equal(secret, (await Store.GetAsync(Alice, CancellationToken.None))!.Secret);
        var get = await GetAsync();
        Assert.False(Json(get).TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, get.Body!, StringComparison.Ordinal);
        Assert.Equal("…" + secret[^4..], Json(get).GetProperty("secretHint").GetString());
        Assert.DoesNotContain(Context.Logger.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal)
            || e.Properties.Any(p => p.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_second_put_replaces_the_url_and_secret_and_keeps_the_creation_time()
    {
        await PutAsync("https://hooks.example.com/first");
        var created = Clock.Now;
        Clock.Advance(TimeSpan.FromHours(1));

        var view = Json(await PutAsync("https://hooks.example.com/second", "another-secret-of-enough-length"));

        Assert.Equal("https://hooks.example.com/second", view.GetProperty("url").GetString());
        Assert.Equal(created, view.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(Clock.Now, view.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("another-secret-of-enough-length", (await Store.GetAsync(Alice, CancellationToken.None))!.Secret);
    }

    [Fact]
    public async Task Get_without_a_webhook_is_404_NOT_FOUND()
    {
        var get = await GetAsync();

        Assert.Equal(404, get.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, Json(get).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Delete_answers_204_whether_or_not_a_webhook_was_set()
    {
        await PutAsync("https://hooks.example.com/invoices");

        Assert.Equal(204, (await CallAsync(Request("DELETE"))).StatusCode);
        Assert.Equal(404, (await GetAsync()).StatusCode);
        Assert.Equal(204, (await CallAsync(Request("DELETE"))).StatusCode);
    }

    [Fact]
    public async Task Another_users_webhook_is_never_seen_nor_removed()
    {
        await PutAsync("https://hooks.example.com/alice");

        Assert.Equal(404, (await GetAsync(Bob)).StatusCode);
        Assert.Equal(204, (await CallAsync(Request("DELETE", sub: Bob))).StatusCode);
        await PutAsync("https://hooks.example.com/bob", sub: Bob);

        Assert.Equal("https://hooks.example.com/alice", Json(await GetAsync()).GetProperty("url").GetString());
        Assert.Equal("https://hooks.example.com/bob", Json(await GetAsync(Bob)).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Without_a_verified_user_the_routes_answer_401()
    {
        Assert.Equal(401, (await CallAsync(Request("GET", sub: null))).StatusCode);
        Assert.Equal(401, (await CallAsync(Request("PUT", """{"url":"https://hooks.example.com/"}""", sub: null))).StatusCode);
    }

    [Theory]
    [InlineData("""{"url":"https://hooks.example.com/","secret":"short"}""", "secret")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":12345678901234567890}""", "secret")]
    [InlineData("""{"secret":"a-secret-long-enough-1234"}""", "url")]
    [InlineData("""{"url":42}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/","colour":"blue"}""", "colour")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("", "body")]
    public async Task A_bad_body_is_400_VALIDATION_FAILED_naming_the_member(string body, string member)
    {
        var response = await CallAsync(Request("PUT", body));

        Assert.Equal(400, response.StatusCode);
        var error = Json(response).GetProperty("error");
        Assert.Equal(ErrorCodes.ValidationFailed, error.GetProperty("code").GetString());
        Assert.True(error.GetProperty("details").TryGetProperty(member, out _), response.Body);
        Assert.Equal(404, (await GetAsync()).StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_400_BAD_REQUEST()
    {
        var response = await CallAsync(Request("PUT", """{"url": """));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(ErrorCodes.BadRequest, Json(response).GetProperty("error").GetProperty("code").GetString());
        // Worded as on every route: where, in the client's terms, not the parser's.
        var message = Json(response).GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("The body is not valid JSON for this request (", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_of_exactly_the_bounds_is_taken()
    {
        Assert.Equal(200, (await PutAsync("https://hooks.example.com/", new string('s', 16))).StatusCode);
        Assert.Equal(200, (await PutAsync("https://hooks.example.com/", new string('s', 256))).StatusCode);
        Assert.Equal(400, (await PutAsync("https://hooks.example.com/", new string('s', 257))).StatusCode);
    }

    [Theory]
    [InlineData("http://hooks.example.com/", "https")]
    [InlineData("https://10.0.0.7/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://internal.example.com/hook", "private")]
    [InlineData("https://user:pw@hooks.example.com/", "user name")]
    [InlineData("https://localhost/hook", "this machine")]
    public async Task A_refused_url_is_400_WEBHOOK_URL_REFUSED_naming_why(string url, string why)
    {
        Settings = Settings with { AllowLoopback = false };
        Names["internal.example.com"] = [System.Net.IPAddress.Parse("10.1.2.3")];

        var response = await PutAsync(url);

        Assert.Equal(400, response.StatusCode);
        var error = Json(response).GetProperty("error");
        Assert.Equal(ErrorCodes.WebhookUrlRefused, error.GetProperty("code").GetString());
        Assert.Contains(why, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(why, error.GetProperty("details").GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_in_this_function_is_404()
    {
        var request = Request("POST");
        request.RouteKey = "POST /settings/webhook";

        Assert.Equal(404, (await CallAsync(request)).StatusCode);
    }
}
