using System.Net;
using System.Text;
using System.Text.Json;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.IntegrationTests;

/// <summary>The Runtime API emulator and process supervision, driven with direct invocations of the echo function.</summary>
public sealed class RuntimeApiTests(EchoStackFixture fixture)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private FunctionRuntime Function => fixture.Stack.Functions[LocalFleet.UploadPresignFunction];

    [Fact]
    public async Task An_invocation_gets_the_event_request_id_deadline_trace_id_and_function_arn()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var result = await InvokeAsync("""{"action":"echo","n":1}""");

        Assert.Equal(InvocationOutcome.Success, result.Outcome);
        using var response = JsonDocument.Parse(result.Payload);
        var root = response.RootElement;
        Assert.Equal(result.RequestId, root.GetProperty("requestId").GetString());
        Assert.True(Guid.TryParse(result.RequestId, out _));
        Assert.Equal(1, root.GetProperty("event").GetProperty("n").GetInt32());
        Assert.Equal(LocalFleet.UploadPresignFunction, root.GetProperty("function").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:UploadPresignFunction", root.GetProperty("functionArn").GetString());
        Assert.StartsWith("Root=1-", root.GetProperty("traceId").GetString(), StringComparison.Ordinal);
        // Deadline = dispatch time + the function's timeout.
        var deadline = root.GetProperty("deadlineMs").GetInt64();
        Assert.InRange(deadline, before + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)EchoStackFixture.FunctionTimeout.TotalMilliseconds);
    }

    [Fact]
    public async Task Function_stdout_and_stderr_are_forwarded_with_the_function_name_prefix()
    {
        var result = await InvokeAsync("""{"action":"echo"}""");

        Assert.True(await fixture.Log.WaitForLineAsync(l => l == $"[UploadPresignFunction] echo: handling {result.RequestId}", TimeSpan.FromSeconds(10)));
        Assert.True(await fixture.Log.WaitForLineAsync(l => l == $"[UploadPresignFunction] echo: stderr line for {result.RequestId}", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_reported_error_fails_the_invocation_with_the_function_s_error_body()
    {
        var result = await InvokeAsync("""{"action":"error"}""");

        Assert.Equal(InvocationOutcome.FunctionError, result.Outcome);
        Assert.Equal("EchoError", result.ErrorType);
        using var body = JsonDocument.Parse(result.Payload);
        Assert.Equal("failed on purpose", body.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_crash_fails_the_in_flight_invocation_and_a_new_process_serves_the_next_one()
    {
        var crashed = await InvokeAsync("""{"action":"crash"}""");

        Assert.Equal(InvocationOutcome.RuntimeExit, crashed.Outcome);
        Assert.Equal("Runtime.ExitError", crashed.ErrorType);
        Assert.Contains("exit status 3", crashed.PayloadText, StringComparison.Ordinal);
        var next = await InvokeAsync("""{"action":"echo"}""");
        Assert.Equal(InvocationOutcome.Success, next.Outcome);
        Assert.True(Function.ProcessStarts >= 2);
    }

    [Fact]
    public async Task An_invocation_past_its_deadline_times_out_and_the_process_is_replaced()
    {
        var sleepMs = (int)EchoStackFixture.FunctionTimeout.TotalMilliseconds * 3;
        var timedOut = await InvokeAsync($$"""{"action":"sleep","ms":{{sleepMs}}}""");

        Assert.Equal(InvocationOutcome.Timeout, timedOut.Outcome);
        Assert.Equal("Sandbox.Timedout", timedOut.ErrorType);
        Assert.Contains("Task timed out after 3.00 seconds", timedOut.PayloadText, StringComparison.Ordinal);
        var next = await InvokeAsync("""{"action":"echo"}""");
        Assert.Equal(InvocationOutcome.Success, next.Outcome);
    }

    [Fact]
    public async Task Concurrent_invocations_queue_and_each_gets_its_own_result()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => InvokeAsync($$"""{"action":"echo","n":{{i}}}""")));

        Assert.All(results, r => Assert.Equal(InvocationOutcome.Success, r.Outcome));
        Assert.Equal(6, results.Select(r => r.RequestId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 6), results.Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("event").GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Functions_get_the_stack_s_environment_and_nothing_else_from_the_host()
    {
        var result = await InvokeAsync("""{"action":"env"}""");

        using var response = JsonDocument.Parse(result.Payload);
        var environment = response.RootElement.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var options = fixture.Stack.Options;
        Assert.Equal(options.TableName, environment["TABLE_NAME"]);
        Assert.Equal(options.BucketName, environment["BUCKET_NAME"]);
        Assert.Equal("us-east-1", environment["AWS_REGION"]);
        Assert.Equal("S3RVER", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("S3RVER", environment["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(fixture.Stack.Endpoints.S3.ToString().TrimEnd('/'), environment["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal(fixture.Stack.Endpoints.DynamoDb.ToString().TrimEnd('/'), environment["AWS_ENDPOINT_URL_DYNAMODB"]);
        Assert.Equal("Local", environment["OCR_ENGINE"]);
        Assert.Equal("Rules", environment["STRUCTURING"]);
        Assert.Equal("INFO", environment["LOG_LEVEL"]);
        Assert.Equal(LocalFleet.UploadPresignFunction, environment["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("512", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Contains(environment["AWS_LAMBDA_RUNTIME_API"], Function.RuntimeApiAddresses); // its own instance's endpoint
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
        Assert.Equal("900", environment["UPLOAD_URL_TTL_SECONDS"]); // the function's own template variable
        Assert.Equal("from-extra-env", environment["ECHO_MARKER"]);
        Assert.False(environment.ContainsKey(EchoStackFixture.HostOnlyVariable));
    }

    [Fact]
    public async Task A_result_for_an_unknown_request_id_is_refused_with_400()
    {
        using var http = new HttpClient();
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(
            $"http://{Function.RuntimeApiAddress}/2018-06-01/runtime/invocation/{Guid.NewGuid()}/response", content, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_init_error_fails_the_waiting_invocation_with_the_reported_error()
    {
        var definition = LocalFleet.Find(LocalFleet.GetInvoicesFunction)!;
        var journal = new InvocationJournal();
        await using var failing = new FunctionRuntime(definition, FunctionLaunch.Locate(fixture.Stack.Options.FunctionsDirectory, definition.LogicalId),
            TimeSpan.FromSeconds(5), "us-east-1",
            new Dictionary<string, string> { ["ECHO_INIT_FAIL"] = "1", ["PATH"] = Environment.GetEnvironmentVariable("PATH")! },
            fixture.Stack.Log, journal);
        await failing.StartAsync(Cancellation);

        var result = await failing.InvokeAsync("{}"u8.ToArray(), InvocationSource.Direct, cancellationToken: Cancellation).WaitAsync(TimeSpan.FromSeconds(60), Cancellation);

        Assert.Equal(InvocationOutcome.InitError, result.Outcome);
        Assert.Equal("EchoInitError", result.ErrorType);
        Assert.Contains("echo init failed on purpose", result.PayloadText, StringComparison.Ordinal);
    }

    private Task<InvocationResult> InvokeAsync(string json) =>
        Function.InvokeAsync(Encoding.UTF8.GetBytes(json), InvocationSource.Direct, cancellationToken: Cancellation).WaitAsync(TimeSpan.FromSeconds(60), Cancellation);
}
