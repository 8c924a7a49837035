using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;


namespace InvoiceScanner.TestSupport;

/// <summary>Reads the sample events in events/ (the same files `invoke` and `sam local invoke` use).</summary>
public static class Events
{
    public static T Load<T>(string name, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(SharedFolder.RepositoryRoot, "events", name)), type)
        ?? throw new InvalidDataException(name);

    public static APIGatewayHttpApiV2ProxyRequest Http(string name) => Load(name, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

    public static S3Event S3(string name) => Load(name, LambdaJsonContext.Default.S3Event);

    /// <summary>The same request as another user (the authorizer's verified `sub`).</summary>
    public static APIGatewayHttpApiV2ProxyRequest As(this APIGatewayHttpApiV2ProxyRequest request, string? sub)
    {
        var claims = request.RequestContext!.Authorizer!.Jwt!.Claims!;
        if (sub is null) claims.Remove("sub"); else claims["sub"] = sub;
        return request;
    }
}
