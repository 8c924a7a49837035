using System.Text;
using System.Text.Json;

namespace InvoiceScanner.FakeAws;

/// <summary>A request as the fake received it (after its signature was checked or refused).</summary>
public sealed record FakeAwsRequest(
    string Service,
    string Operation,
    string? ModelId,
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The JSON body's root (a clone, safe to keep).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>What the fake answers.</summary>
public sealed record FakeAwsResponse(int StatusCode, string Body, string ContentType)
{
    public const string AwsJsonContentType = "application/x-amz-json-1.1";
    public const string RestJsonContentType = "application/json";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FakeAwsResponse Json(string body, int statusCode = 200, string contentType = AwsJsonContentType) => new(statusCode, body, contentType);

    /// <summary>awsJson1_1 error: type in the x-amzn-ErrorType header and the body {"__type": type, "Message": message}.</summary>
    public static FakeAwsResponse AwsJsonError(int statusCode, string errorType, string message) =>
        new(statusCode, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = errorType, ["Message"] = message }), AwsJsonContentType)
        {
            Headers = new Dictionary<string, string> { ["x-amzn-ErrorType"] = errorType },
        };

    /// <summary>restJson1 error: type in the x-amzn-ErrorType header, body {"message": message}.</summary>
    public static FakeAwsResponse RestJsonError(int statusCode, string errorType, string message) =>
        new(statusCode, JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }), RestJsonContentType)
        {
            Headers = new Dictionary<string, string> { ["x-amzn-ErrorType"] = $"{errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/" },
        };

    /// <summary>
    /// A recorded error envelope {"status", "headers", "body_raw" | "body"} (as in fixtures/*/errors): status, body and
    /// the content-type, request-id and error-type headers are replayed; transport headers are not.
    /// </summary>
    public static FakeAwsResponse FromEnvelope(string envelopeJson)
    {
        using var document = JsonDocument.Parse(envelopeJson);
        var root = document.RootElement;
        var status = root.GetProperty("status").GetInt32();
        var body = root.TryGetProperty("body_raw", out var raw) ? raw.GetString()! : root.GetProperty("body").GetRawText();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var contentType = RestJsonContentType;
        if (root.TryGetProperty("headers", out var recorded))
        {
            foreach (var header in recorded.EnumerateObject())
            {
                if (header.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                    contentType = header.Value.GetString()!;
                else if (header.Name.Equals("x-amzn-requestid", StringComparison.OrdinalIgnoreCase)
                    || header.Name.Equals("x-amzn-errortype", StringComparison.OrdinalIgnoreCase))
                    headers[header.Name] = header.Value.GetString()!;
            }
        }
        return new FakeAwsResponse(status, body, contentType) { Headers = headers };
    }
}

public delegate FakeAwsResponse FakeAwsHandler(FakeAwsRequest request);

/// <summary>A handler that needs I/O; returning null passes the request on (to fixtures, then the emulators).</summary>
public delegate Task<FakeAwsResponse?> FakeAwsAsyncHandler(FakeAwsRequest request, CancellationToken cancellationToken);

/// <summary>
/// Which handler answers which operation: Textract operations by X-Amz-Target name, Bedrock Converse by model id
/// ("*" for any). A scripted sequence answers in order and then repeats its last response. Scripted routes win over
/// recorded fixtures and the emulators.
/// </summary>
public sealed class FakeRouteTable
{
    private readonly Dictionary<string, FakeAwsAsyncHandler> _routes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FakeRouteTable Textract(string operation, FakeAwsHandler handler) => Add($"textract:{operation}", Wrap(handler));

    public FakeRouteTable Textract(string operation, FakeAwsAsyncHandler handler) => Add($"textract:{operation}", handler);

    public FakeRouteTable Textract(string operation, params FakeAwsResponse[] sequence) => Add($"textract:{operation}", Wrap(Sequence(sequence)));

    public FakeRouteTable BedrockConverse(string modelId, FakeAwsHandler handler) => Add($"bedrock:Converse:{modelId}", Wrap(handler));

    public FakeRouteTable BedrockConverse(string modelId, FakeAwsAsyncHandler handler) => Add($"bedrock:Converse:{modelId}", handler);

    public FakeRouteTable BedrockConverse(string modelId, params FakeAwsResponse[] sequence) => Add($"bedrock:Converse:{modelId}", Wrap(Sequence(sequence)));

    /// <summary>Scripts an EventBridge operation (e.g. "PutEvents"): a handler sees the request, null passes it on to the bus.</summary>
    public FakeRouteTable EventBridge(string operation, FakeAwsAsyncHandler handler) => Add($"events:{operation}", handler);

    public FakeRouteTable EventBridge(string operation, params FakeAwsResponse[] sequence) => Add($"events:{operation}", Wrap(Sequence(sequence)));

    /// <summary>Forgets the scripted route of a Textract operation (the fixtures/emulator answer it again).</summary>
    public FakeRouteTable RemoveTextract(string operation) => Remove($"textract:{operation}");

    public FakeRouteTable RemoveBedrockConverse(string modelId) => Remove($"bedrock:Converse:{modelId}");

    internal FakeAwsAsyncHandler? Find(FakeAwsRequest request)
    {
        lock (_gate)
        {
            if (request.Service is "textract" or "events")
                return _routes.GetValueOrDefault($"{request.Service}:{request.Operation}");
            return _routes.GetValueOrDefault($"bedrock:{request.Operation}:{request.ModelId}")
                ?? _routes.GetValueOrDefault($"bedrock:{request.Operation}:*");
        }
    }

    private FakeRouteTable Add(string key, FakeAwsAsyncHandler handler)
    {
        lock (_gate)
            _routes[key] = handler;
        return this;
    }

    private FakeRouteTable Remove(string key)
    {
        lock (_gate)
            _routes.Remove(key);
        return this;
    }

    private static FakeAwsAsyncHandler Wrap(FakeAwsHandler handler) => (request, _) => Task.FromResult<FakeAwsResponse?>(handler(request));

    private static FakeAwsHandler Sequence(FakeAwsResponse[] responses)
    {
        if (responses.Length == 0)
            throw new ArgumentException("A sequence needs at least one response.", nameof(responses));
        var next = -1;
        return _ => responses[Math.Min(Interlocked.Increment(ref next), responses.Length - 1)];
    }
}
