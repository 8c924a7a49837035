using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>An amount on the document with the role its label (or its column header) gives it.</summary>
public sealed record LabelledAmount(AnalyzedRow Row, AmountMatch Amount, AmountRole Role, double LabelWeight, string Label, double Position)
{
    public decimal Value => Amount.Value;
    public bool IsLastInRow => ReferenceEquals(Row.Amounts[^1], Amount);
}

/// <summary>The money fields chosen together so that they add up where the document lets them.</summary>
public sealed record AmountFields(
    Field<decimal>? Total, Field<decimal>? Subtotal, Field<decimal>? Tax, Field<decimal>? Discount,
    Field<decimal>? AmountDue, Field<decimal>? AmountPaid, IReadOnlyList<LabelledAmount> Amounts);

/// <summary>
/// Labels every amount, scores total candidates (label strength, position, form, repetition) and then picks
/// the (subtotal, tax, discount, total) combination that is arithmetically consistent where one exists:
/// the arithmetic is what tells "Subtotaal € 717,97" (incl. VAT) from "Exclusief BTW € 593,36".
/// </summary>
public static class AmountFieldsExtractor
{
    private const decimal MaxPlausible = 100_000_000m;

    public static AmountFields Extract(ExtractionContext context)
    {
        var amounts = LabelAll(context);
        var totals = TotalCandidates(context, amounts);
        var subtotals = RoleCandidates(amounts, AmountRole.Subtotal, "subtotal label");
        var taxes = RoleCandidates(amounts, AmountRole.Tax, "tax label");
        var discounts = RoleCandidates(amounts, AmountRole.Discount, "discount label")
            .Select(c => c with { Value = Math.Abs(c.Value) }).ToList();
        var roundings = RoundingValues(amounts);
        var serviceCharges = amounts.Where(a => a.Role == AmountRole.ServiceCharge && a.Value > 0).Select(a => a.Value).Distinct().ToList();

        var (total, subtotal, tax, discount, note) = Solve(totals, subtotals, taxes, discounts, roundings, serviceCharges);

        Field<decimal>? totalField = total is null ? null : CandidateSelector.ToField(
            note is null ? total : total with { Notes = [.. total.Notes, note] }, totals, Show);
        Field<decimal>? subtotalField = subtotal is null ? null : CandidateSelector.ToField(subtotal, subtotals, Show);
        Field<decimal>? taxField = tax is null ? null : CandidateSelector.ToField(tax, taxes, Show);
        Field<decimal>? discountField = discount is null ? null : CandidateSelector.ToField(discount, discounts, Show);

        // No subtotal label, but a tax line: total − tax is the subtotal when that amount is printed somewhere.
        if (subtotalField is null && totalField is not null && taxField is not null)
        {
            var implied = totalField.Value - taxField.Value + (discountField?.Value ?? 0);
            var printed = amounts.Where(a => a.Value == implied && a.Role is not (AmountRole.Tax or AmountRole.Paid or AmountRole.Change))
                .OrderBy(a => a.Position).FirstOrDefault();
            if (printed is not null)
            {
                subtotalField = new Field<decimal>(implied, printed.Amount.NumberRaw, 0.7, printed.Row.Row.EvidenceFor(printed.Amount.Start, printed.Amount.Length))
                {
                    Trace = [$"implied: total {Show(totalField.Value)} − tax {Show(taxField.Value)} = {Show(implied)}, printed in '{printed.Row.Text.Trim()}'"],
                };
            }
        }

        var dueCandidates = RoleCandidates(amounts, AmountRole.Due, "amount-due label");
        var paidCandidates = RoleCandidates(amounts, AmountRole.Paid, "paid label").Where(c => c.Value > 0).ToList();
        return new AmountFields(totalField, subtotalField, taxField, discountField,
            CandidateSelector.Pick(dueCandidates, Show), CandidateSelector.Pick(paidCandidates, Show), amounts);
    }

