using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Hosting;

/// <summary>
/// The variables Lambda sets for the hosting layer, read through the one <see cref="SettingsReader"/> so tests can
/// supply their own.
/// </summary>
public sealed record LambdaEnvironment
{
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";
    public const string FunctionNameVariable = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersionVariable = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string MemorySizeVariable = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LambdaLogLevelVariable = "AWS_LAMBDA_LOG_LEVEL";
    public const string LogLevelVariable = "LOG_LEVEL";
    public const string RegionVariable = "AWS_REGION";
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>host:port of the Runtime API; null when not running inside Lambda (or a local emulator).</summary>
    public string? RuntimeApi { get; init; }

    public string FunctionName { get; init; } = "";

    public string? FunctionVersion { get; init; }

    public int MemoryLimitInMB { get; init; }

    public string? Region { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    public static LambdaEnvironment FromProcess() => FromVariables(Environment.GetEnvironmentVariable);

    public static LambdaEnvironment FromVariables(IReadOnlyDictionary<string, string> variables)
        => FromVariables(name => variables.TryGetValue(name, out var value) ? value : null);

    public static LambdaEnvironment FromVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var read = new SettingsReader(getVariable);
        // AWS_LAMBDA_LOG_LEVEL is what Lambda's advanced logging controls set; LOG_LEVEL is the conventional fallback.
        var level = ParseLogLevel(read.Text(LambdaLogLevelVariable) ?? read.Text(LogLevelVariable));
        return new LambdaEnvironment
        {
            RuntimeApi = read.Text(RuntimeApiVariable),
            FunctionName = read.Text(FunctionNameVariable) ?? "",
            FunctionVersion = read.Text(FunctionVersionVariable),
            MemoryLimitInMB = read.Integer(MemorySizeVariable, 0, 0, int.MaxValue),
            Region = read.Text(RegionVariable),
            MinimumLogLevel = level,
        };
    }

    /// <summary>
    /// Accepts Lambda's names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) and this enum's names, case-insensitively.
    /// Unknown or missing values give <paramref name="fallback"/>.
    /// </summary>
    public static LogLevel ParseLogLevel(string? value, LogLevel fallback = LogLevel.Information)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return value.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "CRITICAL" => LogLevel.Critical,
            _ => fallback,
        };
    }
}
