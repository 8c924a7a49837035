using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Items;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>
/// Line items from the table between a column header row and the totals. Numbers are put in columns by the
/// header's x positions when there is a header, otherwise by arithmetic (qty × unit price = amount). A row with
/// no amount continues the previous item's description when it sits in the description column right under it.
/// The table may continue on following pages: a repeated header is skipped and the rows go on.
/// </summary>
public static partial class LineItemExtractor
{
    private enum Column { Description, Quantity, UnitPrice, Amount, Code, Other }

    [GeneratedRegex(@"\b(DESCRIPTION|DESC|ITEMS?|ARTIKEL|ARTICLE|PRODUCT|PRODUCTS|OMSCHRIJVING|BESCHREIBUNG|BEZEICHNUNG|D[ÉE]SIGNATION|LIBELL[ÉE]|NAZWA|PARTICULARS|SERVICE|DETAILS?|DESCRIPCI[ÓO]N|DESCRIZIONE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DescriptionHeader();

    [GeneratedRegex(@"\b(QTY|QUANTITY|AANTAL|MENGE|ANZAHL|QT[ÉE]|QUANTIT[ÉE]|ILO[ŚS][ĆC]|HOURS|HRS|PCS|CANTIDAD|QUANTIT[ÀA]|UNITS)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityHeader();

    [GeneratedRegex(@"\b(UNIT\s*PRICE|U\.?\s*PRICE|U/P|PRICE|RATE|PRIJS(\s*PER\s*STUK)?|PREIS|EINZELPREIS|PRIX(\s*UNITAIRE)?|CENA|PRECIO|PREZZO|UNIT\s*COST)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnitPriceHeader();

    [GeneratedRegex(@"\b(AMOUNT|AMT|TOTAL|LINE\s*TOTAL|BEDRAG|BETRAG|GESAMT|MONTANT|WARTO[ŚS][ĆC]|IMPORTE|IMPORTO|PRIJS\s*INCL|SUBTOTAL|NET)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AmountHeader();

    [GeneratedRegex(@"\b(CODE|SKU|ITEM\s*NO|ART\.?\s*NR|REF|PART\s*NO|EAN|BARCODE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CodeHeader();

    [GeneratedRegex(@"^\s*(?:\[(?<code>[^\]]{2,30})\]|\*(?<code>[^*]{2,30})\*|(?<code>\d{6,14})\s)")]
    private static partial Regex LeadingCodeRegex();

    [GeneratedRegex(@"^\s*(PAGE|SEITE|PAGINA|STRONA|BLAD)\s*\d+|\b\d+\s*/\s*\d+\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageFurnitureRegex();

    private sealed record HeaderColumns(AnalyzedRow Row, List<(Column Column, double Center, double Left, double Right)> Columns);

    /// <param name="finalTotals">Evidence of the chosen subtotal/tax/total: the table ends at the first of their rows
    /// (section subtotals inside the table do not end it).</param>
    public static IReadOnlyList<LineItem> Extract(ExtractionContext context, IReadOnlyList<LabelledAmount> labelled, IReadOnlyCollection<Evidence>? finalTotals = null)
    {
        var rows = context.Rows;
        var stopRoles = new HashSet<AmountRole> { AmountRole.Total, AmountRole.Due, AmountRole.Subtotal, AmountRole.Tax, AmountRole.Paid, AmountRole.Change, AmountRole.Rounding, AmountRole.Quantity };
        var roleByRow = labelled.GroupBy(a => a.Row).ToDictionary(g => g.Key, g => g.Select(a => a.Role).ToList());

        var header = rows.Select(FindHeader).FirstOrDefault(h => h is not null);
        var start = header is null ? FirstItemRow(rows, roleByRow, stopRoles) : header.Row.Row.Index + 1;
        if (start < 0)
            return [];

        var items = new List<(LineItem Item, AnalyzedRow Row)>();
        for (var i = start; i < rows.Count; i++)
        {
            var row = rows[i];
            if (header is not null && FindHeader(row) is not null)
                continue; // the header repeated at the top of a following page
            if (row.Amounts.Count == 0 && Labels.IsTaxBreakdownHeading(row.Text))
                break;
            if ((PageFurnitureRegex().IsMatch(row.Text) && row.Amounts.Count <= 1 && !row.Text.Contains("  ", StringComparison.Ordinal)) || context.IsPageFurniture(row))
                continue;
            if (roleByRow.TryGetValue(row, out var roles) && roles.Any(stopRoles.Contains) && IsTotalsRow(row))
            {
                // Totals end the table, unless the table goes on after a page break (a header repeats later) or this
                // is a section subtotal above the document's final totals.
                var resumes = header is not null && rows.Skip(i + 1).Any(r => r.Row.Page > row.Row.Page && FindHeader(r) is not null);
                var isFinal = finalTotals is null || finalTotals.Count == 0 || finalTotals.Any(e => e.Page == row.Row.Page && e.Line == row.Text)
                    || !rows.Skip(i + 1).Any(r => finalTotals.Any(e => e.Page == r.Row.Page && e.Line == r.Text));
                if (!resumes && isFinal) break;
                continue;
            }
            var moneyAmounts = row.Amounts.Where(a => (a.HasDecimals || a.CurrencyCode is not null) && InValueColumns(row, a, header)).ToList();
            if (moneyAmounts.Count == 0)
            {
                AppendContinuation(items, row, header);
                continue;
            }
            var item = BuildItem(row, header, context.DecimalStyle);
            if (item is not null)
                items.Add((item, row));
        }
        return items.Select(x => x.Item).ToList();
    }

    private static bool IsTotalsRow(AnalyzedRow row)
    {
        var firstAmount = row.Amounts.Count > 0 ? row.Amounts[0].Start : row.Text.Length;
        var label = row.Text[..firstAmount];
        var (role, weight) = Labels.ClassifyAmountLabel(label);
        return role is not AmountRole.None and not AmountRole.Reference && weight >= 2;
    }

    private static int FirstItemRow(IReadOnlyList<AnalyzedRow> rows, Dictionary<AnalyzedRow, List<AmountRole>> roles, HashSet<AmountRole> stop)
    {
        // No header: items start at the first row with a money amount and a description, before any totals.
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (roles.TryGetValue(row, out var r) && r.Any(stop.Contains))
                return -1;
            if (row.Amounts.Any(a => a.HasDecimals) && row.Text.Count(char.IsLetter) >= 3 && row.Dates.Count == 0)
                return i;
        }
        return -1;
    }

    private static HeaderColumns? FindHeader(AnalyzedRow row)
    {
        if (row.Amounts.Count > 0 && row.Amounts.Any(a => a.HasDecimals))
            return null;
        var columns = new List<(Column, double, double, double)>();
        foreach (var line in row.Row.Lines)
        {
            // A line may hold several headers ("Quantity  Unit Price"): locate each keyword in it.
            foreach (var (regex, column) in new (Regex, Column)[]
                     {
                         (DescriptionHeader(), Column.Description), (QuantityHeader(), Column.Quantity),
                         (UnitPriceHeader(), Column.UnitPrice), (AmountHeader(), Column.Amount), (CodeHeader(), Column.Code),
                     })
            {
                foreach (Match m in regex.Matches(line.Text))
                {
                    var box = row.Row.BoxOf(row.Row.OffsetOf(line) + m.Index, m.Length);
                    if (!columns.Any(c => Math.Abs(c.Item2 - box.CenterX) < 0.01))
                        columns.Add((column, box.CenterX, box.Left, box.Right));
                }
            }
        }
        var kinds = columns.Select(c => c.Item1).Distinct().ToList();
        var hasMoneyColumn = kinds.Contains(Column.Amount) || kinds.Contains(Column.UnitPrice);
        return kinds.Count >= 2 && hasMoneyColumn ? new HeaderColumns(row, columns) : null;
    }

    /// <summary>Left edge of the first numeric column: with a header, text left of it is description.</summary>
    private static double? DescriptionBoundary(HeaderColumns? header)
    {
        if (header is null || !header.Columns.Any(c => c.Column == Column.Description))
            return null;
        var descriptionCenter = header.Columns.Where(c => c.Column == Column.Description).Min(c => c.Center);
        var others = header.Columns.Where(c => c.Column is not Column.Description and not Column.Code && c.Center > descriptionCenter).ToList();
        return others.Count == 0 ? null : others.Min(c => c.Left) - 0.03;
    }

    private static bool InValueColumns(AnalyzedRow row, AmountMatch a, HeaderColumns? header) =>
        DescriptionBoundary(header) is not { } boundary || row.Row.BoxOf(a.Start, a.Length).CenterX >= boundary;

    /// <summary>The numbers of an item row put in columns so far: each value with the match it was read from.</summary>
    private sealed class ItemCells
    {
        public decimal? Quantity, UnitPrice, Amount;
        public AmountMatch? QuantitySource, UnitPriceSource, AmountSource;
    }

    private static LineItem? BuildItem(AnalyzedRow row, HeaderColumns? header, DecimalStyle style)
    {
        var boundary = DescriptionBoundary(header);
        var codeMatch = LeadingCodeRegex().Match(row.Text);
        var codeEnd = codeMatch.Success ? codeMatch.Length : 0;
        var numbers = row.Amounts.Where(a => a.Start >= codeEnd && InValueColumns(row, a, header)).ToList();
        var cells = new ItemCells();

        if (header is not null && header.Columns.Count >= 2)
            AssignByHeader(row, header, numbers, cells);
        if (cells.Amount is null)
        {
            var last = numbers.LastOrDefault(n => n.HasDecimals || n.CurrencyCode is not null);
            if (last is null) return null;
            cells.Amount = last.Value;
            cells.AmountSource = last;
        }
        if (cells.Quantity is null || cells.UnitPrice is null)
            AssignByArithmetic(numbers, cells, moneyUnit: false);
        if (cells.Quantity is not null && cells.UnitPrice is not null && !MultipliesOut(cells))
            Rearrange(numbers, cells);

        if (cells.Quantity is { } qty && cells.UnitPrice is { } unit && ThousandsSplitOff(row.Text, numbers, cells.AmountSource!, qty * unit) is { } whole)
        {
            cells.Amount = whole.Value;
            cells.AmountSource = whole;
        }

        // An allowance row's amount printed with its minus apart in its own cell ("- 5,00"): a deduction.
        if (cells.Amount > 0 && cells.AmountSource is { } source && DetachedMinus.Before(row, source))
            cells.Amount = -cells.Amount;

        var firstNumberStart = DescriptionEnd(row, numbers, cells, boundary);
        var descriptionText = row.Text[..Math.Min(firstNumberStart, row.Text.Length)];
        var descStart = Math.Min(codeEnd, descriptionText.Length);
        var code = codeMatch.Success ? codeMatch.Groups["code"].Value.Trim() : null;
        var description = descriptionText[descStart..].Trim().TrimEnd('x', 'X', '@', '*').Trim();
        if (description.Length == 0 && code is null)
            return null;
        return ToLineItem(row, header, cells, description, descStart, code, codeMatch.Length);
    }

    /// <summary>Each number goes to the column whose header it sits nearest to.</summary>
    private static void AssignByHeader(AnalyzedRow row, HeaderColumns header, List<AmountMatch> numbers, ItemCells cells)
    {
        foreach (var n in numbers)
        {
            var box = row.Row.BoxOf(n.Start, n.Length);
            var column = header.Columns.OrderBy(c => Math.Abs(c.Center - box.CenterX)).First().Column;
            switch (column)
            {
                case Column.Quantity when cells.Quantity is null: cells.Quantity = n.Value; cells.QuantitySource = n; break;
                case Column.UnitPrice when cells.UnitPrice is null: cells.UnitPrice = n.Value; cells.UnitPriceSource = n; break;
                case Column.Amount: cells.Amount = n.Value; cells.AmountSource = n; break;
            }
        }
    }

    /// <param name="moneyUnit">Take only a unit price written as money (decimals or a currency), as the amount is.</param>
    private static void AssignByArithmetic(List<AmountMatch> numbers, ItemCells cells, bool moneyUnit)
    {
        // Arithmetic: two numbers before the amount whose product is the amount are quantity and unit price.
        var before = numbers.Where(n => n.End <= cells.AmountSource!.Start).ToList();
        for (var x = 0; x < before.Count && (cells.Quantity is null || cells.UnitPrice is null); x++)
            for (var y = 0; y < before.Count; y++)
            {
                if (x == y || moneyUnit && !before[y].HasDecimals && before[y].CurrencyCode is null) continue;
                if (Math.Abs(before[x].Value * before[y].Value - cells.Amount!.Value) <= 0.011m && before[x].Value > 0 && before[x].Value < 10000)
                {
                    cells.Quantity ??= before[x].Value; cells.QuantitySource ??= before[x];
                    cells.UnitPrice ??= before[y].Value; cells.UnitPriceSource ??= before[y];
                    break;
                }
            }
    }

    private static bool MultipliesOut(ItemCells cells) =>
        cells.Quantity is { } q && cells.UnitPrice is { } u && Math.Abs(q * u - cells.Amount!.Value) <= 0.011m;

    /// <summary>
    /// Header columns that do not multiply out — a count column beside the quantity's, a weekday pattern ("-----1-") read
    /// as a number under the price — give way to a quantity and a unit price written as money that do. Where the row has
    /// no such pair the header's reading stands, and the validator names the row (a misprint or a misread digit).
    /// </summary>
    private static void Rearrange(List<AmountMatch> numbers, ItemCells cells)
    {
        var retry = new ItemCells { Amount = cells.Amount, AmountSource = cells.AmountSource };
        AssignByArithmetic(numbers, retry, moneyUnit: true);
        if (retry.Quantity is null || retry.UnitPrice is null)
            return;
        (cells.Quantity, cells.QuantitySource, cells.UnitPrice, cells.UnitPriceSource) = (retry.Quantity, retry.QuantitySource, retry.UnitPrice, retry.UnitPriceSource);
    }

    /// <summary>Where the description ends: at the row's first number, or with a header at the first value column.</summary>
    private static int DescriptionEnd(AnalyzedRow row, List<AmountMatch> numbers, ItemCells cells, double? boundary)
    {
        var firstNumberStart = numbers.Where(n => n != cells.AmountSource && n != cells.QuantitySource && n != cells.UnitPriceSource).Select(n => n.Start)
            .Concat(new[] { cells.AmountSource!.Start, cells.QuantitySource?.Start ?? int.MaxValue, cells.UnitPriceSource?.Start ?? int.MaxValue }).Min();
        if (boundary is { } b)
        {
            // With a header the description is everything left of the first value column, numbers included ("15,4'' sleeve").
            var firstValueColumnChar = Enumerable.Range(0, row.Text.Length)
                .FirstOrDefault(k => !char.IsWhiteSpace(row.Text[k]) && row.Row.BoxOf(k, 1).CenterX >= b, row.Text.Length);
            firstNumberStart = Math.Max(Math.Min(firstNumberStart, row.Text.Length), Math.Min(firstValueColumnChar, firstNumberStart));
        }
        return firstNumberStart;
    }

    private static LineItem ToLineItem(AnalyzedRow row, HeaderColumns? header, ItemCells cells, string description, int descStart, string? code, int codeLength)
    {
        var confidence = ExtractionContext.TextConfidence(row);
        var arithmeticOk = MultipliesOut(cells);
        var numberConfidence = Math.Round(confidence * (arithmeticOk ? 0.95 : 0.75), 3);
        Field<decimal>? Num(decimal? v, AmountMatch? m, string rule) => v is null || m is null ? null
            : new Field<decimal>(v.Value, m.Raw, numberConfidence, row.Row.EvidenceFor(m.Start, m.Length)) { Trace = [rule] };

        var columnRule = header is null ? "by position/arithmetic" : "by header column";
        return new LineItem(row.Row.Page)
        {
            Description = description.Length == 0 ? null : new Field<string>(description, description, Math.Round(confidence * 0.9, 3), row.Row.EvidenceFor(descStart, description.Length)) { Trace = ["row text before the numbers"] },
            Quantity = Num(cells.Quantity, cells.QuantitySource, $"quantity {columnRule}"),
            UnitPrice = Num(cells.UnitPrice, cells.UnitPriceSource, $"unit price {columnRule}"),
            Amount = Num(cells.Amount, cells.AmountSource, $"amount {columnRule}"),
            ProductCode = code is null ? null : new Field<string>(code, code, Math.Round(confidence * 0.8, 3), row.Row.EvidenceFor(0, codeLength)) { Trace = ["leading code"] },
        };
    }

    /// <summary>
    /// The amount with the thousands a space split off it put back, when only that makes quantity × unit price: OCR
    /// reads "1 159,60 €" as "1 159.60 €", and a space-grouped number with a decimal point is read as two ("2 100.00"
    /// is a quantity and an amount), so the amount came out 159.60 and the "1" was taken for another column.
    /// </summary>
    private static AmountMatch? ThousandsSplitOff(string text, List<AmountMatch> numbers, AmountMatch amount, decimal product)
    {
        // The amount itself must look like the rest of a grouped number: exactly three digits before its decimals.
        if (Math.Abs(product - amount.Value) <= 0.011m || amount.NumberRaw.TakeWhile(char.IsAsciiDigit).Count() != 3)
            return null;
        // The piece before it: one to three digits and a single space away ("€ 1" takes the sign of the price before it).
        var thousands = numbers.LastOrDefault(n => n.End <= amount.Start);
        if (thousands is null || thousands.HasDecimals || thousands.NumberRaw.Length is < 1 or > 3 || !thousands.NumberRaw.All(char.IsAsciiDigit)
            || amount.Start - thousands.End != 1 || text[thousands.End] != ' ' || !text[..thousands.End].EndsWith(thousands.NumberRaw, StringComparison.Ordinal))
            return null;
        var whole = thousands.Value * 1000 + amount.Value;
        var start = thousands.End - thousands.NumberRaw.Length;
        return Math.Abs(product - whole) > 0.011m ? null : amount with
        {
            Value = whole,
            Raw = text[start..amount.End],
            Start = start,
            Length = amount.End - start,
            NumberRaw = thousands.NumberRaw + " " + amount.NumberRaw,
        };
    }

    /// <summary>A text-only row right under an item, in its description column, continues that description.</summary>
    private static void AppendContinuation(List<(LineItem Item, AnalyzedRow Row)> items, AnalyzedRow row, HeaderColumns? header)
    {
        if (items.Count == 0 || !row.Text.Any(char.IsLetter))
            return;
        var (last, lastRow) = items[^1];
        if (last.Description is null || lastRow.Row.Page != row.Row.Page)
            return;
        var gap = row.Row.Box.Top - lastRow.Row.Box.Bottom;
        var lineHeight = Math.Max(0.005, lastRow.Row.Box.Height);
        var lastDescLeft = last.Description.Evidence?.Box.Left ?? lastRow.Row.Box.Left;
        var alignedWithDescription = row.Row.Box.Left <= lastDescLeft + 0.1 && row.Row.Box.Left >= lastRow.Row.Box.Left - 0.02;
        if (gap > 1.5 * lineHeight || !alignedWithDescription || row.Row.Lines.Count > 1)
            return;
        var text = $"{last.Description.Value}\n{row.Text.Trim()}";
        var box = last.Description.Evidence is { } e ? e.Box.Union(row.Row.Box) : row.Row.Box;
        var updated = last with
        {
            Description = last.Description with
            {
                Value = text,
                Raw = text,
                Evidence = new Evidence(row.Row.Page, box, last.Description.Evidence?.Line ?? row.Text),
                Trace = [.. last.Description.Trace, "continued on the next line"],
            },
        };
        items[^1] = (updated, lastRow);
    }
}
