using InvoiceScanner.Hosting;

namespace InvoiceScanner.TestSupport;

/// <summary>One call to <see cref="ILambdaLogger.Log"/>, as captured by <see cref="CapturingLogger"/>.</summary>
public sealed record CapturedLogEntry(
    LogLevel Level,
    string Message,
    Exception? Exception,
    IReadOnlyList<(string Key, object? Value)> Properties)
{
    /// <summary>The value of the last property named <paramref name="key"/>, or null.</summary>
    public object? Property(string key)
    {
        for (var i = Properties.Count - 1; i >= 0; i--)
        {
            if (Properties[i].Key == key)
                return Properties[i].Value;
        }
        return null;
    }
}

/// <summary>An <see cref="ILambdaLogger"/> that keeps entries in memory for assertions. Thread-safe.</summary>
public sealed class CapturingLogger : ILambdaLogger
{
    private readonly Lock entriesLock = new();
    private readonly List<CapturedLogEntry> entries = [];

    /// <summary>Entries below this level are dropped (default: keep everything).</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    /// <summary>A snapshot, oldest first.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (entriesLock)
                return entries.ToArray();
        }
    }

    public void Log(LogLevel level, string message, Exception? exception = null, params ReadOnlySpan<(string Key, object? Value)> properties)
    {
        if (level < MinimumLevel)
            return;
        var entry = new CapturedLogEntry(level, message, exception, properties.ToArray());
        lock (entriesLock)
            entries.Add(entry);
    }

    public void Clear()
    {
        lock (entriesLock)
            entries.Clear();
    }
}
