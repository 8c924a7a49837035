using System.Reflection;
using System.Text.Json.Serialization;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace GetInvoices;

/// <summary>GET /health's body: the function is up, which build answers, and its clock.</summary>
public sealed record HealthResponse(string Status, string Version, string Function, DateTimeOffset Time);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class HealthJsonContext : JsonSerializerContext;

/// <summary>
/// GET /health, the one route without a token (Auth NONE): it reads nothing of anyone's, so a load balancer or a
/// monitor can call it. Not cached, so every call shows the function answering now.
/// </summary>
public sealed class HealthEndpoint(TimeProvider clock, Func<string, string?>? environment = null)
{
    public const string RouteKey = "GET /health";
    public const string Path = "/health";
    public const string DefaultFunctionName = "GetInvoices";

    /// <summary>The build's informational version (the project version, with the commit where the build knows it).</summary>
    public static string Version { get; } =
        typeof(HealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public APIGatewayHttpApiV2ProxyResponse Answer()
    {
        var function = _environment("AWS_LAMBDA_FUNCTION_NAME") is { Length: > 0 } name ? name : DefaultFunctionName;
        return ApiResponses.Json(200, new HealthResponse("ok", Version, function, clock.GetUtcNow()), HealthJsonContext.Default.HealthResponse);
    }
}
