using System.Text.Json.Serialization;
using InvoiceScanner.LocalHost.Security;

namespace InvoiceScanner.LocalHost;

/// <summary>One line emulators.js prints on stdout (<see cref="Id"/> echoes the command a reply answers).</summary>
public sealed record EmulatorsLine(
    string Event, int? Pid, EmulatorsEndpoint? S3, EmulatorsEndpoint? Dynamodb, string? Message, string? Service = null, string? Id = null);

/// <summary>One line written to emulators.js's stdin (local/outages.js).</summary>
public sealed record EmulatorsCommand(string Command, string Service, long DownMs, string Id);

public sealed record EmulatorsEndpoint(string Endpoint, int Port, int? Pid);

/// <summary>
/// What `up --ready-file` writes and GET /status on the control port returns. <see cref="FakeAwsEndpoint"/> is the fake
/// Textract/Bedrock endpoint when a cloud engine is chosen. <see cref="FunctionPids"/> holds each function's first
/// instance; up to <see cref="FunctionInstances"/> run per function when invocations overlap.
/// </summary>
public sealed record StackStatus(
    string? ApiUrl,
    string S3Endpoint,
    string DynamoDbEndpoint,
    string ControlUrl,
    string BucketName,
    string TableName,
    int HostPid,
    int? EmulatorsPid,
    int? DynamoDbPid,
    IReadOnlyDictionary<string, int?> FunctionPids,
    string OcrEngine = "Local",
    string Structuring = "Rules",
    string? FakeAwsEndpoint = null,
    int FunctionInstances = 1);

public sealed record JsonWebKeySet(IReadOnlyList<PublicJsonWebKey> Keys);

public sealed record PublicJsonWebKey(string Kty, string Kid, string Use, string Alg, string N, string E);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    WriteIndented = false)]
[JsonSerializable(typeof(EmulatorsLine))]
[JsonSerializable(typeof(EmulatorsCommand))]
[JsonSerializable(typeof(StackStatus))]
[JsonSerializable(typeof(DevSigningKeyFile))]
[JsonSerializable(typeof(JsonWebKeySet))]
public sealed partial class LocalJsonContext : JsonSerializerContext;
