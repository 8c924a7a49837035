using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Triggers.Http;

/// <summary>The caller was not authenticated as far as the function can tell (401).</summary>
public sealed class UnauthenticatedException(string message) : Exception(message);

public static class ApiRequests
{
    /// <summary>
    /// The caller's user id: the JWT `sub` claim that the HTTP API authorizer verified. Never a header or body value.
    /// </summary>
    public static string RequireUserId(this APIGatewayHttpApiV2ProxyRequest request)
    {
        var sub = request.GetClaim("sub");
        if (string.IsNullOrEmpty(sub))
            throw new UnauthenticatedException("The request carries no verified identity (JWT `sub` claim).");
        if (!UserIds.IsValid(sub))
            throw new UnauthenticatedException("The token's `sub` claim is not a usable user id.");
        return sub;
    }

    /// <summary>The Cognito group whose members work the review queue across users.</summary>
    public const string OperatorsGroup = "operators";

    /// <summary>
    /// Who is calling: the verified `sub`, as an operator when the token's `cognito:groups` claim lists
    /// <see cref="OperatorsGroup"/> (API Gateway passes the list on as "[a b]"; a JSON array is read too).
    /// </summary>
    public static Actor RequireActor(this APIGatewayHttpApiV2ProxyRequest request)
    {
        var userId = request.RequireUserId();
        var groups = (request.GetClaim("cognito:groups") ?? "")
            .Split([' ', ',', '[', ']', '"'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return groups.Contains(OperatorsGroup, StringComparer.Ordinal) ? Actor.Operator(userId) : Actor.User(userId);
    }

    /// <summary>The {id} path parameter (the route template guarantees one).</summary>
    public static string InvoiceIdParameter(this APIGatewayHttpApiV2ProxyRequest request) =>
        request.GetPathParameter("id") ?? throw new RequestValidationException(ErrorCodes.ValidationFailed, "The path names no invoice.");

    /// <summary>The body as text (decoded when the event marks it base64); a base64 body that does not decode is a 400.</summary>
    public static string? ReadBodyText(this APIGatewayHttpApiV2ProxyRequest request)
    {
        try
        {
            return request.ReadBody();
        }
        catch (FormatException)
        {
            throw new RequestValidationException(ErrorCodes.BadRequest, "The body is marked base64 but does not decode.");
        }
    }

    /// <summary>Reads a JSON body; an empty body gives <paramref name="empty"/>; malformed JSON is a 400.</summary>
    public static T ReadJsonBody<T>(this APIGatewayHttpApiV2ProxyRequest request, JsonTypeInfo<T> type, T empty)
    {
        var body = request.ReadBodyText();
        if (string.IsNullOrWhiteSpace(body))
            return empty;
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? empty;
        }
        catch (JsonException e)
        {
            throw new RequestValidationException(ErrorCodes.BadRequest, InvalidJson.Message(e));
        }
    }
}
