using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InvoiceScanner.Hosting;

/// <summary>
/// Writes one JSON object per line (timestamp, level, message, requestId, functionName, traceId, properties,
/// exception) to a stream, stdout by default, where CloudWatch picks it up. Thread-safe; never throws.
/// Usable before the first invocation (init logs simply carry no requestId).
/// </summary>
public sealed class LambdaLogger : ILambdaLogger
{
    private const int MaxInnerExceptionDepth = 5;

    // Field names the logger owns; a caller property with one of these names is written with a leading '_'
    // so it cannot shadow or duplicate the envelope.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "timestamp", "level", "message", "requestId", "functionName", "traceId", "exception",
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Logs are not HTML: keep non-ASCII text readable. Control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private readonly Stream output;
    private readonly TimeProvider timeProvider;
    private readonly Lock writeLock = new();
    private readonly AsyncLocal<InvocationScope?> currentInvocation = new();

    public LambdaLogger(string? functionName, LogLevel minimumLevel, Stream output, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        FunctionName = string.IsNullOrEmpty(functionName) ? null : functionName;
        MinimumLevel = minimumLevel;
        this.output = output;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string? FunctionName { get; }

    public LogLevel MinimumLevel { get; }

    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    /// <summary>
    /// Tags every line logged on this async flow with the request and trace id until disposed.
    /// The host opens one per invocation; AsyncLocal keeps concurrent hosts (tests) from mixing ids.
    /// </summary>
    public IDisposable BeginInvocation(string requestId, string? traceId)
    {
        var previous = currentInvocation.Value;
        var scope = new InvocationScope(this, requestId, traceId, previous);
        currentInvocation.Value = scope;
        return scope;
    }

    public void Log(LogLevel level, string message, Exception? exception = null, params ReadOnlySpan<(string Key, object? Value)> properties)
    {
        if (!IsEnabled(level))
            return;
        byte[]? line = null;
        try
        {
            line = FormatLine(level, message, exception, properties);
        }
        catch (Exception formatFailure)
        {
            // A broken property must not lose the line (or crash the function): fall back to a minimal entry.
            line = FormatLine(LogLevel.Error, "Log entry could not be formatted: " + formatFailure.Message + " | original message: " + message, null, []);
        }
        try
        {
            lock (writeLock)
            {
                output.Write(line);
                output.Flush();
            }
        }
        catch (Exception)
        {
            // Nowhere left to report a failing log stream; dropping the line beats failing the invocation.
        }
    }

    private byte[] FormatLine(LogLevel level, string message, Exception? exception, ReadOnlySpan<(string Key, object? Value)> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(level));
            writer.WriteString("message", message ?? "");
            var invocation = currentInvocation.Value;
            if (invocation is not null)
                writer.WriteString("requestId", invocation.RequestId);
            if (FunctionName is not null)
                writer.WriteString("functionName", FunctionName);
            if (invocation?.TraceId is { Length: > 0 } traceId)
                writer.WriteString("traceId", traceId);
            foreach (var (key, value) in properties)
            {
                if (string.IsNullOrEmpty(key))
                    continue;
                writer.WritePropertyName(ReservedNames.Contains(key) ? "_" + key : key);
                WriteValue(writer, value);
            }
            if (exception is not null)
            {
                writer.WritePropertyName("exception");
                WriteException(writer, exception, 0);
            }
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Lambda's own level names, so CloudWatch's log-level filtering understands the lines.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => level.ToString().ToUpperInvariant(),
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case byte by: writer.WriteNumberValue(by); break;
            case sbyte sb: writer.WriteNumberValue(sb); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case decimal m: writer.WriteNumberValue(m); break;
            // JSON has no NaN/Infinity: those fall through to their string form below.
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto); break;
            case DateTime dt: writer.WriteStringValue(dt); break;
            case Guid g: writer.WriteStringValue(g); break;
            // Nested JSON as it is (the "_aws" member of an embedded-metric line).
            case JsonElement element: element.WriteTo(writer); break;
            case IFormattable formattable: writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(SafeToString(value)); break;
        }
    }

    private static string SafeToString(object value)
    {
        try
        {
            return value.ToString() ?? "";
        }
        catch (Exception ex)
        {
            return $"<{value.GetType().Name}.ToString() threw {ex.GetType().Name}>";
        }
    }

    private static void WriteException(Utf8JsonWriter writer, Exception exception, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("type", exception.GetType().FullName);
        writer.WriteString("message", exception.Message);
        writer.WriteString("stackTrace", exception.StackTrace ?? "");
        if (exception.InnerException is { } inner && depth < MaxInnerExceptionDepth)
        {
            writer.WritePropertyName("innerException");
            WriteException(writer, inner, depth + 1);
        }
        writer.WriteEndObject();
    }

    private sealed class InvocationScope(LambdaLogger owner, string requestId, string? traceId, InvocationScope? previous) : IDisposable
    {
        public string RequestId { get; } = requestId;

        public string? TraceId { get; } = traceId;

        public void Dispose()
        {
            if (owner.currentInvocation.Value == this)
                owner.currentInvocation.Value = previous;
        }
    }
}
