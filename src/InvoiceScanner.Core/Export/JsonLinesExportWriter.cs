using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InvoiceScanner.Core.Export;

/// <summary>JSON Lines (NDJSON): one JSON object per row, each ended by LF; amounts are JSON numbers, dates ISO strings.</summary>
public static class JsonLinesExportWriter
{
    public const string ContentType = "application/x-ndjson";

    public static void Write<T>(Stream output, IEnumerable<T> rows, JsonTypeInfo<T> type)
    {
        using var writer = new Utf8JsonWriter(output);
        foreach (var row in rows)
        {
            JsonSerializer.Serialize(writer, row, type);
            writer.Flush();
            output.WriteByte((byte)'\n');
            // A writer holds one top-level value; reset it for the next line.
            writer.Reset();
        }
    }
}