    internal static string Show(decimal v) => v.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Gives each amount the role of the nearest label to its left, or of the label/header above it.</summary>
    public static IReadOnlyList<LabelledAmount> LabelAll(ExtractionContext context)
    {
        var result = new List<LabelledAmount>();
        foreach (var row in context.Rows)
        {
            for (var i = 0; i < row.Amounts.Count; i++)
            {
                var amount = row.Amounts[i];
                if (Math.Abs(amount.Value) >= MaxPlausible || IsCountWithUnit(row.Text, amount))
                    continue;
                // Amounts found by different readings of one token can overlap; the label then starts at this amount.
                var segmentStart = i == 0 ? 0 : Math.Min(row.Amounts[i - 1].End, amount.Start);
                var segment = row.Text[segmentStart..amount.Start];
                var label = segment.Any(char.IsLetter) ? segment : row.Text[..amount.Start];
                var (role, weight) = Labels.ClassifyAmountLabel(label);

                var box = row.Row.BoxOf(amount.Start, amount.Length);
                if (role == AmountRole.None)
                {
                    // A label written above the value ("Total" over "$ 279.84") or a row that is only a label.
                    var above = context.LineAbove(row, box, 1, r => r.Amounts.Count == 0);
                    if (above is { } a)
                    {
                        var (aboveRole, aboveWeight) = Labels.ClassifyAmountLabel(a.Line.Text);
                        if (aboveRole != AmountRole.None)
                            (role, weight, label) = (aboveRole, aboveWeight * 0.8, a.Line.Text);
                    }
                }
                if (role == AmountRole.Total && weight >= 3 && row.Amounts.Count >= 2)
                {
                    // A totals row with several columns: the column header says which one is net, tax or gross.
                    var header = context.LineAbove(row, box, 12, r => r.Amounts.Count == 0 && r.Text.Any(char.IsLetter));
                    if (header is { } h)
                    {
                        var (columnRole, columnWeight) = Labels.ClassifyAmountLabel(h.Line.Text);
                        if (columnRole is AmountRole.Subtotal or AmountRole.Tax or AmountRole.Total && columnWeight >= 2)
                        {
                            (role, weight, label) = (columnRole, Math.Max(weight, columnWeight), $"{label.Trim()} / column '{h.Line.Text.Trim()}'");
                        }
                    }
                }
                result.Add(new LabelledAmount(row, amount, role, weight, label.Trim(), context.RelativePosition(row)));
            }
        }
        return result;
    }

    /// <summary>"15 days", "1 PC", "2 X": a whole number followed by a word is a count, not money.</summary>
    private static bool IsCountWithUnit(string text, AmountMatch a)
    {
        if (a.HasDecimals || a.CurrencyCode is not null)
            return false;
        var k = a.End;
        while (k < text.Length && text[k] == ' ') k++;
        return k < text.Length && k - a.End <= 1 && char.IsLetter(text[k]);
    }

