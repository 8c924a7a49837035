using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

public sealed record ServicePeriod(Field<DateOnly>? Start, Field<DateOnly>? End);

/// <summary>
/// The service period: two dates joined as a range ("01/28/20 - 02/03/20", "1.3.2024 bis 31.3.2024", "du 1 mars au
/// 31 mars 2024") after a period label on the same row ("Flight Dates", "Service period", "Leistungszeitraum",
/// "Période", "Periodo", "Billing period", "Contract Dates"), or on the line above it when alone in its cell. Without a
/// label a range is not taken: tables list ranges per line.
/// </summary>
public static partial class ServicePeriodExtractor
{
    // What joins the two dates of a range, in the languages the labels cover.
    [GeneratedRegex(@"^\s*(?:-|–|—|to|till|until|through|thru|bis|au|al|a|tot|t/m)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RangeJoin();

    // A period label at the end of the text before the range, with what may sit between it and the first date.
    [GeneratedRegex(@"\b(?<label>" + Labels + @")\s*(?:[:#]|\(.*?\))?\s*(?:from|vom|von|du|del|van)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodLabel();

    // A line that is a period label and nothing else, written above its range.
    [GeneratedRegex(@"^\s*(?<label>" + Labels + @")\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodLabelLine();

    private const string Labels = @"flight(?:\s+dates?)?|(?:contract|schedule|campaign|air|broadcast|service)\s+dates|service\s+period|period\s+of\s+service|performance\s+period|leistungs(?:zeitraum|datum|periode)|lieferzeitraum|abrechnungs(?:zeitraum|periode)|zeitraum|p[ée]riode(?:\s+de\s+(?:prestation|facturation))?|periodo(?:\s+de\s+(?:facturaci[óo]n|servicio))?|periode|billing\s+period|invoice\s+period|contract\s+period|period";


    public static ServicePeriod Extract(ExtractionContext context, DateOrder order)
    {
        var candidates = new List<(double Score, DateOnly Start, DateOnly End, string Raw, AnalyzedRow Row, DateMatch First, DateMatch Second, string Label)>();
        foreach (var row in context.Rows)
        {
            for (var i = 0; i + 1 < row.Dates.Count; i++)
            {
                var (first, second) = (row.Dates[i], row.Dates[i + 1]);
                if (second.Start < first.End || !RangeJoin().IsMatch(row.Text[first.End..second.Start]))
                    continue;
                var before = row.Text[(i == 0 ? 0 : row.Dates[i - 1].End)..first.Start];
                var label = PeriodLabel().Match(before);
                // A range alone in its cell may have its label above it, whatever cells stand to its left ("WYFF4.com").
                var cellStart = Math.Max(row.Row.OffsetOf(row.Row.LineAt(first.Start)), i == 0 ? 0 : row.Dates[i - 1].End);
                if (!label.Success && !row.Text[cellStart..first.Start].Any(char.IsLetter))
                    label = LabelAbove(context, row, row.Row.BoxOf(first.Start, second.End - first.Start));
                if (!label.Success || Range(first, second, order) is not { } range)
                    continue;
                var score = LabelWeight(label.Groups["label"].Value) * ExtractionContext.TextConfidence(row);
                candidates.Add((score, range.Start, range.End, row.Text[first.Start..second.End], row, first, second, label.Groups["label"].Value));
            }
        }
        if (candidates.Count == 0)
            return new ServicePeriod(null, null);
        var best = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Row.Row.Index).First();
        IReadOnlyList<string> trace = [$"range '{best.Raw}' after the period label '{best.Label}' (score {best.Score:0.00})"];
        return new ServicePeriod(
            new Field<DateOnly>(best.Start, best.First.Raw, Math.Round(best.Score, 3), best.Row.Row.EvidenceFor(best.First.Start, best.First.Length)) { Trace = trace },
            new Field<DateOnly>(best.End, best.Second.Raw, Math.Round(best.Score, 3), best.Row.Row.EvidenceFor(best.Second.Start, best.Second.Length)) { Trace = trace });
    }

    /// <summary>
    /// A period label over the range, or in a form's label column just left of it on the row before ("Schedule Dates" at
    /// the label column's edge, its value "05/20/20-06/04/20" in the value column half a row lower).
    /// </summary>
    private static Match LabelAbove(ExtractionContext context, AnalyzedRow row, BoundingBox range)
    {
        if (context.LineAbove(row, range, 2) is { } above && PeriodLabelLine().Match(above.Line.Text) is { Success: true } over)
            return over;
        var index = row.Row.Index;
        if (index == 0)
            return Match.Empty;
        var previous = context.Rows[index - 1].Row;
        if (previous.Page != row.Row.Page)
            return Match.Empty;
        var beside = previous.Lines.LastOrDefault(l => l.Box.Right <= range.Left + 0.005 && range.Left - l.Box.Right <= 0.06);
        return beside is null ? Match.Empty : PeriodLabelLine().Match(beside.Text);
    }

    /// <summary>The range in the document's date order, or the other order when only that one runs forwards.</summary>
    private static (DateOnly Start, DateOnly End)? Range(DateMatch first, DateMatch second, DateOrder order)
    {
        var other = order == DateOrder.DayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
        foreach (var o in new[] { order, other })
        {
            var (start, end) = (first.Value(o), second.Value(o));
            if (start <= end && end.DayNumber - start.DayNumber <= 3 * 366)
                return (start, end);
        }
        return null;
    }

    /// <summary>A label that names the service (a flight of ads, Leistung, prestation) over one that names the billing.</summary>
    private static double LabelWeight(string label) => label.ToLowerInvariant() switch
    {
        var l when l.StartsWith("flight", StringComparison.Ordinal) || l.Contains("service", StringComparison.Ordinal) || l.EndsWith("dates", StringComparison.Ordinal)
            || l.StartsWith("leistung", StringComparison.Ordinal) || l.Contains("prestation", StringComparison.Ordinal)
            || l.StartsWith("liefer", StringComparison.Ordinal) || l.Contains("performance", StringComparison.Ordinal) => 0.92,
        var l when l.StartsWith("billing", StringComparison.Ordinal) || l.StartsWith("invoice", StringComparison.Ordinal)
            || l.StartsWith("abrechnung", StringComparison.Ordinal) || l.Contains("facturation", StringComparison.Ordinal)
            || l.Contains("factura", StringComparison.Ordinal) => 0.75,
        _ => 0.85,
    };
}
