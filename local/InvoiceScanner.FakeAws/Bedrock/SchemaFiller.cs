using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Writes a tool input that satisfies a JSON schema from the stand-in model's answer: only the schema's properties
/// (matched by name, then case-insensitively), each value checked against type, maxLength, pattern, enum and the
/// date format; arrays of objects (line items) filled the same way per item, up to maxItems.
/// </summary>
internal static class SchemaFiller
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    public static void Write(Utf8JsonWriter writer, JsonElement schema, ModelAnswer answer)
    {
        writer.WriteStartObject();
        foreach (var (name, property) in Properties(schema))
        {
            if (Type(property) == "array")
            {
                if (Lookup(answer.Fields, name) is not null || !property.TryGetProperty("items", out var items) || Type(items) != "object")
                    continue;
                if (!string.Equals(name, ModelAnswer.LineItemsName, StringComparison.OrdinalIgnoreCase) || answer.LineItems.Count == 0)
                    continue;
                var max = property.TryGetProperty("maxItems", out var m) && m.TryGetInt32(out var n) ? n : int.MaxValue;
                writer.WriteStartArray(name);
                foreach (var item in answer.LineItems.Take(max))
                {
                    writer.WriteStartObject();
                    foreach (var (cellName, cellSchema) in Properties(items))
                        WriteValue(writer, cellName, cellSchema, Lookup(item, cellName));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            else
            {
                WriteValue(writer, name, property, Lookup(answer.Fields, name));
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, JsonElement schema, string? value)
    {
        if (value is null)
            return;
        switch (Type(schema))
        {
            case "number":
                if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    writer.WriteNumber(name, number);
                return;
            case "integer":
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                    writer.WriteNumber(name, integer);
                return;
            case null or "string":
                if (Fits(schema, value))
                    writer.WriteString(name, value);
                return;
            default:
                return;
        }
    }

    /// <summary>Whether a string satisfies the property's constraints.</summary>
    public static bool Fits(JsonElement schema, string value)
    {
        if (schema.TryGetProperty("maxLength", out var maxLength) && maxLength.TryGetInt32(out var max) && value.Length > max)
            return false;
        if (schema.TryGetProperty("minLength", out var minLength) && minLength.TryGetInt32(out var min) && value.Length < min)
            return false;
        if (schema.TryGetProperty("pattern", out var pattern) && pattern.GetString() is { } regex)
        {
            try
            {
                if (!Regex.IsMatch(value, regex, RegexOptions.None, PatternTimeout))
                    return false;
            }
            catch (Exception error) when (error is ArgumentException or RegexMatchTimeoutException)
            {
                return false;
            }
        }
        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == value))
            return false;
        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date"
            && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return false;
        return true;
    }

    private static IEnumerable<(string Name, JsonElement Schema)> Properties(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => (p.Name, p.Value))
            : [];

    private static string? Type(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
            return null;
        if (type.ValueKind == JsonValueKind.String)
            return type.GetString();
        // ["string", "null"]: the first non-null type.
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not null and not "null")
            : null;
    }

    private static string? Lookup(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var exact) ? exact
        : values.FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
