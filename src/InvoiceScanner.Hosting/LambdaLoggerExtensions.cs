namespace InvoiceScanner.Hosting;

/// <summary>
/// Shorthands over <see cref="ILambdaLogger.Log"/>. Extension methods rather than default interface members so they
/// also bind on concrete types (e.g. <c>TestLambdaContext.Logger</c>) and fakes only need to implement <c>Log</c>.
/// </summary>
public static class LambdaLoggerExtensions
{
    public static void Trace(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Trace, message, null, properties);

    public static void Debug(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Debug, message, null, properties);

    public static void Info(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Information, message, null, properties);

    public static void Warn(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Warning, message, null, properties);

    public static void Warn(this ILambdaLogger logger, string message, Exception exception, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Warning, message, exception, properties);

    public static void Error(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Error, message, null, properties);

    public static void Error(this ILambdaLogger logger, string message, Exception exception, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Error, message, exception, properties);

    public static void Critical(this ILambdaLogger logger, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Critical, message, null, properties);

    public static void Critical(this ILambdaLogger logger, string message, Exception exception, params ReadOnlySpan<(string Key, object? Value)> properties)
        => logger.Log(LogLevel.Critical, message, exception, properties);
}
