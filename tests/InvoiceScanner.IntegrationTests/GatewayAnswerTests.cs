using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Api;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.Security;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// What the local gateway answers itself, in the product's error envelope with its own request id, and what it serves
/// besides the routes: the contract (/openapi.yaml, /docs) and the local part of /health.
/// </summary>
public sealed class GatewayAnswerTests(EchoStackFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The body is {"error":{"code","message","requestId"}} with the apigw-requestid, and no type names.</summary>
    public static async Task<JsonElement> AssertEnvelopeAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var error = Assert.Single(document.RootElement.EnumerateObject(), p => p.Name == "error").Value;
        Assert.Equal(["code", "message", "requestId"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), error.GetProperty("requestId").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        return error.Clone();
    }

    [Theory]
    [InlineData("DELETE", "/invoices", "POST, GET")]
    [InlineData("PUT", "/invoices/a", "GET, PATCH, DELETE")]
    [InlineData("POST", "/health", "GET")]
    [InlineData("PATCH", "/settings/webhook", "PUT, GET, DELETE")]
    public async Task A_known_path_with_another_method_is_405_with_Allow_before_authorization(string method, string path, string allow)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), fixture.ApiUrl + path);
        request.Headers.Add("x-test-marker", marker);

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        await AssertEnvelopeAsync(response, "METHOD_NOT_ALLOWED");
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(), r => r.PayloadText.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_over_10_MB_is_413_PAYLOAD_TOO_LARGE()
    {
        using var request = Authorized(HttpMethod.Post, "/invoices");
        request.Content = new ByteArrayContent(new byte[HttpApiGateway.MaxRequestBytes + 1]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertEnvelopeAsync(response, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task A_request_target_over_8192_bytes_is_414_URI_TOO_LONG_from_the_gateway_not_Kestrel()
    {
        const string path = "/invoices?q=";
        using var longest = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, path + new string('a', HttpApiGateway.MaxRequestTargetBytes - path.Length)), Cancellation);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);

        // No token: the length is checked before anything else.
        using var response = await fixture.Http.GetAsync(fixture.ApiUrl + path + new string('a', HttpApiGateway.MaxRequestTargetBytes), Cancellation);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await AssertEnvelopeAsync(response, "URI_TOO_LONG");
    }

    [Fact]
    public async Task The_spec_and_its_docs_page_are_served_without_a_token()
    {
        using var spec = await fixture.Http.GetAsync(fixture.ApiUrl + "/openapi.yaml", Cancellation);
        Assert.Equal(HttpStatusCode.OK, spec.StatusCode);
        Assert.Equal("application/yaml", spec.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(StackPaths.RepositoryRoot, "openapi.yaml"), Cancellation),
            await spec.Content.ReadAsStringAsync(Cancellation));

        using var docs = await fixture.Http.GetAsync(fixture.ApiUrl + "/docs", Cancellation);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        var html = await docs.Content.ReadAsStringAsync(Cancellation);
        foreach (var route in LocalFleet.Routes)
            Assert.Contains($"{route.Method}</span> <code>{WebUtility.HtmlEncode(route.PathTemplate)}</code>", html, StringComparison.Ordinal);
        foreach (var part in new[] { "Parameters", "Request body", "Responses", "RATE_LIMITED", "VERSION_MISMATCH", "InvoiceScanner-Signature", "schema-InvoiceView" })
            Assert.Contains(part, html, StringComparison.Ordinal);
        // Plain HTML: nothing to run and nothing fetched (the stack runs offline).
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_reaches_its_function_without_a_token_and_gains_the_local_stack_s_state()
    {
        using var response = await fixture.Http.GetAsync(fixture.ApiUrl + "/health", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(LocalFleet.GetInvoicesFunction, body.RootElement.GetProperty("function").GetString()); // the echo's answer, kept
        Assert.Equal("GET /health", body.RootElement.GetProperty("event").GetProperty("routeKey").GetString());
        var local = body.RootElement.GetProperty("local");
        Assert.Equal("up", local.GetProperty("dynamodb").GetString());
        Assert.Equal("up", local.GetProperty("s3").GetString());
        var functions = local.GetProperty("functions");
        Assert.Equal(LocalFleet.Functions.Select(f => f.LogicalId).Order(), functions.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(functions.EnumerateObject(), f => Assert.Equal("running", f.Value.GetString()));
    }

    [Fact]
    public async Task Past_a_route_s_burst_the_gateway_answers_429_RATE_LIMITED_with_Retry_After_until_tokens_refill()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var gateway = await StartGatewayAsync(
            new GatewaySettings { Throttle = new ApiThrottleSettings(BurstLimit: 2, RateLimit: 0.5), Clock = clock }, fixture.Stack.Functions);

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await fixture.Http.GetAsync(gateway.Url + "/health", Cancellation);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await fixture.Http.GetAsync(gateway.Url + "/health", Cancellation);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("2", refused.Headers.GetValues("Retry-After").Single()); // one token at 0.5 a second
        await AssertEnvelopeAsync(refused, "RATE_LIMITED");

        // Each route has its own bucket (the default route settings apply per route).
        using var other = await fixture.Http.GetAsync(gateway.Url + "/invoices", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        using var refilled = await fixture.Http.GetAsync(gateway.Url + "/health", Cancellation);
        Assert.Equal(HttpStatusCode.OK, refilled.StatusCode);
    }

    [Fact]
    public async Task A_function_that_is_not_running_is_500_and_health_reports_it_stopped()
    {
        var running = fixture.Stack.Functions.Where(f => f.Key != LocalFleet.WebhooksFunction).ToDictionary();
        // No emulator endpoints given: /health reports both stores down.
        await using var gateway = await StartGatewayAsync(new GatewaySettings(), running);

        using var webhook = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/settings/webhook", gateway.Url), Cancellation);
        Assert.Equal(HttpStatusCode.InternalServerError, webhook.StatusCode);
        await AssertEnvelopeAsync(webhook, "INTERNAL_ERROR");

        using var health = await fixture.Http.GetAsync(gateway.Url + "/health", Cancellation);
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Cancellation));
        var local = body.RootElement.GetProperty("local");
        Assert.Equal("down", local.GetProperty("dynamodb").GetString());
        Assert.Equal("down", local.GetProperty("s3").GetString());
        Assert.Equal("stopped", local.GetProperty("functions").GetProperty(LocalFleet.WebhooksFunction).GetString());
        Assert.Equal("running", local.GetProperty("functions").GetProperty(LocalFleet.GetInvoicesFunction).GetString());
    }

    [Fact]
    public async Task No_answer_within_the_integration_timeout_is_503_SERVICE_UNAVAILABLE()
    {
        await using var gateway = await StartGatewayAsync(new GatewaySettings { IntegrationTimeout = TimeSpan.FromSeconds(1) }, fixture.Stack.Functions);

        // The echo sleeps past the gateway's wait but within its own timeout (in a function no timing test watches).
        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/settings/webhook?mode=sleep&ms=2000", gateway.Url), Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await AssertEnvelopeAsync(response, "SERVICE_UNAVAILABLE");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("off", null, null)]
    [InlineData("template", 50, 25.0)]
    [InlineData("10, 2.5", 10, 2.5)]
    public void The_throttle_is_off_unless_asked_for(string? variable, int? burst, double? rate)
    {
        var settings = ApiThrottleSettings.Parse(variable);
        Assert.Equal(burst, settings?.BurstLimit);
        Assert.Equal(rate, settings?.RateLimit);
        Assert.Throws<ArgumentException>(() => ApiThrottleSettings.Parse("fast"));
    }

    /// <summary>A second gateway on the stack's functions, for settings the shared one does not have.</summary>
    private async Task<HttpApiGateway> StartGatewayAsync(GatewaySettings settings, IReadOnlyDictionary<string, FunctionRuntime> functions)
    {
        var authorizer = new JwtAuthorizer(fixture.Stack.SigningKey.SecurityKey, DevTokens.Issuer, [DevTokens.Audience]);
        var gateway = new HttpApiGateway(new RouteTable(LocalFleet.Routes), authorizer, functions, fixture.Stack.Log, settings);
        await gateway.StartAsync(0, Cancellation);
        return gateway;
    }

    private HttpRequestMessage Authorized(HttpMethod method, string pathAndQuery, string? apiUrl = null)
    {
        var request = new HttpRequestMessage(method, (apiUrl ?? fixture.ApiUrl) + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Stack.CreateToken("user-gateway"));
        return request;
    }
}
