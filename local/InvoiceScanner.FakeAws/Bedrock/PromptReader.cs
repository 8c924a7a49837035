using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Reads the refiner's prompt the way a model would have to: the document text between &lt;document-NONCE&gt; markers
/// (pages introduced by "--- page N ---"), a draft answer as a JSON object between &lt;draft-NONCE&gt; markers, and a
/// locale hint from the system prompt. Prompts without markers are read as plain document text.
/// </summary>
internal static partial class PromptReader
{
    public sealed record Prompt(string DocumentText, JsonElement? Draft, string? LocaleHint);

    public static Prompt Read(string systemText, string userText)
    {
        var document = DocumentFence().Match(userText) is { Success: true } d ? d.Groups["body"].Value : null;
        JsonElement? draft = null;
        if (DraftFence().Match(userText) is { Success: true } m)
            draft = ParseObject(m.Groups["body"].Value);
        if (document is null)
        {
            var plain = DraftFence().Replace(userText, "");
            draft ??= ParseObject(plain);
            document = draft is null ? plain : "";
        }
        var locale = LocaleHint().Match(systemText) is { Success: true } l ? l.Groups["locale"].Value : null;
        return new Prompt(document, draft, locale);
    }

    /// <summary>
    /// The document text as an OCR document. The prompt lists OCR lines in reading order, which splits a layout's
    /// columns: a run of short label lines ("Invoice #", "Date") followed by as many value lines is put back into a
    /// table (labels over values, cell by cell), a label line followed by one value line becomes one row
    /// ("Total  $12.00"), and every other line gets a row of its own; boxes follow rows and columns.
    /// </summary>
    public static OcrDocument ToOcrDocument(string text)
    {
        var pages = new List<(int Number, List<string> Lines)>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (PageMarker().Match(raw) is { Success: true } marker)
            {
                pages.Add((int.Parse(marker.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), []));
                continue;
            }
            var line = raw.Trim();
            if (line.Length == 0 || line == "[... text cut ...]")
                continue;
            if (pages.Count == 0)
                pages.Add((1, []));
            pages[^1].Lines.Add(line);
        }
        if (pages.Count == 0)
            pages.Add((1, []));

        var result = new List<OcrPage>();
        foreach (var (number, lines) in pages)
        {
            var rows = Rows(lines);
            var columns = Math.Max(60, lines.Count == 0 ? 1 : lines.Max(l => l.Length));
            var height = Math.Max(40, rows.Count);
            var ocrLines = new List<OcrLine>();
            for (var r = 0; r < rows.Count; r++)
            {
                var cells = rows[r];
                for (var c = 0; c < cells.Count; c++)
                {
                    var (left, span) = cells.Count switch
                    {
                        1 => (0.05, 0.9),
                        2 => c == 0 ? (0.05, 0.5) : (0.6, 0.35),
                        _ => (0.05 + 0.9 * c / cells.Count, 0.9 / cells.Count - 0.01),
                    };
                    ocrLines.Add(Line(cells[c], left, Math.Min(span, (double)cells[c].Length / columns), r, height));
                }
            }
            result.Add(new OcrPage(number, 1, 1, ocrLines));
        }
        return new OcrDocument("bedrock-prompt", result);
    }

    private static List<List<string>> Rows(List<string> lines)
    {
        var rows = new List<List<string>>();
        var i = 0;
        while (i < lines.Count)
        {
            var labels = 0;
            while (labels < 8 && i + labels < lines.Count && IsLabel(lines[i + labels]))
                labels++;
            if (labels > 0)
            {
                var chunks = new List<List<string>>();
                var j = i + labels;
                while (j + labels <= lines.Count && IsRow(lines.GetRange(j, labels)) && (labels > 1 || chunks.Count == 0))
                {
                    chunks.Add(lines.GetRange(j, labels));
                    j += labels;
                }
                if (chunks.Count > 0)
                {
                    if (labels == 1)
                    {
                        rows.Add([lines[i], chunks[0][0]]);
                    }
                    else
                    {
                        rows.Add(lines.GetRange(i, labels));
                        rows.AddRange(chunks);
                    }
                    i = j;
                    continue;
                }
            }
            rows.Add([lines[i]]);
            i++;
        }
        return rows;
    }

    /// <summary>"Invoice #", "Due Date", "Sales Tax (8.625%)": a few words, mostly letters.</summary>
    private static bool IsLabel(string line)
    {
        var letters = line.Count(char.IsLetter);
        return line.Length <= 24 && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3 && letters >= 2 && letters > line.Count(char.IsDigit);
    }

    /// <summary>Values under labels: every cell has a digit, or (3+ columns) a text cell followed by numbers.</summary>
    private static bool IsRow(List<string> cells) =>
        cells.All(c => c.Any(char.IsDigit))
        || (cells.Count >= 3 && cells[0].Any(char.IsLetter) && cells.Skip(1).All(c => c.Any(char.IsDigit) && c.Count(char.IsLetter) <= 3));

    private static OcrLine Line(string text, double left, double width, int row, int rows)
    {
        var top = (row + 0.1) / rows;
        var height = 0.8 / rows;
        var words = new List<OcrWord>();
        var index = 0;
        foreach (var token in text.Split(' '))
        {
            if (token.Length > 0)
                words.Add(new OcrWord(token, new BoundingBox(left + width * index / text.Length, top, width * token.Length / text.Length, height), 1));
            index += token.Length + 1;
        }
        return new OcrLine(text, new BoundingBox(left, top, width, height), 1, words);
    }

    private static JsonElement? ParseObject(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{'))
            return null;
        try
        {
            using var json = JsonDocument.Parse(trimmed);
            return json.RootElement.ValueKind == JsonValueKind.Object ? json.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<document-(?<nonce>[A-Za-z0-9]+)>\n?(?<body>.*?)\n?</document-\k<nonce>>", RegexOptions.Singleline)]
    private static partial Regex DocumentFence();

    [GeneratedRegex(@"<draft-(?<nonce>[A-Za-z0-9]+)>\n?(?<body>.*?)\n?</draft-\k<nonce>>", RegexOptions.Singleline)]
    private static partial Regex DraftFence();

    [GeneratedRegex(@"^--- page (?<n>\d{1,5}) ---$")]
    private static partial Regex PageMarker();

    [GeneratedRegex(@"read it as locale (?<locale>[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*) does")]
    private static partial Regex LocaleHint();
}
