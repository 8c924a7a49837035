using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InvoiceScanner.Hosting;

/// <summary>
/// The custom-runtime loop: init the handler once, then GET next / invoke / POST response-or-error until cancelled.
/// </summary>
public static class LambdaHost
{
    public const int ExitCodeSuccess = 0;

    /// <summary>The handler factory threw, or the environment has no Runtime API address.</summary>
    public const int ExitCodeInitializationFailed = 1;

    /// <summary>The Runtime API became unreachable or reported a non-recoverable state.</summary>
    public const int ExitCodeRuntimeApiFailed = 2;

    public const string InvalidEventJsonErrorType = "InvalidEventJson";
    public const string ResponsePayloadTooLargeErrorType = "ResponsePayloadTooLarge";

    /// <summary>
    /// Runs the Runtime API loop until cancelled. handlerFactory is called once at init; if it throws, the error is
    /// posted to /runtime/init/error and a non-zero exit code returned.
    /// </summary>
    public static Task<int> RunAsync<TEvent, TResponse>(
        Func<ILambdaLogger, ILambdaHandler<TEvent, TResponse>> handlerFactory,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken = default)
        => RunAsync(handlerFactory, eventType, responseType, new LambdaHostOptions(), cancellationToken);

    /// <inheritdoc cref="RunAsync{TEvent, TResponse}(Func{ILambdaLogger, ILambdaHandler{TEvent, TResponse}}, JsonTypeInfo{TEvent}, JsonTypeInfo{TResponse}, CancellationToken)"/>
    public static async Task<int> RunAsync<TEvent, TResponse>(
        Func<ILambdaLogger, ILambdaHandler<TEvent, TResponse>> handlerFactory,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResponse> responseType,
        LambdaHostOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handlerFactory);
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(responseType);
        ArgumentNullException.ThrowIfNull(options);

        var environment = options.Environment ?? LambdaEnvironment.FromProcess();
        var logger = new LambdaLogger(environment.FunctionName, environment.MinimumLogLevel, options.LogOutput ?? Console.OpenStandardOutput(), options.TimeProvider);

        if (environment.RuntimeApi is null)
        {
            logger.Critical($"{LambdaEnvironment.RuntimeApiVariable} is not set: this program must run inside Lambda or a Runtime API emulator.");
            return ExitCodeInitializationFailed;
        }

        using var runtimeApi = new RuntimeApiClient(environment.RuntimeApi, options.RuntimeApiHandler);

        ILambdaHandler<TEvent, TResponse> handler;
        try
        {
            handler = handlerFactory(logger);
        }
        catch (Exception ex)
        {
            logger.Critical("Function initialization failed", ex);
            await ReportInitErrorAsync(runtimeApi, logger, ex).ConfigureAwait(false);
            return ExitCodeInitializationFailed;
        }

