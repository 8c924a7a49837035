using System.Net.Sockets;
using System.Text.Json;
using InvoiceScanner.Hosting.Tests.Support;

namespace InvoiceScanner.Hosting.Tests;

// One class on purpose: xunit runs a class's tests one at a time, and these tests share the process-wide
// _X_AMZN_TRACE_ID variable that the host sets per invocation.
public sealed class LambdaHostTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource stopHost = new();
    private readonly LogCapture log = new();
    private FakeRuntimeApi api = null!;

    public async ValueTask InitializeAsync() => api = await FakeRuntimeApi.StartAsync();

    public async ValueTask DisposeAsync()
    {
        stopHost.Cancel();
        await api.DisposeAsync();
        stopHost.Dispose();
    }

    [Fact]
    public async Task Successful_invocation_posts_the_handler_json_and_the_context_carries_the_invocation()
    {
        ILambdaContext? seen = null;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        api.Enqueue(new QueuedInvocation("req-1", """{"name":"Ada"}""", Deadline: deadline, ClientContext: "{\"client\":{}}", CognitoIdentity: "{\"id\":\"c1\"}"));

        var host = StartHost((GreetingRequest input, ILambdaContext context) =>
        {
            seen = context;
            return Task.FromResult(new GreetingResponse($"Hello, {input.Name}"));
        });

        var post = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.Response, post.Kind);
        Assert.Equal("req-1", post.RequestId);
        Assert.StartsWith("application/json", post.ContentType);
        Assert.Equal("Hello, Ada", JsonDocument.Parse(post.Body).RootElement.GetProperty("greeting").GetString());

        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.AwsRequestId);
        Assert.Equal("invoice-scanner-test", seen.FunctionName);
        Assert.Equal(256, seen.MemoryLimitInMB);
        Assert.Equal(FakeRuntimeApi.DefaultFunctionArn, seen.InvokedFunctionArn);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), seen.Deadline.ToUnixTimeMilliseconds());
        Assert.False(seen.CancellationToken.IsCancellationRequested);
        var concrete = Assert.IsType<LambdaContext>(seen);
        Assert.Equal("{\"client\":{}}", concrete.ClientContext);
        Assert.Equal("{\"id\":\"c1\"}", concrete.CognitoIdentity);

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Handler_exception_posts_an_invocation_error_and_the_loop_serves_the_next_event()
    {
        api.Enqueue("req-fail", """{"name":"boom"}""");
        api.Enqueue("req-ok", """{"name":"Grace"}""");

        var host = StartHost((GreetingRequest input, ILambdaContext _) => input.Name == "boom"
            ? ThrowingHandlerStep()
            : Task.FromResult(new GreetingResponse($"Hello, {input.Name}")));

        var error = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.InvocationError, error.Kind);
        Assert.Equal("req-fail", error.RequestId);
        Assert.Equal("application/vnd.aws.lambda.error+json", error.ContentType);
        Assert.Equal("InvalidOperationException", error.FunctionErrorType);
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("Invoice store unavailable", body.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        var frames = body.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains(frames, f => f!.Contains(nameof(ThrowingHandlerStep), StringComparison.Ordinal));

        var next = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.Response, next.Kind);
        Assert.Equal("req-ok", next.RequestId);
        Assert.Contains("Hello, Grace", next.Body);

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Event_json_that_does_not_deserialize_is_an_invocation_error_not_a_crash()
    {
        var handlerCalls = 0;
        api.Enqueue("req-bad", """{"name": """);
        api.Enqueue("req-good", """{"name":"Linus"}""");

        var host = StartHost((GreetingRequest input, ILambdaContext _) =>
        {
            Interlocked.Increment(ref handlerCalls);
            return Task.FromResult(new GreetingResponse($"Hello, {input.Name}"));
        });

        var error = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.InvocationError, error.Kind);
        Assert.Equal("req-bad", error.RequestId);
        Assert.Equal(LambdaHost.InvalidEventJsonErrorType, error.FunctionErrorType);
        Assert.Equal(LambdaHost.InvalidEventJsonErrorType, JsonDocument.Parse(error.Body).RootElement.GetProperty("errorType").GetString());

        var next = await api.NextPostAsync();
        Assert.Equal("req-good", next.RequestId);
        Assert.Equal(RuntimePostKind.Response, next.Kind);
        Assert.Equal(1, handlerCalls);

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Init_failure_posts_to_init_error_and_returns_a_non_zero_exit_code_without_polling()
    {
        var exitCode = await WithHangGuard(LambdaHost.RunAsync<GreetingRequest, GreetingResponse>(
            _ => throw new InvalidOperationException("Missing INVOICE_TABLE"),
            TestJsonContext.Default.GreetingRequest,
            TestJsonContext.Default.GreetingResponse,
            Options(),
            stopHost.Token));

        Assert.Equal(LambdaHost.ExitCodeInitializationFailed, exitCode);
        var post = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.InitError, post.Kind);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.ContentType);
        Assert.Equal("InvalidOperationException", post.FunctionErrorType);
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("Missing INVOICE_TABLE", body.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
        Assert.Equal(0, api.PollCount);
        Assert.Contains(log.Lines, line => Level(line) == "FATAL" && line.Contains("Missing INVOICE_TABLE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deadline_header_cancels_the_handlers_token_before_the_deadline()
    {
        var cancelledInsideHandler = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Enqueue(new QueuedInvocation("req-slow", """{"name":"slow"}""", Deadline: DateTimeOffset.UtcNow.AddSeconds(2)));

        var host = StartHost(async (GreetingRequest _, ILambdaContext context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelledInsideHandler.TrySetResult(context.CancellationToken.IsCancellationRequested);
                throw;
            }
            return new GreetingResponse("unreachable");
        });

        var post = await api.NextPostAsync();
        Assert.True(await cancelledInsideHandler.Task);
        Assert.Equal(RuntimePostKind.InvocationError, post.Kind);
        Assert.Equal("req-slow", post.RequestId);
        Assert.Equal("TaskCanceledException", post.FunctionErrorType);
        Assert.False(stopHost.IsCancellationRequested); // the deadline, not host shutdown, cancelled the handler

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Trace_id_header_is_visible_as_X_AMZN_TRACE_ID_inside_the_handler_and_cleared_when_absent()
    {
        const string traceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        api.Enqueue(new QueuedInvocation("req-traced", """{"name":"t"}""", TraceId: traceId));
        api.Enqueue(new QueuedInvocation("req-untraced", """{"name":"u"}"""));

        var host = StartHost((GreetingRequest _, ILambdaContext context) => Task.FromResult(new GreetingResponse(
            Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID") ?? "<none>", context.TraceId)));

        var traced = JsonDocument.Parse((await api.NextPostAsync()).Body).RootElement;
        Assert.Equal(traceId, traced.GetProperty("greeting").GetString());
        Assert.Equal(traceId, traced.GetProperty("detail").GetString());

        var untraced = JsonDocument.Parse((await api.NextPostAsync()).Body).RootElement;
        Assert.Equal("<none>", untraced.GetProperty("greeting").GetString());

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Runtime_headers_are_read_whatever_the_case_of_their_names()
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        api.Enqueue(new QueuedInvocation("req-lower", "{\"name\":\"l\"}", Deadline: deadline, TraceId: "Root=1-lower", HeaderNameStyle: n => n.ToLowerInvariant()));
        api.Enqueue(new QueuedInvocation("req-upper", "{\"name\":\"u\"}", Deadline: deadline, TraceId: "Root=1-upper", HeaderNameStyle: n => n.ToUpperInvariant()));
        var contexts = new List<(string RequestId, string Arn, string? TraceId, long Deadline)>();

        var host = StartHost((GreetingRequest _, ILambdaContext c) =>
        {
            lock (contexts)
                contexts.Add((c.AwsRequestId, c.InvokedFunctionArn, c.TraceId, c.Deadline.ToUnixTimeMilliseconds()));
            return Task.FromResult(new GreetingResponse("ok"));
        });

        Assert.Equal("req-lower", (await api.NextPostAsync()).RequestId);
        Assert.Equal("req-upper", (await api.NextPostAsync()).RequestId);
        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));

        var expected = new (string RequestId, string Arn, string? TraceId, long Deadline)[]
        {
            ("req-lower", FakeRuntimeApi.DefaultFunctionArn, "Root=1-lower", deadline.ToUnixTimeMilliseconds()),
            ("req-upper", FakeRuntimeApi.DefaultFunctionArn, "Root=1-upper", deadline.ToUnixTimeMilliseconds()),
        };
        Assert.Equal(expected, contexts);
    }

    [Fact]
    public async Task Fake_runtime_api_really_sends_header_names_in_the_requested_case()
    {
        // Guards the test above: it only proves something if the names reach the client as sent.
        api.Enqueue(new QueuedInvocation("req-x", "{}", HeaderNameStyle: n => n.ToLowerInvariant()));
        using var client = new HttpClient();
        using var response = await client.GetAsync($"http://{api.Address}/2018-06-01/runtime/invocation/next", stopHost.Token);

        Assert.Contains("lambda-runtime-aws-request-id", response.Headers.Select(h => h.Key));
        Assert.DoesNotContain("Lambda-Runtime-Aws-Request-Id", response.Headers.Select(h => h.Key));
    }

    [Fact]
    public async Task Payload_too_large_413_is_reported_as_an_invocation_error()
    {
        api.ResponseStatus = requestId => requestId == "req-huge" ? 413 : 202;
        api.Enqueue("req-huge", """{"name":"huge"}""");
        api.Enqueue("req-after", """{"name":"after"}""");

        var host = StartHost((GreetingRequest input, ILambdaContext _) =>
            Task.FromResult(new GreetingResponse(input.Name == "huge" ? new string('x', 10_000) : "small")));

        var rejected = await api.NextPostAsync();
        Assert.Equal((RuntimePostKind.Response, "req-huge"), (rejected.Kind, rejected.RequestId));

        var error = await api.NextPostAsync();
        Assert.Equal(RuntimePostKind.InvocationError, error.Kind);
        Assert.Equal("req-huge", error.RequestId);
        Assert.Equal(LambdaHost.ResponsePayloadTooLargeErrorType, error.FunctionErrorType);
        var message = JsonDocument.Parse(error.Body).RootElement.GetProperty("errorMessage").GetString();
        Assert.Contains("larger than the Lambda Runtime API accepts", message);

        var after = await api.NextPostAsync();
        Assert.Equal((RuntimePostKind.Response, "req-after"), (after.Kind, after.RequestId));

        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));
    }

    [Fact]
    public async Task Runtime_api_vanishing_between_invocations_exits_non_zero_with_a_logged_error()
    {
        api.Enqueue("req-last", """{"name":"last"}""");
        api.DisconnectWhenQueueEmpty = true;

        var exitCode = await WithHangGuard(StartHost((GreetingRequest _, ILambdaContext _) => Task.FromResult(new GreetingResponse("done"))));

        Assert.Equal(LambdaHost.ExitCodeRuntimeApiFailed, exitCode);
        Assert.Equal("req-last", (await api.NextPostAsync()).RequestId);
        // One poll served the event, the next found the API gone. The HTTP stack may transparently retry a request
        // on a dropped keep-alive connection once; anything more would be the host spinning.
        Assert.InRange(api.PollCount, 2, 3);
        Assert.Contains(log.Lines, line => Level(line) == "FATAL" && line.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runtime_api_not_listening_exits_non_zero()
    {
        var closedPort = FindClosedPort();
        var options = Options() with { Environment = TestEnvironment() with { RuntimeApi = $"127.0.0.1:{closedPort}" } };

        var exitCode = await WithHangGuard(LambdaHost.RunAsync<GreetingRequest, GreetingResponse>(
            _ => new DelegateHandler<GreetingRequest, GreetingResponse>((_, _) => Task.FromResult(new GreetingResponse("never"))),
            TestJsonContext.Default.GreetingRequest,
            TestJsonContext.Default.GreetingResponse,
            options,
            stopHost.Token));

        Assert.Equal(LambdaHost.ExitCodeRuntimeApiFailed, exitCode);
        Assert.Contains(log.Lines, line => Level(line) == "FATAL");
    }

    [Fact]
    public async Task Missing_runtime_api_variable_fails_init_with_a_clear_log_line()
    {
        var options = Options() with { Environment = TestEnvironment() with { RuntimeApi = null } };
        var factoryCalled = false;

        var exitCode = await WithHangGuard(LambdaHost.RunAsync<GreetingRequest, GreetingResponse>(
            _ =>
            {
                factoryCalled = true;
                return new DelegateHandler<GreetingRequest, GreetingResponse>((_, _) => Task.FromResult(new GreetingResponse("never")));
            },
            TestJsonContext.Default.GreetingRequest,
            TestJsonContext.Default.GreetingResponse,
            options,
            stopHost.Token));

        Assert.Equal(LambdaHost.ExitCodeInitializationFailed, exitCode);
        Assert.False(factoryCalled);
        Assert.Contains(log.Lines, line => line.Contains("AWS_LAMBDA_RUNTIME_API", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_written_in_an_invocation_carry_its_request_id_and_init_logs_do_not()
    {
        api.Enqueue(new QueuedInvocation("req-logged", """{"name":"log"}""", TraceId: "Root=1-abc"));

        var host = StartHost(
            logger =>
            {
                logger.Info("cold start", ("component", "test"));
                return new DelegateHandler<GreetingRequest, GreetingResponse>((input, context) =>
                {
                    context.Logger.Info("extracting invoice", ("invoiceName", input.Name));
                    return Task.FromResult(new GreetingResponse("ok"));
                });
            });

        await api.NextPostAsync();
        Assert.Equal(LambdaHost.ExitCodeSuccess, await StopAsync(host));

        var lines = log.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var init = Assert.Single(lines, l => l.GetProperty("message").GetString() == "cold start");
        Assert.False(init.TryGetProperty("requestId", out _));
        Assert.Equal("invoice-scanner-test", init.GetProperty("functionName").GetString());
        var inside = Assert.Single(lines, l => l.GetProperty("message").GetString() == "extracting invoice");
        Assert.Equal("req-logged", inside.GetProperty("requestId").GetString());
        Assert.Equal("Root=1-abc", inside.GetProperty("traceId").GetString());
        Assert.Equal("log", inside.GetProperty("invoiceName").GetString());
    }

    private static Task<GreetingResponse> ThrowingHandlerStep() => throw new InvalidOperationException("Invoice store unavailable");

    private Task<int> StartHost(Func<GreetingRequest, ILambdaContext, Task<GreetingResponse>> handle)
        => StartHost(_ => new DelegateHandler<GreetingRequest, GreetingResponse>(handle));

    private Task<int> StartHost(Func<ILambdaLogger, ILambdaHandler<GreetingRequest, GreetingResponse>> factory)
        => Task.Run(() => LambdaHost.RunAsync(factory, TestJsonContext.Default.GreetingRequest, TestJsonContext.Default.GreetingResponse, Options(), stopHost.Token));

    private async Task<int> StopAsync(Task<int> host)
    {
        stopHost.Cancel();
        return await WithHangGuard(host);
    }

    private LambdaHostOptions Options() => new()
    {
        Environment = TestEnvironment(),
        LogOutput = log,
        CancellationSafetyMargin = TimeSpan.FromMilliseconds(500),
    };

    private LambdaEnvironment TestEnvironment() => new()
    {
        RuntimeApi = api.Address,
        FunctionName = "invoice-scanner-test",
        MemoryLimitInMB = 256,
        MinimumLogLevel = LogLevel.Debug,
    };

    private static string? Level(string line) => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString();

    private static async Task<T> WithHangGuard<T>(Task<T> task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(HangGuard));
        if (finished != task)
            throw new TimeoutException("The Lambda host did not stop.");
        return await task;
    }

    private static int FindClosedPort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
