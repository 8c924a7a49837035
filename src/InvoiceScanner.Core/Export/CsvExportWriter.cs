using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace InvoiceScanner.Core.Export;

/// <summary>
/// RFC 4180 CSV: a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled),
/// UTF-8 without a byte order mark. The columns are the row type's JSON properties, so the header equals the JSON Lines
/// names. A text cell that a spreadsheet would run as a formula (= + - @, tab or CR first) is prefixed with a single
/// quote; numbers and dates are written plain and invariant (12.50, -12.50, 2026-11-20): they never come from the
/// document's text, so a minus there is a sign, not a formula.
/// </summary>
public static class CsvExportWriter
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write<T>(Stream output, IEnumerable<T> rows, JsonTypeInfo<T> type)
    {
        var columns = type.Properties;
        using var writer = new StreamWriter(output, Utf8NoBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', columns.Select(c => Quote(c.Name))));
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                    writer.Write(',');
                writer.Write(Quote(Cell(columns[i].Get!(row!))));
            }
            writer.WriteLine();
        }
    }

    /// <summary>A cell's text; text from the document is neutralised, values of other types are written as they are.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string text => Neutralise(text),
        IEnumerable<string> codes => Neutralise(string.Join(';', codes)),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // As System.Text.Json writes a UTC time: seconds, fractions only where there are some, Z.
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"No CSV form for {value.GetType().Name}."),
    };

    /// <summary>Keeps a spreadsheet from running a cell as a formula (CSV injection): the leading quote makes it text.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
