using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Api;
using InvoiceScanner.LocalHost.Security;
using InvoiceScanner.LocalHost.Web;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// How the local gateway serves the web app ahead of the route table and without a token: the page with its security
/// headers, the app's files (and nothing beside them), its configuration, and the local sign-in, whose token the
/// gateway's own JWT check accepts. A gateway of its own on the echo stack's functions serves a web folder made here.
/// </summary>
public sealed class WebAppServingTests(EchoStackFixture fixture) : IAsyncLifetime
{
    private const string IndexHtml = """<!doctype html><html><head><script type="module" src="/app/main.js"></script></head><body></body></html>""";
    private const string MainJs = "export const answer = 42;\n";

    private readonly string _webRoot = Directory.CreateTempSubdirectory("invoicescanner-web-").FullName;
    private HttpApiGateway _gateway = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "app"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), IndexHtml, Cancellation);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "app", "main.js"), MainJs, Cancellation);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "app", "styles.css"), "body { margin: 0; }\n", Cancellation);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "secret.txt"), "not for the web", Cancellation);
        var authorizer = new JwtAuthorizer(fixture.Stack.SigningKey.SecurityKey, DevTokens.Issuer, [DevTokens.Audience]);
        _gateway = new HttpApiGateway(new RouteTable(LocalFleet.Routes), authorizer, fixture.Stack.Functions, fixture.Stack.Log,
            new GatewaySettings { WebApp = new WebAppSettings(_webRoot, fixture.Stack.SigningKey) });
        await _gateway.StartAsync(0, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Fact]
    public async Task The_page_is_served_without_a_token_with_its_security_headers()
    {
        using var response = await fixture.Http.GetAsync(_gateway.Url + "/", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(WebAppPages.ContentSecurityPolicy, response.Headers.GetValues("content-security-policy").Single());
        Assert.Contains("script-src 'self'", WebAppPages.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", WebAppPages.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("x-content-type-options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("referrer-policy").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/app/main.js", "text/javascript", MainJs)]
    [InlineData("/app/styles.css", "text/css", "body { margin: 0; }\n")]
    public async Task A_file_of_the_app_is_served_with_its_type(string path, string mediaType, string content)
    {
        using var response = await fixture.Http.GetAsync(_gateway.Url + path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("nosniff", response.Headers.GetValues("x-content-type-options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/app/..%2Fsecret.txt")]
    [InlineData("/app/..%2fsecret.txt")]
    [InlineData("/app/%2e%2e/secret.txt")]
    [InlineData("/app/..")]
    [InlineData("/app/.")]
    [InlineData("/app/sub/main.js")]
    [InlineData("/app/missing.js")]
    [InlineData("/app/")]
    [InlineData("/app/ma%69n.js")]
    [InlineData("/app/.hidden.js")]
    [InlineData("/app/secret.txt")]
    public async Task Anything_but_a_file_directly_inside_app_is_404_in_the_envelope(string path)
    {
        // Sent as written: no client-side normalisation of dots or escapes.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.Url + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("not for the web", body, StringComparison.Ordinal);
        var error = await GatewayAnswerTests.AssertEnvelopeAsync(response, "NOT_FOUND");
        Assert.DoesNotContain(_webRoot, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configuration_names_the_same_origin_and_the_local_sign_in()
    {
        using var response = await fixture.Http.GetAsync(_gateway.Url + "/config.json", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("", body.RootElement.GetProperty("apiUrl").GetString());
        Assert.Equal("local", body.RootElement.GetProperty("auth").GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_local_sign_in_issues_a_token_the_gateway_accepts_on_an_api_route(bool isOperator)
    {
        using var signIn = await PostSignInAsync($$"""{"user":"web-person","operator":{{(isOperator ? "true" : "false")}}}""");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var body = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync(Cancellation));
        var token = body.RootElement.GetProperty("token").GetString()!;
        var expiresAt = DateTimeOffset.Parse(body.RootElement.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddDays(1));

        // The echo function shows the claims the authorizer passed on.
        using var request = new HttpRequestMessage(HttpMethod.Get, _gateway.Url + "/invoices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await fixture.Http.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var received = await JwtAuthorizerTests.EchoedRequestAsync(answer);
        Assert.Equal("web-person", received.GetClaim("sub"));
        Assert.Equal(DevTokens.Issuer, received.GetClaim("iss"));
        Assert.Equal(isOperator ? "[operators]" : null, received.GetClaim(DevTokens.GroupsClaim));

        using var withoutToken = await fixture.Http.GetAsync(_gateway.Url + "/invoices", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
    }

    [Theory]
    [InlineData("not json", "BAD_REQUEST")]
    [InlineData("[]", "BAD_REQUEST")]
    [InlineData("""{"user":"web-person","operator":"yes"}""", "BAD_REQUEST")]
    [InlineData("{}", "VALIDATION_FAILED")]
    [InlineData("""{"user":""}""", "VALIDATION_FAILED")]
    [InlineData("""{"user":"   "}""", "VALIDATION_FAILED")]
    [InlineData("""{"user":"a/b"}""", "VALIDATION_FAILED")]
    [InlineData("""{"user":"<script>"}""", "VALIDATION_FAILED")]
    [InlineData("""{"user":"alice\n"}""", "VALIDATION_FAILED")]
    [InlineData("""{"user":42}""", "VALIDATION_FAILED")]
    public async Task A_bad_sign_in_is_400_in_the_envelope(string json, string code)
    {
        using var response = await PostSignInAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, code);
    }

    [Fact]
    public async Task A_user_name_over_64_characters_is_refused()
    {
        using var response = await PostSignInAsync($$"""{"user":"{{new string('a', 65)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task The_stack_s_own_gateway_serves_the_repository_s_web_folder()
    {
        using var config = await fixture.Http.GetAsync(fixture.ApiUrl + "/config.json", Cancellation);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);

        if (!File.Exists(Path.Combine(StackPaths.RepositoryRoot, "web", "index.html")))
            Assert.Skip("web/index.html is missing in this checkout.");
        using var page = await fixture.Http.GetAsync(fixture.ApiUrl + "/", Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebAppPages.ContentSecurityPolicy, page.Headers.GetValues("content-security-policy").Single());
    }

    private Task<HttpResponseMessage> PostSignInAsync(string json) =>
        fixture.Http.PostAsync(_gateway.Url + "/local/sign-in", new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);
}
