using System.Net.Sockets;
using System.Text.Json.Nodes;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.Api;

/// <summary>
/// What GET /health adds locally: whether the emulators listen and which functions have a process. The function's own
/// answer cannot know this (it sees only its own process), so the gateway adds it as "local".
/// </summary>
public sealed class LocalHealth(Func<EmulatorEndpoints>? endpoints, IReadOnlyDictionary<string, FunctionRuntime> functions)
{
    public const string RouteKey = "GET /health";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The function's JSON object with "local" added; the body unchanged when it is not a JSON object.</summary>
    public async Task<string?> AugmentAsync(string? body, CancellationToken cancellationToken)
    {
        JsonObject? answer;
        try
        {
            answer = body is null ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            answer = null;
        }
        if (answer is null)
            return body;
        answer["local"] = await DescribeAsync(cancellationToken);
        return answer.ToJsonString();
    }

    public async Task<JsonObject> DescribeAsync(CancellationToken cancellationToken)
    {
        var current = endpoints?.Invoke();
        var dynamoDb = ProbeAsync(current?.DynamoDb, cancellationToken);
        var s3 = ProbeAsync(current?.S3, cancellationToken);
        var states = new JsonObject();
        foreach (var definition in LocalFleet.Functions)
        {
            var running = functions.TryGetValue(definition.LogicalId, out var function) && function.ProcessIds.Count > 0;
            states[definition.LogicalId] = running ? "running" : "stopped";
        }
        return new JsonObject
        {
            ["dynamodb"] = await dynamoDb ? "up" : "down",
            ["s3"] = await s3 ? "up" : "down",
            ["functions"] = states,
        };
    }

    /// <summary>Up when something accepts a connection on the endpoint's port within <see cref="ProbeTimeout"/>.</summary>
    private static async Task<bool> ProbeAsync(Uri? endpoint, CancellationToken cancellationToken)
    {
        if (endpoint is null)
            return false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
