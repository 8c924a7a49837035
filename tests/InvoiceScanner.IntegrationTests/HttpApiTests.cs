using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Security;

namespace InvoiceScanner.IntegrationTests;

/// <summary>The HTTP API: routing, the payload 2.0 event the function receives, and the mapping of its response.</summary>
public sealed partial class HttpApiTests(EchoStackFixture fixture)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_GET_with_path_parameter_query_headers_cookies_and_claims_becomes_a_payload_2_0_event()
    {
        var token = DevTokens.Create(fixture.Stack.SigningKey, "user-42", TimeSpan.FromMinutes(5), new Dictionary<string, object>
        {
            ["email"] = "someone@example.com",
            ["cognito:groups"] = new[] { "admins", "staff" },
            ["age"] = 42,
            ["email_verified"] = true,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiUrl}/invoices/inv%2042?status=A&status=B&empty=&q=a+b%20c");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Custom-Header", "Value-1");
        request.Headers.Add("Cookie", "c1=v1; c2=v2");
        request.Headers.UserAgent.ParseAdd("integration-test/1.0");

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GetInvoicesFunction", response.Headers.GetValues("x-echo-function").Single());
        var received = await JwtAuthorizerTests.EchoedRequestAsync(response);
        Assert.Equal("2.0", received.Version);
        Assert.Equal("GET /invoices/{id}", received.RouteKey);
        Assert.Equal("/invoices/inv%2042", received.RawPath);
        Assert.Equal("status=A&status=B&empty=&q=a+b%20c", received.RawQueryString);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "A,B", ["empty"] = "", ["q"] = "a b c" }, received.QueryStringParameters);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "inv 42" }, received.PathParameters);
        Assert.Equal(["c1=v1", "c2=v2"], received.Cookies!);
        Assert.All(received.Headers!.Keys, name => Assert.Equal(name.ToLowerInvariant(), name));
        Assert.Equal("Value-1", received.Headers!["x-custom-header"]);
        Assert.False(received.Headers.ContainsKey("cookie"));
        Assert.Equal("127.0.0.1", received.Headers["x-forwarded-for"]);
        Assert.Null(received.Body);
        Assert.False(received.IsBase64Encoded);

        var context = received.RequestContext!;
        Assert.Equal("GET", context.Http!.Method);
        Assert.Equal("/invoices/inv%2042", context.Http.Path);
        Assert.Equal("HTTP/1.1", context.Http.Protocol);
        Assert.Equal("127.0.0.1", context.Http.SourceIp);
        Assert.Equal("integration-test/1.0", context.Http.UserAgent);
        Assert.Equal("$default", context.Stage);
        Assert.Equal("GET /invoices/{id}", context.RouteKey);
        Assert.Equal("123456789012", context.AccountId);
        Assert.False(string.IsNullOrEmpty(context.ApiId));
        Assert.Equal(new Uri(fixture.ApiUrl).Authority, context.DomainName);
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), context.RequestId);
        Assert.Matches(ClfTime(), context.Time);
        Assert.True(context.TimeEpoch > 1_600_000_000_000);

        var claims = context.Authorizer!.Jwt!.Claims!;
        Assert.Equal("user-42", claims["sub"]);
        Assert.Equal("someone@example.com", claims["email"]);
        Assert.Equal("[admins staff]", claims["cognito:groups"]);
        Assert.Equal("42", claims["age"]);
        Assert.Equal("true", claims["email_verified"]);
        Assert.Equal(DevTokens.Issuer, claims["iss"]);
        Assert.Equal(DevTokens.Audience, claims["aud"]);
        Assert.Equal(["invoices/read", "invoices/write"], context.Authorizer.Jwt.Scopes!);
    }

    [Fact]
    public async Task A_JSON_body_is_passed_as_text_to_the_route_s_function()
    {
        const string json = """{"fileName":"a b.pdf","contentType":"application/pdf"}""";
        using var request = Authorized(HttpMethod.Post, "/invoices");
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("UploadPresignFunction", response.Headers.GetValues("x-echo-function").Single());
        var received = await JwtAuthorizerTests.EchoedRequestAsync(response);
        Assert.Equal("POST /invoices", received.RouteKey);
        Assert.Equal(json, received.Body);
        Assert.False(received.IsBase64Encoded);
        Assert.Null(received.PathParameters);
        Assert.Null(received.QueryStringParameters);
        Assert.Equal("", received.RawQueryString);
    }

    [Fact]
    public async Task A_binary_body_is_base64_encoded()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var request = Authorized(HttpMethod.Post, "/invoices");
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        var received = await JwtAuthorizerTests.EchoedRequestAsync(response);
        Assert.True(received.IsBase64Encoded);
        Assert.Equal(bytes, Convert.FromBase64String(received.Body!));
        Assert.Equal(bytes, received.ReadBodyBytes());
    }

    [Fact]
    public async Task A_base64_response_with_cookies_is_decoded_to_bytes_and_Set_Cookie_headers()
    {
        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/invoices?mode=binary"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("binary", response.Headers.GetValues("x-echo").Single());
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task A_response_without_statusCode_is_inferred_as_200_JSON()
    {
        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/invoices?mode=raw"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task The_function_s_status_code_headers_and_body_are_returned()
    {
        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/invoices?mode=status&code=418"), Cancellation);

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("status 418", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task A_function_error_becomes_500_Internal_Server_Error()
    {
        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/invoices/x?mode=error"), Cancellation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, "INTERNAL_ERROR");
    }

    [Fact]
    public async Task A_function_timeout_becomes_500_and_the_function_gets_a_fresh_process()
    {
        var function = fixture.Stack.Functions[LocalFleet.GetInvoicesFunction];
        var startsBefore = function.ProcessStarts;
        var sleep = (int)(EchoStackFixture.FunctionTimeout.TotalMilliseconds * 3);

        using var response = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, $"/invoices?mode=sleep&ms={sleep}"), Cancellation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, "INTERNAL_ERROR");
        // The timed-out process is replaced; the next request is served normally.
        using var next = await fixture.Http.SendAsync(Authorized(HttpMethod.Get, "/invoices"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        // Another instance may have served that request (other tests share the function) before the restart is counted.
        var replaced = Task.Run(async () =>
        {
            while (function.ProcessStarts <= startsBefore)
                await Task.Delay(50, Cancellation);
        }, Cancellation);
        await replaced.WaitAsync(TimeSpan.FromSeconds(15), Cancellation);
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/invoices/a/b")]
    [InlineData("POST", "/invoices/a/b/c")]
    // "/" is the web app's page; its file's own name is no route.
    [InlineData("GET", "/index.html")]
    [InlineData("POST", "/")]
    public async Task Unknown_routes_get_404_before_authorization(string method, string path)
    {
        var marker = Guid.NewGuid().ToString("N");
        // No token: a 404 (not 401) shows routing happens first, as in API Gateway.
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{fixture.ApiUrl}{path}");
        request.Headers.Add("x-test-marker", marker);

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, "ROUTE_NOT_FOUND");
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(), r => r.PayloadText.Contains(marker, StringComparison.Ordinal));
    }

    private HttpRequestMessage Authorized(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, fixture.ApiUrl + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Stack.CreateToken("user-http"));
        return request;
    }

    [GeneratedRegex(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$")]
    private static partial Regex ClfTime();
}
