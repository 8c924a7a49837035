using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// Where an approved value is printed on its invoice, found with the extractor's own parsers: an amount in whatever
/// convention the page writes it (1.234,56 / 1,234.56 / 1234.56), a date in any of the page's formats (and which
/// day/month order it proves), a text as the same letters and digits over consecutive words.
/// </summary>
internal static class ValueLocator
{
    public static IEnumerable<(ValueSpot Spot, DateOrder? Order)> Locate(ExtractionContext context, ValueKind kind, string canonical) => kind switch
    {
        ValueKind.Amount => Amounts(context, CorrectedValues.Read<decimal>(canonical)).Select(s => (s, (DateOrder?)null)),
        ValueKind.Date => Dates(context, CorrectedValues.Read<DateOnly>(canonical)),
        _ => Texts(context, TextKey.Compact(CorrectedValues.Raw(canonical))).Select(s => (s, (DateOrder?)null)),
    };

    private static List<ValueSpot> Amounts(ExtractionContext context, decimal value)
    {
        if (value == 0)
            return [];
        var spots = AmountsIn(context.Rows, value);
        if (spots.Count > 0)
            return spots;
        // The page's decimal convention was guessed wrong (or not at all): read it the other ways.
        foreach (var style in new[] { DecimalStyle.Point, DecimalStyle.Comma }.Where(s => s != context.DecimalStyle))
        {
            spots = AmountsIn(context.Rows.Select(r => RowAnalyzer.Analyze(r.Row, style)).ToList(), value);
            if (spots.Count > 0)
                return spots;
        }
        return [];
    }

    private static List<ValueSpot> AmountsIn(IReadOnlyList<AnalyzedRow> rows, decimal value) =>
        rows.SelectMany(r => r.Amounts.Where(a => Math.Abs(a.Value) == Math.Abs(value)).Select(a => new ValueSpot(r, a.Start, a.Length))).ToList();

    private static IEnumerable<(ValueSpot, DateOrder?)> Dates(ExtractionContext context, DateOnly value)
    {
        foreach (var row in context.Rows)
            foreach (var d in row.Dates)
            {
                if (d.DayFirst != value && d.MonthFirst != value)
                    continue;
                // An ambiguous date read one way only teaches the vendor's order.
                DateOrder? order = !d.IsAmbiguous ? null : d.DayFirst == value ? DateOrder.DayFirst : DateOrder.MonthFirst;
                yield return (new ValueSpot(row, d.Start, d.Length), order);
            }
    }

    /// <summary>Runs of consecutive words whose letters and digits are the value's.</summary>
    private static IEnumerable<ValueSpot> Texts(ExtractionContext context, string value)
    {
        if (value.Length == 0)
            yield break;
        foreach (var row in context.Rows)
        {
            var words = RowWords.Of(row.Text);
            for (var i = 0; i < words.Count; i++)
            {
                var joined = "";
                for (var j = i; j < words.Count && joined.Length < value.Length; j++)
                {
                    joined += TextKey.Compact(row.Text[words[j].Start..words[j].End]);
                    if (joined == value)
                    {
                        yield return new ValueSpot(row, words[i].Start, words[j].End - words[i].Start);
                        break;
                    }
                    if (!value.StartsWith(joined, StringComparison.Ordinal))
                        break;
                }
            }
        }
    }
}
