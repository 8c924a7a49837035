using System.Globalization;
using System.Net;
using InvoiceScanner.LocalHost.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// The server side of the Lambda Runtime API (2018-06-01) for one execution environment of a function, on 127.0.0.1
/// and a free port. One listener per instance keeps AWS_LAMBDA_RUNTIME_API a plain host:port, as the runtime clients
/// expect, and tells the instances' requests apart.
/// </summary>
internal sealed class RuntimeApiServer(FunctionInstance instance) : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous response payload.</summary>
    private const int MaxResponseBytes = 6 * 1024 * 1024;
    private const string Base = "/2018-06-01/runtime";

    private WebApplication? _app;

    public string Address { get; private set; } = "";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = LoopbackWebApp.Create(0, MaxResponseBytes + 1024, Map);
        await _app.StartAsync(cancellationToken);
        Address = $"{IPAddress.Loopback}:{LoopbackWebApp.BoundPort(_app)}";
    }

    private void Map(WebApplication app)
    {
        app.MapGet(Base + "/invocation/next", NextAsync);
        app.MapPost(Base + "/invocation/{requestId}/response", context => CompleteAsync(context, InvocationOutcome.Success));
        app.MapPost(Base + "/invocation/{requestId}/error", context => CompleteAsync(context, InvocationOutcome.FunctionError));
        app.MapPost(Base + "/init/error", InitErrorAsync);
        app.MapFallback(context => Error(context, StatusCodes.Status404NotFound, "UnknownResource", "Unknown Runtime API resource."));
    }

    private async Task NextAsync(HttpContext context)
    {
        PendingInvocation pending;
        try
        {
            pending = await instance.TakeNextAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // The process went away while waiting.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError; // Stack stopping.
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = instance.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = pending.TraceId;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = pending.Record.Payload.Length;
        await context.Response.Body.WriteAsync(pending.Record.Payload, CancellationToken.None);
    }

    private async Task CompleteAsync(HttpContext context, InvocationOutcome outcome)
    {
        var requestId = (string)context.Request.RouteValues["requestId"]!;
        var body = await HttpBodies.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted);
        if (body is null)
        {
            // Lambda answers 413 and fails the invocation with a payload-size error.
            instance.Complete(requestId, InvocationOutcome.FunctionError,
                FunctionRuntime.ErrorBody($"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).", "Function.ResponseSizeTooLarge"),
                "Function.ResponseSizeTooLarge");
            await Error(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "Payload too large.");
            return;
        }
        var errorType = outcome == InvocationOutcome.FunctionError
            ? context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString() is { Length: > 0 } type ? type : "Unhandled"
            : null;
        if (!instance.Complete(requestId, outcome, body, errorType))
        {
            await Error(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Unknown or already completed request id {requestId}.");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("{\"status\":\"OK\"}", context.RequestAborted);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await HttpBodies.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted) ?? [];
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        instance.ReportInitError(body, errorType.Length > 0 ? errorType : null);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("{\"status\":\"OK\"}", context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(FunctionRuntime.ErrorBody(message, errorType), context.RequestAborted).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }
}
