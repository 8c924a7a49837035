using InvoiceScanner.CloudEngines.Aws;

namespace InvoiceScanner.CloudEngines.Bedrock;

/// <summary>Amazon Bedrock Runtime Converse over restJson1: POST /model/{modelId}/converse, SigV4 service "bedrock".</summary>
public sealed class BedrockRuntimeClient
{
    public const string SigningName = "bedrock";
    public const string EndpointVariable = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";

    private readonly AwsJsonTransport _transport;

    public BedrockRuntimeClient(AwsClientOptions options, HttpClient? httpClient = null)
    {
        _transport = new AwsJsonTransport(SigningName, options.ServiceUrl ?? AwsClientOptions.DefaultEndpoint("bedrock-runtime", options.Region),
            options, httpClient);
    }

    /// <summary>Region and endpoint from AWS_REGION / AWS_ENDPOINT_URL_BEDROCK_RUNTIME / AWS_ENDPOINT_URL; default credential chain.</summary>
    public static BedrockRuntimeClient FromEnvironment(HttpClient? httpClient = null, Func<string, string?>? read = null) =>
        new(AwsClientOptions.FromEnvironment(EndpointVariable, read), httpClient);

    public Uri Endpoint => _transport.Endpoint;

    /// <param name="modelId">A model id, inference profile id or ARN (URL-encoded into the path, e.g. ':' → %3A).</param>
    public Task<ConverseResponse> ConverseAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentNullException.ThrowIfNull(request);
        var operation = new AwsJsonOperation("Converse", "/model/{modelId}/converse", "application/json",
            PathResources: new Dictionary<string, string> { ["{modelId}"] = modelId });
        return _transport.SendAsync(operation, request, BedrockJsonContext.Default.ConverseRequest, BedrockJsonContext.Default.ConverseResponse, cancellationToken);
    }
}