    private static List<Candidate<decimal>> TotalCandidates(ExtractionContext context, IReadOnlyList<LabelledAmount> amounts)
    {
        var candidates = new List<Candidate<decimal>>();
        // A negative amount is a total only under a strong total label: a credit note's "TOTAL PAYABLE: -1.73".
        var pool = amounts.Where(a => a.Value > 0 || a.Value < 0 && a.Role is AmountRole.Total or AmountRole.Due && a.LabelWeight >= 3.5).ToList();
        var maxLabelled = pool.Where(a => a.Role is AmountRole.Total or AmountRole.Due or AmountRole.None).Select(a => a.Value).DefaultIfEmpty(0).Max();
        var paid = amounts.Where(a => a.Role == AmountRole.Paid && a.Value > 0).Select(a => a.Value).ToList();
        var change = amounts.Where(a => a.Role == AmountRole.Change && a.Value >= 0).Select(a => a.Value).ToList();
        var roundings = RoundingValues(amounts);

        foreach (var a in pool)
        {
            double score;
            string rule;
            var notes = new List<string>();
            switch (a.Role)
            {
                case AmountRole.Total:
                    score = a.LabelWeight;
                    rule = $"total label '{Short(a.Label)}'";
                    break;
                case AmountRole.Due:
                    score = a.LabelWeight - 0.3;
                    rule = $"amount-due label '{Short(a.Label)}'";
                    break;
                case AmountRole.Subtotal:
                    // Receipts often print only a subtotal; it is the total when nothing else is labelled so.
                    score = a.LabelWeight - 1.8;
                    rule = $"subtotal label '{Short(a.Label)}'";
                    break;
                case AmountRole.None when a.Amount.HasDecimals && a.Position > 0.3:
                    score = 0.2;
                    rule = "unlabelled amount";
                    break;
                case AmountRole.Paid when a.Label.Contains("TOTAL", StringComparison.OrdinalIgnoreCase) || a.Label.Contains("INCL", StringComparison.OrdinalIgnoreCase):
                    // "TOTAL PAID", "AMT PAID INCL. GST": the paid amount stated as the tax-inclusive total.
                    score = 2.5;
                    rule = $"paid label '{Short(a.Label)}'";
                    break;
                default:
                    continue;
            }
            // Negative totals are rare (credit notes): only a strong label and nothing better makes one the total.
            if (a.Value < 0) score -= 1.0;
            // Money is written with decimals; a bare integer is more often a quantity or a code.
            if (a.Amount.DecimalDigits == 2) score += 0.5;
            else if (!a.Amount.HasDecimals && a.Amount.CurrencyCode is null) score -= 1.5;
            else if (a.Amount.DecimalDigits is 1 or 3 or 4) score -= 0.3;
            if (a.Amount.CurrencyCode is not null) score += 0.3;
            // The grand total sits low on the document, right-aligned, and is the largest labelled amount.
            score += 0.6 * a.Position;
            if (a.IsLastInRow) score += 0.2;
            if (a.Value == maxLabelled) score += 0.6;
            var repeats = amounts.Count(o => o.Value == a.Value && !ReferenceEquals(o, a));
            score += Math.Min(repeats, 3) * 0.25;
            // Cash tendered minus change given is the total.
            if (paid.Any(p => change.Any(c => p - c == a.Value && c > 0)))
            {
                score += 1.5;
                notes.Add("paid − change = total");
            }
            else if (change.Count > 0 && change.All(c => c == 0) && paid.Contains(a.Value))
            {
                score += 0.5;
                notes.Add("paid exactly, no change");
            }
            candidates.Add(new Candidate<decimal>(a.Value, a.Amount.Raw, score, a.Row.Row.EvidenceFor(a.Amount.Start, a.Amount.Length), rule)
            {
                TextConfidence = ExtractionContext.TextConfidence(a.Row),
                Notes = notes,
                LabelWeight = a.Role == AmountRole.None ? 0 : a.LabelWeight,
            });
        }
        // After a rounding adjustment the rounded amount is the total ("TOTAL 181.98, ROUNDING .02, 182.00"),
        // whatever label the OCR gave its row. The rounded amount is printed below the amount it rounds; a
        // (sub)total printed before the rounding line is the source ("SUBTOTAL 41.43, ROUNDING 0.02, 41.45").
        if (roundings.Count > 0)
        {
            foreach (var a in pool.Where(a => a.Role is not (AmountRole.Paid or AmountRole.Change or AmountRole.Quantity or AmountRole.Reference)))
            {
                var evidence = a.Row.Row.EvidenceFor(a.Amount.Start, a.Amount.Length);
                var source = candidates.Where(c => c.Rule.StartsWith("total label", StringComparison.Ordinal) || c.Rule.StartsWith("amount-due", StringComparison.Ordinal)
                        || c.Rule.StartsWith("subtotal label", StringComparison.Ordinal))
                    .Where(c => IsAbove(c.Evidence, evidence) && RoundingBetween(c.Value, a.Value, roundings) is not null)
                    .OrderByDescending(c => c.Score).FirstOrDefault();
                if (source is null)
                    continue;
                var baseScore = source.Rule.StartsWith("subtotal label", StringComparison.Ordinal) ? source.Score + 1.8 : source.Score;
                candidates.RemoveAll(c => c.Evidence == evidence);
                candidates.Add(new Candidate<decimal>(a.Value, a.Amount.Raw, baseScore + 0.5, evidence, "total after rounding adjustment")
                {
                    TextConfidence = ExtractionContext.TextConfidence(a.Row),
                    Notes = [$"{Show(source.Value)} + rounding = {Show(a.Value)}"],
                    LabelWeight = Math.Max(source.LabelWeight, 3),
                });
            }
        }
        return PreferDecimalRaw(candidates.OrderByDescending(c => c.Score).ToList());
    }

    /// <summary>Rounding adjustments below one unit, signed as printed.</summary>
    internal static List<decimal> RoundingValues(IReadOnlyList<LabelledAmount> amounts) =>
        amounts.Where(a => a.Role == AmountRole.Rounding && a.Value != 0 && Math.Abs(a.Value) < 1)
            .Select(a => a.Value).Distinct().ToList();

