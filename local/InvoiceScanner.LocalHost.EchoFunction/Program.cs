using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

// A custom-runtime Lambda function that speaks the Runtime API by hand (no hosting library), so the local stack's
// tests exercise the emulator rather than a particular client. Behaviour is chosen by the event:
//   HTTP API events: ?mode=echo (default: the whole event back as JSON) | error | crash | sleep&ms=N | binary | raw | status&code=N
//   S3 events: keys containing "fail-always" report an error; "crash" exits; otherwise the decoded keys are returned.
//   Other events: {"action":"echo"|"error"|"crash"|"sleep","ms":N|"env"|"wait","file":PATH}; "wait" answers once
//   PATH exists (at most 60 s), so tests hold invocations in flight for as long as they need, independent of timing.
// ECHO_INIT_FAIL=1 makes init fail (POST /init/error, exit 1).

var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set");
var functionName = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "echo";
var baseUri = new Uri($"http://{api}/2018-06-01/runtime/");
using var http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };

if (Environment.GetEnvironmentVariable("ECHO_INIT_FAIL") == "1")
{
    await PostJsonAsync("init/error", new JsonObject { ["errorMessage"] = "echo init failed on purpose", ["errorType"] = "EchoInitError", ["stackTrace"] = new JsonArray() }, "EchoInitError");
    return 1;
}
Console.WriteLine($"echo: {functionName} ready (pid {Environment.ProcessId})");

while (true)
{
    HttpResponseMessage next;
    try
    {
        next = await http.GetAsync("invocation/next");
        next.EnsureSuccessStatusCode();
    }
    catch (HttpRequestException ex)
    {
        Console.Error.WriteLine($"echo: Runtime API unreachable: {ex.Message}");
        return 2;
    }
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single();
    var deadlineMs = next.Headers.GetValues("Lambda-Runtime-Deadline-Ms").Single();
    var traceId = next.Headers.TryGetValues("Lambda-Runtime-Trace-Id", out var traces) ? traces.Single() : null;
    var arn = next.Headers.TryGetValues("Lambda-Runtime-Invoked-Function-Arn", out var arns) ? arns.Single() : null;
    var eventText = await next.Content.ReadAsStringAsync();
    Console.WriteLine($"echo: handling {requestId}");
    Console.Error.WriteLine($"echo: stderr line for {requestId}");

    var input = JsonNode.Parse(eventText);
    var context = new JsonObject
    {
        ["function"] = functionName,
        ["requestId"] = requestId,
        ["deadlineMs"] = long.Parse(deadlineMs, CultureInfo.InvariantCulture),
        ["traceId"] = traceId,
        ["functionArn"] = arn,
        ["pid"] = Environment.ProcessId,
    };

    if (input is JsonObject { } obj && obj["requestContext"] is not null && obj["routeKey"] is not null)
        await HandleHttpAsync(obj, context, requestId);
    else if (input is JsonObject { } s3 && s3["Records"] is JsonArray records)
        await HandleS3Async(records, context, requestId);
    else
        await HandleDirectAsync(input, context, requestId);
}

async Task HandleHttpAsync(JsonObject request, JsonObject context, string requestId)
{
    var query = request["queryStringParameters"] as JsonObject;
    var mode = query?["mode"]?.GetValue<string>() ?? "echo";
    switch (mode)
    {
        case "error":
            await ReportErrorAsync(requestId, "EchoError", "failed on purpose");
            return;
        case "crash":
            Environment.Exit(3);
            return;
        case "sleep":
            await Task.Delay(int.Parse(query!["ms"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            break;
        case "binary":
            await RespondAsync(requestId, new JsonObject
            {
                ["statusCode"] = 200,
                ["headers"] = new JsonObject { ["content-type"] = "application/octet-stream", ["x-echo"] = "binary" },
                ["cookies"] = new JsonArray("a=1; Path=/", "b=2; HttpOnly"),
                ["body"] = Convert.ToBase64String(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()),
                ["isBase64Encoded"] = true,
            });
            return;
        case "raw":
            // Not a structured response: API Gateway infers 200 + application/json.
            await RespondAsync(requestId, new JsonObject { ["hello"] = "world" });
            return;
        case "status":
            await RespondAsync(requestId, new JsonObject
            {
                ["statusCode"] = int.Parse(query!["code"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                ["headers"] = new JsonObject { ["content-type"] = "text/plain" },
                ["body"] = "status " + query!["code"]!.GetValue<string>(),
            });
            return;
    }
    context["event"] = request.DeepClone();
    await RespondAsync(requestId, new JsonObject
    {
        ["statusCode"] = 200,
        ["headers"] = new JsonObject { ["content-type"] = "application/json", ["x-echo-function"] = functionName },
        ["body"] = context.ToJsonString(),
        ["isBase64Encoded"] = false,
    });
}

async Task HandleS3Async(JsonArray records, JsonObject context, string requestId)
{
    var keys = new JsonArray();
    foreach (var record in records)
    {
        var key = record?["s3"]?["object"]?["key"]?.GetValue<string>() ?? "";
        keys.Add(key);
        if (key.Contains("fail-always", StringComparison.Ordinal))
        {
            await ReportErrorAsync(requestId, "EchoError", $"cannot process {key}");
            return;
        }
        if (key.Contains("crash", StringComparison.Ordinal))
            Environment.Exit(4);
    }
    context["keys"] = keys;
    await RespondAsync(requestId, context);
}

async Task HandleDirectAsync(JsonNode? input, JsonObject context, string requestId)
{
    var action = (input as JsonObject)?["action"]?.GetValue<string>() ?? "echo";
    switch (action)
    {
        case "error":
            await ReportErrorAsync(requestId, "EchoError", "failed on purpose");
            return;
        case "crash":
            Environment.Exit(3);
            return;
        case "sleep":
            await Task.Delay(input!["ms"]!.GetValue<int>());
            break;
        case "wait":
            var file = input!["file"]!.GetValue<string>();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(file) && waited.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(20);
            context["released"] = File.Exists(file);
            break;
        case "env":
            var variables = new JsonObject();
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal))
                variables[name] = Environment.GetEnvironmentVariable(name);
            context["environment"] = variables;
            break;
    }
    context["event"] = input?.DeepClone();
    await RespondAsync(requestId, context);
}

Task RespondAsync(string requestId, JsonNode response) => PostJsonAsync($"invocation/{requestId}/response", response, null);

Task ReportErrorAsync(string requestId, string errorType, string message) =>
    PostJsonAsync($"invocation/{requestId}/error",
        new JsonObject { ["errorMessage"] = message, ["errorType"] = errorType, ["stackTrace"] = new JsonArray("at Echo.Handle()") }, errorType);

async Task PostJsonAsync(string path, JsonNode body, string? errorType)
{
    using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
    content.Headers.ContentType = new MediaTypeHeaderValue(errorType is null ? "application/json" : "application/vnd.aws.lambda.error+json");
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    if (errorType is not null)
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
        Console.Error.WriteLine($"echo: {path} answered {(int)response.StatusCode}");
}
