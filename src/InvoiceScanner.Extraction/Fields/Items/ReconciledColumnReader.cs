using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields.Items;

/// <summary>
/// Line items found by the totals they must add up to, for tables no header reading understood (compound headers such
/// as "Nettobetrag", the amount on the line under its description, spot lists): above the document's totals, the
/// money amounts are put in columns by their aligned edge (or, for a table whose column shifts between pages, by being
/// their row's last amount near the right edge), and the longest unbroken run of one column that adds up to the
/// net (or the total, or total − tax) is the amount column. Each of its amounts is an item; its description and quantity ×
/// unit price come from its own row or the rows just above it. Nothing is returned unless the arithmetic closes, so this
/// never replaces a reading with a guess.
/// </summary>
public static partial class ReconciledColumnReader
{
    [GeneratedRegex(@"^\s*\d{1,3}\s{2,}")]
    private static partial Regex PositionNumber();

    // Page-relative distance within which two numbers' edges count as one column.
    private const double ColumnSlack = 0.012;
    private const int MaxRowsAbove = 4;
    // How far left of the page's right-most amount a row's last amount may end and still be in the amount column.
    private const double RightEdgeSlack = 0.08;

    private static readonly HashSet<AmountRole> TotalsRoles =
        [AmountRole.Total, AmountRole.Due, AmountRole.Subtotal, AmountRole.Tax, AmountRole.Paid, AmountRole.Change, AmountRole.Rounding, AmountRole.ServiceCharge];

    private sealed record Cell(AnalyzedRow Row, AmountMatch Amount, double Edge);

    public static IReadOnlyList<LineItem> Read(ExtractionContext context, IReadOnlyList<LabelledAmount> labelled, InvoiceFields fields)
    {
        var targets = Targets(fields);
        if (targets.Count == 0)
            return [];
        var end = TableEnd(context, fields);
        // A totals row labels its amount on the row itself; an item row under a "Nettobetrag" heading is no totals row.
        var totalsRows = labelled.Where(a => TotalsRoles.Contains(a.Role) && a.LabelWeight >= 2 && a.Row.Text.Contains(a.Label, StringComparison.Ordinal))
            .Select(a => a.Row).ToHashSet();
        var cells = context.Rows.Take(end).Where(r => !totalsRows.Contains(r) && !context.IsPageFurniture(r))
            .SelectMany(r => r.Amounts.Where(a => (a.HasDecimals || a.CurrencyCode is not null) && a.Value != 0)
                .Select(a => (Row: r, Amount: DetachedMinus.Signed(r, a), Box: r.Row.BoxOf(a.Start, a.Length))))
            .ToList();
        if (cells.Count == 0)
            return [];

        List<Cell>? best = null;
        foreach (var column in Columns(cells, c => c.Box.Right).Concat(Columns(cells, c => c.Box.Left)).Append(RightEdgeColumn(cells)))
        {
            if (LongestRunAddingUp(column, targets) is { } run && (best is null || run.Count > best.Count || (run.Count == best.Count && run[0].Edge > best[0].Edge)))
                best = run;
        }
        return best is null ? [] : best.Select((cell, i) => ToItem(context, cell, i == 0 ? null : best[i - 1].Row)).ToList();
    }

    /// <summary>What the item amounts may add up to: the net, the total less its tax, the total.</summary>
    private static List<decimal> Targets(InvoiceFields f)
    {
        var targets = new List<decimal>();
        if (f.Subtotal is { } s) targets.Add(s.Value);
        if (f.Total is { } t)
        {
            if (f.Tax is { } tax) targets.Add(t.Value - tax.Value);
            targets.Add(t.Value);
        }
        return targets.Where(v => v != 0).Distinct().ToList();
    }

