namespace InvoiceScanner.Hosting;

/// <summary>What a handler knows about the invocation it is serving.</summary>
public interface ILambdaContext
{
    string AwsRequestId { get; }
    string FunctionName { get; }
    string InvokedFunctionArn { get; }
    int MemoryLimitInMB { get; }
    DateTimeOffset Deadline { get; }
    TimeSpan RemainingTime { get; }
    string? TraceId { get; }
    ILambdaLogger Logger { get; }

    /// <summary>
    /// Cancelled shortly (a configurable safety margin, default 500 ms) before the invocation deadline,
    /// so the handler can still report a clean error before Lambda kills the sandbox.
    /// </summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>Log levels; written to the JSON log as Lambda's own names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL).</summary>
public enum LogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}

/// <summary>Structured logger. Convenience methods (Debug/Info/Warn/Error) live in <see cref="LambdaLoggerExtensions"/>.</summary>
public interface ILambdaLogger
{
    void Log(LogLevel level, string message, Exception? exception = null, params ReadOnlySpan<(string Key, object? Value)> properties);
}

/// <summary>One function's business logic: turns an event into a response.</summary>
public interface ILambdaHandler<TEvent, TResponse>
{
    Task<TResponse> HandleAsync(TEvent input, ILambdaContext context);
}
