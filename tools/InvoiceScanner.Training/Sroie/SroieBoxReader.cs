using System.Globalization;
using System.Text;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Training.Sroie;

/// <summary>
/// Reads an ICDAR 2019 SROIE box file (<c>x1,y1,x2,y2,x3,y3,x4,y4,text</c> per row, pixels) as an
/// <see cref="OcrDocument"/> with one page: one line per row, words split on spaces with boxes proportional to
/// their character offsets, confidence 1 (the dataset's lines are ground truth OCR).
/// </summary>
public static class SroieBoxReader
{
    public const string EngineName = "sroie-box";

    public static OcrDocument ReadFile(string path) => Read(File.ReadAllBytes(path));

    /// <summary>Decodes as UTF-8, replacing stray invalid bytes rather than failing.</summary>
    public static OcrDocument Read(byte[] content) =>
        Parse(new UTF8Encoding(false, false).GetString(content));

    public static OcrDocument Parse(string content)
    {
        var rows = new List<(double[] Coords, string Text)>();
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var row = ParseRow(line);
            if (row is not null)
                rows.Add(row.Value);
        }

        // The files carry no page size: the extent of the text stands in for it (words never exceed the page).
        var width = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => Math.Max(Math.Max(r.Coords[0], r.Coords[2]), Math.Max(r.Coords[4], r.Coords[6]))));
        var height = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => Math.Max(Math.Max(r.Coords[1], r.Coords[3]), Math.Max(r.Coords[5], r.Coords[7]))));

        var lines = new List<OcrLine>(rows.Count);
        foreach (var (coords, text) in rows)
        {
            var left = Min(coords[0], coords[2], coords[4], coords[6]) / width;
            var right = Max(coords[0], coords[2], coords[4], coords[6]) / width;
            var top = Min(coords[1], coords[3], coords[5], coords[7]) / height;
            var bottom = Max(coords[1], coords[3], coords[5], coords[7]) / height;
            var box = BoundingBox.FromEdges(Clamp(left), Clamp(top), Clamp(right), Clamp(bottom));
            lines.Add(new OcrLine(text, box, 1.0, SplitWords(text, box)));
        }
        return new OcrDocument(EngineName, [new OcrPage(1, width, height, lines)]);
    }

    /// <summary>Splits on the first 8 commas only: the text itself may contain commas.</summary>
    internal static (double[] Coords, string Text)? ParseRow(string line)
    {
        var coords = new double[8];
        var position = 0;
        for (var i = 0; i < 8; i++)
        {
            var comma = line.IndexOf(',', position);
            if (comma < 0)
                return null;
            if (!double.TryParse(line.AsSpan(position, comma - position).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out coords[i]))
                return null;
            position = comma + 1;
        }
        var text = CleanText(line[position..]);
        return text.Length == 0 ? null : (coords, text);
    }

    /// <summary>Drops replacement characters and control bytes left by stray non-ASCII bytes; trims.</summary>
    private static string CleanText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c != '\t'))
                continue;
            sb.Append(c == '\t' ? ' ' : c);
        }
        return sb.ToString().Trim();
    }

    /// <summary>Words on spaces; each word's box spans its share of the line's width by character offset.</summary>
    public static IReadOnlyList<OcrWord> SplitWords(string text, BoundingBox lineBox, double confidence = 1.0)
    {
        var words = new List<OcrWord>();
        if (text.Length == 0)
            return words;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length) break;
            var start = i;
            while (i < text.Length && text[i] != ' ') i++;
            var left = lineBox.Left + lineBox.Width * start / text.Length;
            var right = lineBox.Left + lineBox.Width * i / text.Length;
            words.Add(new OcrWord(text[start..i], BoundingBox.FromEdges(left, lineBox.Top, right, lineBox.Bottom), confidence));
        }
        return words;
    }

    private static double Clamp(double v) => Math.Clamp(v, 0, 1);
    private static double Min(params double[] v) => v.Min();
    private static double Max(params double[] v) => v.Max();
}