    /// <summary>
    /// The adjustment that turns <paramref name="from"/> into <paramref name="to"/>, or null. A printed sign is trusted;
    /// an unsigned adjustment ("ROUNDING ADJUSTMENT 0.01") may also be subtracted, but only when that lands on a
    /// cash-rounded amount (a multiple of 0.05), which is what rounding produces.
    /// </summary>
    internal static decimal? RoundingBetween(decimal from, decimal to, IReadOnlyList<decimal> roundings)
    {
        foreach (var r in roundings)
        {
            if (from + r == to) return r;
            if (r > 0 && from - r == to && decimal.Remainder(to * 20, 1) == 0) return -r;
        }
        return null;
    }

    /// <summary>True when <paramref name="upper"/> is printed above <paramref name="lower"/> (earlier page, or higher on the same page).</summary>
    internal static bool IsAbove(Evidence? upper, Evidence? lower) =>
        upper is not null && lower is not null
        && (upper.Page < lower.Page || upper.Page == lower.Page && upper.Box.CenterY < lower.Box.Top);

    /// <summary>
    /// Where the best reading of a value is an integer ("25") and the same value is printed as money elsewhere
    /// ("25.00"), report the money form: same value, better raw text and evidence.
    /// </summary>
    private static List<Candidate<decimal>> PreferDecimalRaw(List<Candidate<decimal>> ranked)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            var c = ranked[i];
            if (c.Raw.Contains('.') || c.Raw.Contains(','))
                continue;
            var money = ranked.FirstOrDefault(o => o.Value == c.Value && (o.Raw.Contains('.') || o.Raw.Contains(',')));
            if (money is not null)
                ranked[i] = c with { Raw = money.Raw, Evidence = money.Evidence };
        }
        return ranked;
    }

    private static List<Candidate<decimal>> RoleCandidates(IReadOnlyList<LabelledAmount> amounts, AmountRole role, string ruleName) =>
        amounts.Where(a => a.Role == role)
            .Select(a =>
            {
                var score = a.LabelWeight + (a.Amount.DecimalDigits == 2 ? 0.5 : -0.5) + (a.IsLastInRow ? 0.3 : 0) + 0.3 * a.Position;
                return new Candidate<decimal>(a.Value, a.Amount.Raw, score, a.Row.Row.EvidenceFor(a.Amount.Start, a.Amount.Length), $"{ruleName} '{Short(a.Label)}'")
                {
                    TextConfidence = ExtractionContext.TextConfidence(a.Row),
                    LabelWeight = a.LabelWeight,
                };
            })
            .OrderByDescending(c => c.Score)
            .ToList();

    private static string Short(string label) => label.Length <= 40 ? label : label[^40..];

    /// <summary>
    /// Best-scoring combination where subtotal + tax − discount (+ rounding) = total; consistency is worth points,
    /// so a well-labelled total still wins when nothing adds up.
    /// </summary>
    private static (Candidate<decimal>? Total, Candidate<decimal>? Subtotal, Candidate<decimal>? Tax, Candidate<decimal>? Discount, string? Note) Solve(
        List<Candidate<decimal>> totals, List<Candidate<decimal>> subtotals, List<Candidate<decimal>> taxes,
        List<Candidate<decimal>> discounts, List<decimal> roundings, List<decimal> serviceCharges)
    {
        if (totals.Count == 0)
            return (null, subtotals.FirstOrDefault(), taxes.FirstOrDefault(), discounts.FirstOrDefault(), null);

        static List<Candidate<decimal>?> Options(List<Candidate<decimal>> list, int n) =>
            [null, .. list.GroupBy(c => c.Value).Select(g => g.First()).Take(n)];

        var totalOptions = totals.GroupBy(c => c.Value).Select(g => g.First()).Take(8).ToList();
        var best = (Score: double.MinValue, Total: totals[0], Sub: (Candidate<decimal>?)null, Tax: (Candidate<decimal>?)null, Disc: (Candidate<decimal>?)null, Note: (string?)null);
        List<decimal> roundingOptions = [0m, .. roundings.Where(r => r != 0 && Math.Abs(r) < 1), .. roundings.Where(r => r > 0 && r < 1 && !roundings.Contains(-r)).Select(r => -r)];
        List<decimal> serviceOptions = [0m, .. serviceCharges.Take(2)];

        static bool IsLabelledTotal(Candidate<decimal> c) =>
            c.Rule.StartsWith("total label", StringComparison.Ordinal) || c.Rule.StartsWith("amount-due", StringComparison.Ordinal)
            || c.Rule.StartsWith("total after", StringComparison.Ordinal);
        // Without any clearly labelled total, arithmetic may promote an unlabelled amount further ("TO : RM 73.00"
        // under "SUB TOTAL 68.87, GST 4.13"), though never past a clear label.
        var clearLabelExists = totalOptions.Any(c => IsLabelledTotal(c) && c.LabelWeight >= 2);
        var subtotalOptions = Options(subtotals, 5);

        foreach (var t in totalOptions)
        // A labelled total printed above a larger one can be what the taxes, charges and rounding are added to
        // ("TOTAL SALES 33.00, GST 1.98, ROUNDING 0.02, TOTAL 35.00").
        foreach (var s in subtotalOptions.Concat(totalOptions.Where(o => IsLabelledTotal(o) && o.Value < t.Value && IsAbove(o.Evidence, t.Evidence)).Select(o => o with { Rule = "earlier " + o.Rule })))
        foreach (var x in Options(taxes, 5))
        foreach (var d in Options(discounts, 3))
        {
            double bonus = 0;
            string? note = null;
            if (s is not null && (s.Value <= 0 || s.Evidence == t.Evidence))
                continue;
            // A discount printed above the subtotal is already in it (item-level "LESS 30% -2.37" lines).
            if (s is not null && d is not null && IsAbove(d.Evidence, s.Evidence))
                continue;
            if (s is not null && (x is { Value: not 0 } || d is not null))
            {
                foreach (var r in roundingOptions)
                foreach (var svc in serviceOptions)
                {
                    var sum = s.Value + (x?.Value ?? 0) + svc - (d?.Value ?? 0) + r;
                    var flipped = r != 0 && !roundings.Contains(r);
                    if (note is null && Math.Abs(sum - t.Value) <= 0.011m && (!flipped || decimal.Remainder(t.Value * 20, 1) == 0))
                    {
                        bonus = x is not null && x.Value != 0 ? 2.5 : 1.5;
                        note = $"subtotal {Show(s.Value)}{(x is null ? "" : $" + tax {Show(x.Value)}")}{(svc == 0 ? "" : $" + service {Show(svc)}")}{(d is null ? "" : $" − discount {Show(d.Value)}")}{(r == 0 ? "" : $" + rounding {Show(r)}")} = total {Show(t.Value)}";
                    }
                }
                if (note is null && x is not null && s.Value == t.Value)
                    bonus = 0.3; // tax included in a subtotal that equals the total (common on receipts)
                else if (note is null)
                    bonus = -0.5;
            }
            else if (s is not null && s.Value == t.Value)
            {
                bonus = 0.8;
            }
            else if (s is not null && RoundingBetween(s.Value, t.Value, roundings) is { } rounding)
            {
                bonus = 0.8;
                note = $"subtotal {Show(s.Value)} + rounding {Show(rounding)} = total {Show(t.Value)}";
            }
            else if (s is not null && s.Value > t.Value && d is null)
            {
                bonus = -1.0; // a subtotal above the total needs a discount to explain it
            }
            // Arithmetic confirms a total-labelled amount; it must not promote a subtotal or an unlabelled number
            // over a labelled total (per-rate breakdowns add up too: "6% supplies 24.00 + GST 1.44 = 25.44").
            if (!IsLabelledTotal(t))
                bonus = Math.Min(bonus, clearLabelExists ? 0.3 : 1.2);
            // The parts' own label strength counts only for a combination that holds together; unrelated
            // subtotal/tax/discount lines must not lift a total that they do not explain.
            var parts = note is not null ? (s?.Score ?? 0) + (x?.Score ?? 0) + (d?.Score ?? 0)
                : bonus > 0 && s?.Value == t.Value ? s.Score + (x?.Score ?? 0)
                : 0;
            var score = t.Score + bonus + 0.15 * parts;
            if (score > best.Score)
                best = (score, t, s, x, d, note);
        }

        // Outside an arithmetic match, still report the best-labelled subtotal and tax.
        var sub = best.Sub ?? (best.Note is null ? subtotals.FirstOrDefault(c => c.Value <= best.Total.Value) : null);
        var tax = best.Tax ?? (best.Note is null ? taxes.FirstOrDefault(c => c.Value < best.Total.Value) : null);
        // A total the other amounts add up to is corroborated: its confidence reflects the whole combination's score,
        // not just its label's (a "Net Total" label scoring close to "Invoice Total" is no doubt once the sum holds).
        var total = best.Note is null ? best.Total : best.Total with { Score = Math.Max(best.Total.Score, best.Score) };
        return (total, sub, tax, best.Disc, best.Note);
    }
}
