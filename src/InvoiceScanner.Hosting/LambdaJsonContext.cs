using System.Text.Json;
using System.Text.Json.Serialization;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Hosting;

/// <summary>
/// Source-generated (AOT-safe) JSON metadata for the event records and the Runtime API error body.
/// camelCase by default with irregular wire names pinned on the types; nulls omitted when writing;
/// unknown members ignored and member names matched case-insensitively when reading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(SNSEvent))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(RuntimeErrorBody))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class LambdaJsonContext : JsonSerializerContext
{
}
