using InvoiceScanner.Core.Documents;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>Characters [Start, Start + Length) of a row's text: where a value is printed.</summary>
internal sealed record ValueSpot(AnalyzedRow Row, int Start, int Length)
{
    public int End => Start + Length;
    public BoundingBox Box => Row.Row.BoxOf(Start, Length);
    public int Page => Row.Row.Page;
    public Evidence Evidence => Row.Row.EvidenceFor(Start, Length);
}

/// <summary>
/// The label of a printed value, read as the extractor's key–value rules read one: the nearest cell with letters
/// before it on its row, after the previous amount or date (<c>AmountFieldsExtractor.LabelAll</c>, the date rules), else
/// the line written over it (<see cref="ExtractionContext.LineAbove"/>). The learner and the prior both read labels here,
/// so a label learnt on one invoice is recognised on the next by the same reading.
/// </summary>
internal static class SpotLabels
{
    /// <summary>A label longer than this many words is running text; its last words are the label.</summary>
    private const int MaxWords = 6;

    public static (string Label, HintDirection Direction)? Of(ExtractionContext context, ValueSpot spot)
    {
        var segment = spot.Row.Text[PreviousValueEnd(spot)..spot.Start].TrimEnd();
        var cell = segment.Split("  ", StringSplitOptions.RemoveEmptyEntries).LastOrDefault(c => c.Any(char.IsLetter));
        if (cell is not null)
            return (LastWords(cell.Trim()), HintDirection.Beside);
        if (context.LineAbove(spot.Row, spot.Box) is { } above && above.Line.Text.Any(char.IsLetter))
            return (LastWords(above.Line.Text.Trim()), HintDirection.Below);
        return null;
    }

    /// <summary>The label's letters in lower case, what two printings of one label share.</summary>
    public static string Key(string label) =>
        new(label.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());

    /// <summary>The end of the last amount or date before the spot on its row (0 when none): a label never reaches past a value.</summary>
    private static int PreviousValueEnd(ValueSpot spot)
    {
        var end = 0;
        foreach (var a in spot.Row.Amounts)
            if (a.End <= spot.Start && a.End > end)
                end = a.End;
        foreach (var d in spot.Row.Dates)
            if (d.End <= spot.Start && d.End > end)
                end = d.End;
        return end;
    }

    private static string LastWords(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxWords ? text : string.Join(' ', words[^MaxWords..]);
    }
}

/// <summary>The words of a row's text with their places: runs between spaces and colons (a "#" before one is not part of it).</summary>
internal static class RowWords
{
    public static List<(int Start, int End)> Of(string text)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is ':' or '#')) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ':') i++;
            if (i > start)
                words.Add((start, i));
        }
        return words;
    }

    /// <summary>Where the cell holding <paramref name="at"/> ends: the next gap of two spaces (the row's column gap) or the row's end.</summary>
    public static int CellEnd(string text, int at)
    {
        var gap = text.IndexOf("  ", at, StringComparison.Ordinal);
        return gap < 0 ? text.TrimEnd().Length : gap;
    }
}