        var loop = new InvocationLoop<TEvent, TResponse>(handler, eventType, responseType, runtimeApi, environment, logger, options);
        try
        {
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHandlerAsync(handler, logger).ConfigureAwait(false);
        }
    }

    private static async Task ReportInitErrorAsync(RuntimeApiClient runtimeApi, LambdaLogger logger, Exception initFailure)
    {
        try
        {
            var result = await runtimeApi.PostInitErrorAsync(RuntimeErrorBody.FromException(initFailure), CancellationToken.None).ConfigureAwait(false);
            if (!result.IsAccepted)
                logger.Error("The Runtime API rejected the init error report", ("statusCode", (int)result.StatusCode), ("body", result.Body));
        }
        catch (Exception ex)
        {
            logger.Error("Could not report the init error to the Runtime API", ex);
        }
    }

    private static async Task DisposeHandlerAsync(object handler, LambdaLogger logger)
    {
        try
        {
            if (handler is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else if (handler is IDisposable disposable)
                disposable.Dispose();
        }
        catch (Exception ex)
        {
            logger.Warn("Disposing the handler failed", ex);
        }
    }

    private sealed class InvocationLoop<TEvent, TResponse>(
        ILambdaHandler<TEvent, TResponse> handler,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResponse> responseType,
        RuntimeApiClient runtimeApi,
        LambdaEnvironment environment,
        LambdaLogger logger,
        LambdaHostOptions options)
    {
        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                RuntimeInvocation invocation;
                try
                {
                    invocation = await runtimeApi.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // Retrying in a loop would only burn billed time; Lambda restarts the sandbox if needed.
                    logger.Critical("The Lambda Runtime API is unreachable while waiting for the next invocation; exiting", ex,
                        ("runtimeApi", environment.RuntimeApi));
                    return ExitCodeRuntimeApiFailed;
                }

                if (!await ProcessAsync(invocation, cancellationToken).ConfigureAwait(false))
                    return ExitCodeRuntimeApiFailed;
            }
            return ExitCodeSuccess;
        }

        /// <returns>false when the Runtime API can no longer be talked to and the process should exit.</returns>
        private async Task<bool> ProcessAsync(RuntimeInvocation invocation, CancellationToken hostCancellation)
        {
            using var scope = logger.BeginInvocation(invocation.RequestId, invocation.TraceId);
            // X-Ray SDKs read the trace header from here; clear it when absent so a stale id never leaks across events.
            Environment.SetEnvironmentVariable(LambdaEnvironment.TraceIdVariable, invocation.TraceId);
            using var cancellation = InvocationCancellation.Create(invocation.Deadline, options.CancellationSafetyMargin, options.TimeProvider, hostCancellation);
            var context = new LambdaContext(invocation, environment, logger, options.TimeProvider, cancellation.Token);

            var (responseJson, error) = await InvokeHandlerAsync(invocation, context).ConfigureAwait(false);
            try
            {
                if (responseJson is not null)
                {
                    var posted = await runtimeApi.PostResponseAsync(invocation.RequestId, responseJson, CancellationToken.None).ConfigureAwait(false);
                    if (posted.StatusCode == HttpStatusCode.RequestEntityTooLarge)
                    {
                        error = new RuntimeErrorBody(
                            $"The response ({responseJson.Length} bytes) is larger than the Lambda Runtime API accepts. {posted.Body}".Trim(),
                            ResponsePayloadTooLargeErrorType,
                            []);
                        logger.Error("Response payload too large; reporting an invocation error instead", ("responseBytes", responseJson.Length));
                    }
                    else if (!CheckPosted(posted, "response"))
                    {
                        return false;
                    }
                }

                if (error is not null)
                {
                    var posted = await runtimeApi.PostInvocationErrorAsync(invocation.RequestId, error, CancellationToken.None).ConfigureAwait(false);
                    if (!CheckPosted(posted, "error"))
                        return false;
                }
                return true;
            }
            catch (Exception ex)
            {
                logger.Critical("The Lambda Runtime API is unreachable while reporting an invocation result; exiting", ex);
                return false;
            }
        }

        private async Task<(byte[]? ResponseJson, RuntimeErrorBody? Error)> InvokeHandlerAsync(RuntimeInvocation invocation, LambdaContext context)
        {
            TEvent input;
            try
            {
                var parsed = JsonSerializer.Deserialize(invocation.Payload, eventType);
                if (parsed is null)
                    throw new JsonException("The event JSON is null.");
                input = parsed;
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                logger.Error("The event JSON could not be read", ex, ("eventType", eventType.Type.Name));
                return (null, new RuntimeErrorBody($"The event is not valid JSON for {eventType.Type.Name}: {ex.Message}", InvalidEventJsonErrorType, []));
            }

            try
            {
                var response = await handler.HandleAsync(input, context).ConfigureAwait(false);
                return (JsonSerializer.SerializeToUtf8Bytes(response, responseType), null);
            }
            catch (Exception ex)
            {
                var deadlineReached = context.CancellationToken.IsCancellationRequested && ex is OperationCanceledException;
                logger.Error(deadlineReached ? "Handler cancelled at the invocation deadline" : "Handler failed", ex,
                    ("remainingMs", (long)context.RemainingTime.TotalMilliseconds));
                return (null, RuntimeErrorBody.FromException(ex));
            }
        }

        private bool CheckPosted(RuntimePostResult posted, string what)
        {
            if (posted.IsAccepted)
                return true;
            logger.Error($"The Runtime API rejected the invocation {what}", ("statusCode", (int)posted.StatusCode), ("body", posted.Body));
            return !posted.IsFatal;
        }
    }

    /// <summary>Deadline-minus-margin cancellation, also fired when the host itself is stopping.</summary>
    private sealed class InvocationCancellation : IDisposable
    {
        // CancellationTokenSource timers cannot span more than ~49 days; a deadline that far out means "none".
        private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

        private readonly CancellationTokenSource deadline;
        private readonly CancellationTokenSource linked;

        private InvocationCancellation(CancellationTokenSource deadline, CancellationTokenSource linked)
        {
            this.deadline = deadline;
            this.linked = linked;
        }

        public CancellationToken Token => linked.Token;

        public static InvocationCancellation Create(DateTimeOffset deadlineAt, TimeSpan safetyMargin, TimeProvider timeProvider, CancellationToken hostCancellation)
        {
            TimeSpan? untilCancel = deadlineAt == DateTimeOffset.MaxValue
                ? null
                : deadlineAt - safetyMargin - timeProvider.GetUtcNow();
            CancellationTokenSource deadline;
            if (untilCancel is null || untilCancel > LongestTimer)
            {
                deadline = new CancellationTokenSource();
            }
            else if (untilCancel <= TimeSpan.Zero)
            {
                deadline = new CancellationTokenSource();
                deadline.Cancel();
            }
            else
            {
                deadline = new CancellationTokenSource(untilCancel.Value, timeProvider);
            }
            return new InvocationCancellation(deadline, CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, hostCancellation));
        }

        public void Dispose()
        {
            linked.Dispose();
            deadline.Dispose();
        }
    }
}