    /// <summary>
    /// The first row of the chosen totals or of the VAT breakdown: the table ends above it (the whole document when there is
    /// neither).
    /// </summary>
    private static int TableEnd(ExtractionContext context, InvoiceFields f)
    {
        var evidence = new[] { f.Subtotal?.Evidence, f.Tax?.Evidence, f.Total?.Evidence }.OfType<Evidence>().ToList();
        var rows = context.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            if (evidence.Any(e => e.Page == rows[i].Row.Page && e.Line == rows[i].Text) || (rows[i].Amounts.Count == 0 && Labels.IsTaxBreakdownHeading(rows[i].Text)))
                return i;
        }
        return rows.Count;
    }

    /// <summary>Cells grouped by an edge, in reading order within each group.</summary>
    private static IEnumerable<List<Cell>> Columns(List<(AnalyzedRow Row, AmountMatch Amount, BoundingBox Box)> cells,
        Func<(AnalyzedRow Row, AmountMatch Amount, BoundingBox Box), double> edge)
    {
        var sorted = cells.Select(c => new Cell(c.Row, c.Amount, edge(c))).OrderBy(c => c.Edge).ToList();
        var group = new List<Cell> { sorted[0] };
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i < sorted.Count && sorted[i].Edge - sorted[i - 1].Edge <= ColumnSlack)
            {
                group.Add(sorted[i]);
                continue;
            }
            yield return group.OrderBy(c => c.Row.Row.Index).ThenBy(c => c.Amount.Start).ToList();
            if (i < sorted.Count)
                group = [sorted[i]];
        }
    }

    /// <summary>
    /// Each row's last amount where it ends near the page's right-most amount: the amount column of a table whose pages
    /// were laid out apart (the column shifts from one page to the next).
    /// </summary>
    private static List<Cell> RightEdgeColumn(List<(AnalyzedRow Row, AmountMatch Amount, BoundingBox Box)> cells)
    {
        var last = cells.GroupBy(c => c.Row).Select(g => g.MaxBy(c => c.Amount.Start)).Select(c => new Cell(c.Row, c.Amount, c.Box.Right)).ToList();
        var rightMost = last.GroupBy(c => c.Row.Row.Page).ToDictionary(g => g.Key, g => g.Max(c => c.Edge));
        return last.Where(c => rightMost[c.Row.Row.Page] - c.Edge <= RightEdgeSlack).OrderBy(c => c.Row.Row.Index).ToList();
    }

    /// <summary>The longest run of consecutive cells whose sum is one of the targets; a single cell only with a description on its row.</summary>
    private static List<Cell>? LongestRunAddingUp(List<Cell> column, List<decimal> targets)
    {
        List<Cell>? best = null;
        for (var from = 0; from < column.Count; from++)
        {
            var sum = 0m;
            for (var to = from; to < column.Count; to++)
            {
                sum += column[to].Amount.Value;
                var count = to - from + 1;
                var slack = InvoiceValidator.Tolerance * Math.Max(1, count / 4);
                if ((best is null || count > best.Count) && targets.Any(t => Math.Abs(t - sum) <= slack)
                    && (count > 1 || Letters(column[from].Row.Text[..column[from].Amount.Start]) >= 3))
                    best = column.GetRange(from, count);
            }
        }
        return best;
    }

    private static LineItem ToItem(ExtractionContext context, Cell cell, AnalyzedRow? previousItemRow)
    {
        var (descriptionRow, quantity, unitPrice) = DescriptionRow(context, cell, previousItemRow);
        var confidence = Math.Round(ExtractionContext.TextConfidence(cell.Row) * 0.9, 3);
        const string amountTrace = "the amount column adds up to the document's net or total";
        Field<decimal> Number(AnalyzedRow row, AmountMatch m, string rule) =>
            new(m.Value, m.Raw, confidence, row.Row.EvidenceFor(m.Start, m.Length)) { Trace = [rule] };

        var descriptionEnd = new[] { quantity?.Start, unitPrice?.Start, descriptionRow == cell.Row ? cell.Amount.Start : null }
            .OfType<int>().DefaultIfEmpty(descriptionRow.Text.Length).Min();
        var text = descriptionRow.Text[..descriptionEnd];
        var start = text.Length - text.TrimStart().Length;
        // A leading position number ("1", "2") is the row's ordinal, not part of the description.
        var position = PositionNumber().Match(text);
        if (position.Success)
            start = position.Length;
        var description = text[start..].Trim();
        return new LineItem(cell.Row.Row.Page)
        {
            Description = description.Length == 0 ? null : new Field<string>(description, description, confidence, descriptionRow.Row.EvidenceFor(start, description.Length))
            {
                Trace = [descriptionRow == cell.Row ? "row text before the numbers" : "the row above the amount"],
            },
            Quantity = quantity is null ? null : Number(descriptionRow, quantity, "quantity × unit price = amount"),
            UnitPrice = unitPrice is null ? null : Number(descriptionRow, unitPrice, "quantity × unit price = amount"),
            Amount = Number(cell.Row, cell.Amount, amountTrace),
        };
    }

    /// <summary>
    /// The row that describes the amount: its own row or one just above (not above the previous item), preferring the row
    /// whose numbers multiply to the amount, then the nearest with words.
    /// </summary>
    private static (AnalyzedRow Row, AmountMatch? Quantity, AmountMatch? UnitPrice) DescriptionRow(ExtractionContext context, Cell cell, AnalyzedRow? previousItemRow)
    {
        var rows = context.Rows;
        var band = new List<AnalyzedRow> { cell.Row };
        for (var i = cell.Row.Row.Index - 1; i >= 0 && band.Count <= MaxRowsAbove; i--)
        {
            var row = rows[i];
            if (row.Row.Page != cell.Row.Row.Page || row == previousItemRow)
                break;
            band.Add(row);
        }
        foreach (var row in band)
        {
            var numbers = row.Amounts.Where(a => a != cell.Amount && a.End <= (row == cell.Row ? cell.Amount.Start : row.Text.Length)).ToList();
            for (var x = 0; x < numbers.Count; x++)
                for (var y = x + 1; y < numbers.Count; y++)
                {
                    var (a, b) = (numbers[x], numbers[y]);
                    if (a.Value > 0 && b.Value > 0 && Math.Abs(a.Value * b.Value - cell.Amount.Value) <= 0.011m && Letters(row.Text) >= 3)
                        return !a.HasDecimals || b.HasDecimals ? (row, a, b) : (row, b, a); // a count has no decimals; else quantity comes first
                }
        }
        var described = band.FirstOrDefault(r => Letters(r == cell.Row ? r.Text[..cell.Amount.Start] : r.Text) >= 3);
        return (described ?? cell.Row, null, null);
    }

    private static int Letters(string text) => text.Count(char.IsLetter);
}
