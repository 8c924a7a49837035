using System.Text.Json;

namespace InvoiceScanner.Core.Api;

/// <summary>How every route words a body that is not valid JSON.</summary>
public static class InvalidJson
{
    /// <summary>
    /// Where the body went wrong, never the serializer's own text: that names .NET types ("could not be converted to
    /// System.Nullable`1[System.Int64]") and its own position format, which say nothing to a client and show how the
    /// service is built.
    /// </summary>
    public static string Message(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = new List<string>(2);
        if (!string.IsNullOrEmpty(error.Path) && error.Path != "$")
            where.Add("at " + error.Path);
        if (error.LineNumber is { } line && error.BytePositionInLine is { } position)
            where.Add(FormattableString.Invariant($"line {line + 1}, position {position + 1}"));
        var suffix = where.Count > 0 ? " (" + string.Join(", ", where) + ")" : "";
        return $"The body is not valid JSON for this request{suffix}: a value is malformed or of the wrong type.";
    }
}
