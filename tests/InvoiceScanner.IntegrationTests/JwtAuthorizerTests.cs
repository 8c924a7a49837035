using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Hosting;
using InvoiceScanner.LocalHost.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InvoiceScanner.IntegrationTests;

/// <summary>The HTTP API's JWT authorizer: bad tokens get 401 UNAUTHORIZED and never reach a function.</summary>
public sealed class JwtAuthorizerTests(EchoStackFixture fixture)
{
    private static readonly DevSigningKey OtherKey = DevSigningKey.CreateEphemeral();

    public static TheoryData<string> RejectedTokens => new(
        "missing",
        "expired",
        "not-yet-valid",
        "wrong-audience",
        "wrong-issuer",
        "signed-by-another-key",
        "tampered-payload",
        "hs256",
        "unsigned",
        "no-expiry",
        "garbage");

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Rejected_tokens_get_401_and_never_reach_a_function(string kind)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiUrl}/invoices?marker={marker}");
        request.Headers.Add("x-test-marker", marker);
        if (Token(kind) is { } token)
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await GatewayAnswerTests.AssertEnvelopeAsync(response, "UNAUTHORIZED");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        // The 401 is decided before any invocation is queued, so the journal is final here.
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(), r => r.PayloadText.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("")]
    public async Task A_valid_token_reaches_the_function_with_or_without_the_Bearer_prefix(string prefix)
    {
        var token = fixture.Stack.CreateToken("user-valid");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiUrl}/invoices");
        request.Headers.TryAddWithoutValidation("Authorization", prefix + token);

        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await EchoedRequestAsync(response);
        Assert.Equal("user-valid", received.GetClaim("sub"));
    }

    [Fact]
    public async Task A_token_with_client_id_instead_of_aud_is_accepted_like_a_Cognito_access_token()
    {
        var token = DevTokens.Create(fixture.Stack.SigningKey, "user-cognito", TimeSpan.FromMinutes(5),
            new Dictionary<string, object> { ["client_id"] = DevTokens.Audience }, audience: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiUrl}/invoices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DevTokens.Audience, (await EchoedRequestAsync(response)).GetClaim("client_id"));
    }

    private string? Token(string kind)
    {
        var key = fixture.Stack.SigningKey;
        var now = DateTimeOffset.UtcNow;
        switch (kind)
        {
            case "missing":
                return null;
            case "expired":
                return DevTokens.Create(key, "u1", TimeSpan.FromMinutes(5), now: now.AddHours(-1));
            case "not-yet-valid":
                return DevTokens.Create(key, "u1", TimeSpan.FromMinutes(5), now: now.AddMinutes(10));
            case "wrong-audience":
                return DevTokens.Create(key, "u1", TimeSpan.FromMinutes(5), audience: "some-other-api");
            case "wrong-issuer":
                return DevTokens.Create(key, "u1", TimeSpan.FromMinutes(5), issuer: "https://issuer.elsewhere.localhost/");
            case "signed-by-another-key":
                return DevTokens.Create(OtherKey, "u1", TimeSpan.FromMinutes(5));
            case "tampered-payload":
                {
                    // A valid token whose payload now claims another user: the signature no longer matches.
                    var parts = DevTokens.Create(key, "u1", TimeSpan.FromMinutes(5)).Split('.');
                    var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"u1\"", "\"admin\"", StringComparison.Ordinal);
                    return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
                }
            case "hs256":
                return Create(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))), SecurityAlgorithms.HmacSha256), now, expires: true);
            case "unsigned":
                return Create(null, now, expires: true);
            case "no-expiry":
                return Create(new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256), now, expires: false);
            case "garbage":
                return "not-a-jwt";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static string Create(SigningCredentials? credentials, DateTimeOffset now, bool expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevTokens.Issuer,
            Audience = DevTokens.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires ? now.UtcDateTime.AddMinutes(5) : null,
            Claims = new Dictionary<string, object> { ["sub"] = "u1" },
            SigningCredentials = credentials,
        });

    internal static async Task<InvoiceScanner.Hosting.Events.APIGatewayHttpApiV2ProxyRequest> EchoedRequestAsync(HttpResponseMessage response)
    {
        using var echoed = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return echoed.RootElement.GetProperty("event").Deserialize(LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;
    }
}
