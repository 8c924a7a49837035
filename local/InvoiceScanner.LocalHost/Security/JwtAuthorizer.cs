using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InvoiceScanner.LocalHost.Security;

/// <summary>A caller the authorizer let through: claims flattened to strings as API Gateway passes them on, and scopes.</summary>
public sealed record AuthorizedCaller(IReadOnlyDictionary<string, string> Claims, IReadOnlyList<string>? Scopes);

/// <summary>Outcome of checking one request: a caller, or the reason it was turned away (for the www-authenticate header).</summary>
public sealed record AuthorizationResult(AuthorizedCaller? Caller, string? Error)
{
    public bool IsAuthorized => Caller is not null;
}

/// <summary>
/// Does what an HTTP API JWT authorizer does with identity source $request.header.Authorization: the token (with or
/// without "Bearer ") must be an RS256 JWT signed by a trusted key, from the configured issuer, for one of the
/// audiences (`aud`, or `client_id` when there is no `aud`), with `exp` in the future and `nbf` (if any) in the past.
/// </summary>
public sealed class JwtAuthorizer(SecurityKey signingKey, string issuer, IReadOnlyCollection<string> audiences)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AuthorizationResult> AuthorizeAsync(string? authorizationHeader)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
            return new(null, "missing token");
        var token = authorizationHeader.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = token["Bearer ".Length..].Trim();
        if (!_handler.CanReadToken(token))
            return new(null, "token is not a valid JWT");

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = signingKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidIssuer = issuer,
            ValidateIssuer = true,
            ValidateAudience = false, // checked below: API Gateway also accepts client_id
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        });
        if (!result.IsValid)
            return new(null, Describe(result.Exception));

        var jwt = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        if (!HasValidAudience(payload.RootElement))
            return new(null, "invalid audience");
        return new(new AuthorizedCaller(FlattenClaims(payload.RootElement), ScopesOf(payload.RootElement)), null);
    }

    private bool HasValidAudience(JsonElement payload)
    {
        if (payload.TryGetProperty("aud", out var aud))
        {
            return aud.ValueKind switch
            {
                JsonValueKind.String => audiences.Contains(aud.GetString()!),
                JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && audiences.Contains(a.GetString()!)),
                _ => false,
            };
        }
        return payload.TryGetProperty("client_id", out var clientId)
            && clientId.ValueKind == JsonValueKind.String
            && audiences.Contains(clientId.GetString()!);
    }

    /// <summary>API Gateway hands claims on as strings: numbers and booleans as text, arrays as "[a b c]", objects as JSON.</summary>
    public static IReadOnlyDictionary<string, string> FlattenClaims(JsonElement payload)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null)
                claims[property.Name] = Flatten(property.Value);
        }
        return claims;
    }

    private static string Flatten(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(Flatten)) + "]",
        _ => value.GetRawText(),
    };

    private static IReadOnlyList<string>? ScopesOf(JsonElement payload)
    {
        foreach (var name in new[] { "scope", "scp" })
        {
            if (!payload.TryGetProperty(name, out var value))
                continue;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (value.ValueKind == JsonValueKind.Array)
                return [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];
        }
        return null;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry",
        SecurityTokenInvalidIssuerException => "invalid issuer",
        SecurityTokenInvalidAlgorithmException => "signing method is invalid",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenMalformedException => "token is malformed",
        null => "invalid token",
        // What failed, never how the code is built: a 401 names no exception type.
        _ => "invalid token",
    };

    /// <summary>The challenge header API Gateway sends with a 401.</summary>
    public static string Challenge(string error) =>
        new StringBuilder("Bearer scope=\"\" error=\"invalid_token\" error_description=\"").Append(error.Replace("\"", "'", StringComparison.Ordinal)).Append('"').ToString();
}
