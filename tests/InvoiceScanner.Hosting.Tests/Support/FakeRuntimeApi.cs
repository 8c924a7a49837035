using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InvoiceScanner.Hosting.Tests.Support;

/// <summary>What the runtime under test POSTed to the fake Runtime API.</summary>
public sealed record RuntimePost(
    RuntimePostKind Kind,
    string? RequestId,
    string? ContentType,
    string? FunctionErrorType,
    string Body);

public enum RuntimePostKind
{
    Response,
    InvocationError,
    InitError,
}

/// <summary>An event the fake hands out on GET /runtime/invocation/next.</summary>
public sealed record QueuedInvocation(
    string RequestId,
    string PayloadJson,
    DateTimeOffset? Deadline = null,
    string? TraceId = null,
    string InvokedFunctionArn = FakeRuntimeApi.DefaultFunctionArn,
    string? ClientContext = null,
    string? CognitoIdentity = null,
    Func<string, string>? HeaderNameStyle = null);

/// <summary>
/// A Lambda Runtime API on 127.0.0.1 (ephemeral port): queues events for the runtime under test and records
/// every response/error it posts.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    public const string DefaultFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:invoice-scanner-test";

    // Only guards against a broken runtime hanging the suite; never an assertion about speed.
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly Channel<QueuedInvocation> queued = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Channel<RuntimePost> posts = Channel.CreateUnbounded<RuntimePost>();
    private readonly WebApplication app;
    private int pollCount;

    private FakeRuntimeApi(WebApplication app) => this.app = app;

    /// <summary>host:port, as AWS_LAMBDA_RUNTIME_API holds it.</summary>
    public string Address { get; private set; } = "";

    /// <summary>How many GET /next requests arrived.</summary>
    public int PollCount => Volatile.Read(ref pollCount);

    /// <summary>Status for POST .../response (default 202); lets a test simulate 413.</summary>
    public Func<string, int> ResponseStatus { get; set; } = _ => StatusCodes.Status202Accepted;

    /// <summary>When set, a poll that finds no queued event drops the connection (Runtime API gone).</summary>
    public bool DisconnectWhenQueueEmpty { get; set; }

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        fake.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Address = new Uri(address).Authority;
        return fake;
    }

    public void Enqueue(QueuedInvocation invocation)
    {
        if (!queued.Writer.TryWrite(invocation))
            throw new InvalidOperationException("queue closed");
    }

    public void Enqueue(string requestId, string payloadJson) => Enqueue(new QueuedInvocation(requestId, payloadJson));

    /// <summary>The next thing the runtime posted, in arrival order.</summary>
    public async Task<RuntimePost> NextPostAsync()
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        try
        {
            return await posts.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The runtime under test posted nothing to the fake Runtime API.");
        }
    }

    /// <summary>Posts already received and not yet read by <see cref="NextPostAsync"/>.</summary>
    public IReadOnlyList<RuntimePost> DrainPosts()
    {
        var drained = new List<RuntimePost>();
        while (posts.Reader.TryRead(out var post))
            drained.Add(post);
        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void MapRoutes()
    {
        var api = app.MapGroup("/2018-06-01/runtime");
        api.MapGet("/invocation/next", async (HttpContext http) =>
        {
            Interlocked.Increment(ref pollCount);
            QueuedInvocation? next;
            if (DisconnectWhenQueueEmpty)
            {
                if (!queued.Reader.TryRead(out next))
                {
                    http.Abort();
                    return;
                }
            }
            else
            {
                try
                {
                    next = await queued.Reader.ReadAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the runtime stopped polling
                }
            }

            var name = next.HeaderNameStyle ?? (n => n);
            var headers = http.Response.Headers;
            headers.Append(name("Lambda-Runtime-Aws-Request-Id"), next.RequestId);
            var deadline = next.Deadline ?? DateTimeOffset.UtcNow.AddMinutes(5);
            headers.Append(name("Lambda-Runtime-Deadline-Ms"), deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            headers.Append(name("Lambda-Runtime-Invoked-Function-Arn"), next.InvokedFunctionArn);
            if (next.TraceId is not null)
                headers.Append(name("Lambda-Runtime-Trace-Id"), next.TraceId);
            if (next.ClientContext is not null)
                headers.Append(name("Lambda-Runtime-Client-Context"), next.ClientContext);
            if (next.CognitoIdentity is not null)
                headers.Append(name("Lambda-Runtime-Cognito-Identity"), next.CognitoIdentity);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(next.PayloadJson);
        });

        api.MapPost("/invocation/{requestId}/response", async (HttpContext http, string requestId) =>
        {
            var post = await ReadPostAsync(http, RuntimePostKind.Response, requestId);
            var status = ResponseStatus(requestId);
            http.Response.StatusCode = status;
            if (status == StatusCodes.Status413PayloadTooLarge)
            {
                // Shaped like the real Runtime API's answer.
                await http.Response.WriteAsync("""{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}""");
            }
            posts.Writer.TryWrite(post);
        });

        api.MapPost("/invocation/{requestId}/error", async (HttpContext http, string requestId) =>
        {
            posts.Writer.TryWrite(await ReadPostAsync(http, RuntimePostKind.InvocationError, requestId));
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        });

        api.MapPost("/init/error", async (HttpContext http) =>
        {
            posts.Writer.TryWrite(await ReadPostAsync(http, RuntimePostKind.InitError, null));
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        });
    }

    private static async Task<RuntimePost> ReadPostAsync(HttpContext http, RuntimePostKind kind, string? requestId)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var errorType = http.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var values) ? values.ToString() : null;
        return new RuntimePost(kind, requestId, http.Request.ContentType, errorType, body);
    }
}
