using System.Buffers;
using System.Text.Json;

namespace InvoiceScanner.Hosting.Metrics;

/// <summary>One value of a CloudWatch metric; <see cref="Unit"/> is CloudWatch's ("Count", "Seconds", "None").</summary>
public sealed record Metric(string Name, double Value, string Unit = "Count");

/// <summary>
/// CloudWatch embedded metric format: a JSON log line whose "_aws" member declares which of its top-level members are
/// metrics and which are dimensions, so CloudWatch Logs turns the line into metrics without an API call (nothing to
/// wait for, nothing to fail). Written through the function's logger, so the line also carries the request id.
/// </summary>
public static class EmbeddedMetrics
{
    public const string Namespace = "InvoiceScanner";

    public static void Emit(this ILambdaLogger logger, DateTimeOffset at, IReadOnlyList<(string Name, string Value)> dimensions, IReadOnlyList<Metric> metrics)
    {
        if (metrics.Count == 0)
            return;
        var properties = new List<(string Key, object? Value)>(dimensions.Count + metrics.Count + 1) { ("_aws", Declaration(at, dimensions, metrics)) };
        properties.AddRange(dimensions.Select(d => (d.Name, (object?)d.Value)));
        properties.AddRange(metrics.Select(m => (m.Name, (object?)m.Value)));
        logger.Log(LogLevel.Information, "metrics", null, properties.ToArray());
    }

    private static JsonElement Declaration(DateTimeOffset at, IReadOnlyList<(string Name, string Value)> dimensions, IReadOnlyList<Metric> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("Timestamp", at.ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", Namespace);
            writer.WriteStartArray("Dimensions");
            writer.WriteStartArray();
            foreach (var (name, _) in dimensions)
                writer.WriteStringValue(name);
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var metric in metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", metric.Name);
                writer.WriteString("Unit", metric.Unit);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
