using System.Text.Json.Serialization;

namespace InvoiceScanner.CloudEngines.Bedrock;

/// <summary>Source-generated (AOT-safe) JSON for Bedrock Runtime: camelCase members, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConverseRequest))]
[JsonSerializable(typeof(ConverseResponse))]
public sealed partial class BedrockJsonContext : JsonSerializerContext;
