using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InvoiceScanner.LocalHost.Security;

/// <summary>
/// Dev identity provider: the issuer and audience the local JWT authorizer accepts, and tokens signed with the dev key.
/// The issuer uses the reserved ".localhost" name so it can never be mistaken for (or resolve to) a real provider.
/// </summary>
public static class DevTokens
{
    public const string Issuer = "https://issuer.invoicescanner.localhost/";
    public const string Audience = "invoicescanner-local";

    /// <summary>Cognito's claim listing the user's groups (an array in the token; API Gateway passes it on as "[a b]").</summary>
    public const string GroupsClaim = "cognito:groups";

    /// <summary>The Cognito group whose members may work the review queue and any user's invoice.</summary>
    public const string OperatorsGroup = "operators";

    /// <summary>
    /// The token `token`, the stack's tests and the web app's local sign-in hand out: <paramref name="userId"/> as `sub`,
    /// <paramref name="groups"/> (if any) in <see cref="GroupsClaim"/>.
    /// </summary>
    public static string ForUser(DevSigningKey key, string userId, TimeSpan lifetime, IReadOnlyCollection<string>? groups = null, DateTimeOffset? now = null) =>
        Create(key, userId, lifetime,
            groups is null || groups.Count == 0 ? null : new Dictionary<string, object> { [GroupsClaim] = groups.ToArray() }, now);

    /// <summary>A signed RS256 access token for <paramref name="userId"/> (the `sub` claim).</summary>
    public static string Create(
        DevSigningKey key,
        string userId,
        TimeSpan lifetime,
        IReadOnlyDictionary<string, object>? extraClaims = null,
        DateTimeOffset? now = null,
        string? audience = Audience,
        string issuer = Issuer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = userId,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["token_use"] = "access",
            ["scope"] = "invoices/read invoices/write",
        };
        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>())
            claims[name] = value;

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
        };
        // Times come from the descriptor only (`now` lets tests mint expired or not-yet-valid tokens).
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
