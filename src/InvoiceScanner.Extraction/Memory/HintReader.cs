using InvoiceScanner.Core.Review;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// Reads a field on a new invoice where a hint says its vendor prints it: every value of the field's kind the
/// extractor's parsers find (amounts, dates, words) whose label, read as the learner read it, is the hint's label on the
/// same side, on the same page and in about the same column; the nearest to the remembered place wins.
/// </summary>
internal static class HintReader
{
    /// <summary>How far a value may move sideways from the remembered place (page widths): further is another layout.</summary>
    private const double MaxShift = 0.2;

    /// <summary>
    /// The value under the hint's label nearest the remembered place; null where the label stands before different values
    /// in several places (a column of a table, a line's own dates), which is not a clear reading.
    /// </summary>
    public static HintReading? Read(ExtractionContext context, FieldHint hint, DateOrder? documentOrder)
    {
        var lastPage = context.Document.Pages.Count == 0 ? 0 : context.Document.Pages.Max(p => p.Number);
        HintReading? best = null;
        var bestDistance = double.MaxValue;
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (spot, canonical, raw, ambiguous) in Candidates(context, hint, documentOrder))
        {
            if (!(spot.Page == hint.Page || hint.OnLastPage && spot.Page == lastPage))
                continue;
            var box = spot.Box;
            var shift = Math.Min(Math.Abs(box.Left - hint.X), Math.Abs(box.Right - hint.Right));
            if (shift > MaxShift || SpotLabels.Of(context, spot) is not var (label, direction) || direction != hint.Direction
                || SpotLabels.Key(label) != hint.LabelKey)
                continue;
            // A column of amounts or dates under a heading is a table: which row the vendor meant is not clear.
            if (direction == HintDirection.Below && ColumnContinues(context, spot, hint.Kind))
                return null;
            values.Add(canonical);
            var distance = shift + Math.Abs(box.CenterY - hint.Y);
            if (distance >= bestDistance)
                continue;
            best = new HintReading(canonical, raw, spot.Evidence, hint, ExtractionContext.TextConfidence(spot.Row), ambiguous);
            bestDistance = distance;
        }
        return values.Count == 1 ? best : null;
    }

    /// <summary>Whether the row after the spot has an amount (or a date) in the spot's column.</summary>
    private static bool ColumnContinues(ExtractionContext context, ValueSpot spot, ValueKind kind)
    {
        var next = spot.Row.Row.Index + 1;
        if (kind is not (ValueKind.Amount or ValueKind.Date) || next >= context.Rows.Count || context.Rows[next].Row.Page != spot.Page)
            return false;
        var row = context.Rows[next];
        var box = spot.Box;
        var starts = kind == ValueKind.Amount ? row.Amounts.Select(a => (a.Start, a.Length)) : row.Dates.Select(d => (d.Start, d.Length));
        return starts.Select(v => row.Row.BoxOf(v.Start, v.Length)).Any(b => Math.Min(b.Right, box.Right) > Math.Max(b.Left, box.Left));
    }

    private static IEnumerable<(ValueSpot Spot, string Canonical, string Raw, bool Ambiguous)> Candidates(ExtractionContext context, FieldHint hint, DateOrder? documentOrder) =>
        hint.Kind switch
        {
            ValueKind.Amount => context.Rows.SelectMany(r => r.Amounts.Where(a => hint.Decimals is not { } d || a.DecimalDigits == d)
                .Select(a => (new ValueSpot(r, a.Start, a.Length), CorrectedValues.Write(a.Value), a.Raw, false))),
            ValueKind.Date => context.Rows.SelectMany(r => r.Dates.Select(d =>
            {
                var order = hint.Order ?? documentOrder;
                return (new ValueSpot(r, d.Start, d.Length), CorrectedValues.Write(d.Value(order ?? DateOrder.DayFirst)), d.Raw, d.IsAmbiguous && order is null);
            })),
            _ => context.Rows.SelectMany(r => Texts(r, hint)),
        };

    /// <summary>The words from each word on: as many as the approved value had, or a name's to the end of its cell.</summary>
    private static IEnumerable<(ValueSpot, string, string, bool)> Texts(Layout.AnalyzedRow row, FieldHint hint)
    {
        var text = row.Text;
        var words = RowWords.Of(text);
        for (var i = 0; i < words.Count; i++)
        {
            var start = words[i].Start;
            if (!hint.ToCellEnd && i + hint.Words > words.Count)
                break;
            var end = hint.ToCellEnd ? RowWords.CellEnd(text, start) : words[i + hint.Words - 1].End;
            if (end <= start)
                continue;
            var raw = Trim(text[start..end], hint.HasDigit);
            // A cell ending in a colon is the next label, not a value ("Advertiser:  External ID:").
            if (raw.Length == 0 || raw.EndsWith(':') || hint.HasDigit && !raw.Any(char.IsDigit))
                continue;
            yield return (new ValueSpot(row, start, raw.Length), CorrectedValues.Write(raw), raw, false);
        }
    }

    /// <summary>Punctuation that closes a phrase is not part of an identifier ("RE-17," "4711.").</summary>
    private static string Trim(string value, bool identifier) =>
        identifier ? value.Trim().TrimEnd(',', ';', '.', ')') : value.Trim().TrimEnd(',', ';');
}
