using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Extraction.Fields.Amounts;

/// <summary>
/// Chooses the (subtotal, tax, discount, total) combination that adds up: subtotal + tax − discount (+ service,
/// + rounding) = total.
/// </summary>
internal static class AmountArithmetic
{
    /// <summary>
    /// Best-scoring combination where subtotal + tax − discount (+ rounding) = total; consistency is worth points,
    /// so a well-labelled total still wins when nothing adds up.
    /// </summary>
    internal static (Candidate<decimal>? Total, Candidate<decimal>? Subtotal, Candidate<decimal>? Tax, Candidate<decimal>? Discount, string? Note) Solve(
        List<Candidate<decimal>> totals, List<Candidate<decimal>> subtotals, List<Candidate<decimal>> taxes,
        List<Candidate<decimal>> discounts, List<decimal> roundings, List<decimal> serviceCharges)
    {
        if (totals.Count == 0)
            return (null, subtotals.FirstOrDefault(), taxes.FirstOrDefault(), discounts.FirstOrDefault(), null);

        var totalOptions = totals.GroupBy(c => c.Value).Select(g => g.First()).Take(8).ToList();
        var best = (Score: double.MinValue, Total: totals[0], Sub: (Candidate<decimal>?)null, Tax: (Candidate<decimal>?)null, Disc: (Candidate<decimal>?)null, Note: (string?)null);
        List<decimal> roundingOptions = [0m, .. roundings.Where(r => r != 0 && Math.Abs(r) < 1), .. roundings.Where(r => r > 0 && r < 1 && !roundings.Contains(-r)).Select(r => -r)];
        List<decimal> serviceOptions = [0m, .. serviceCharges.Take(2)];

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
                        if (ScoreCombination(t, s, x, d, roundingOptions, serviceOptions, roundings, clearLabelExists) is not { } combination)
                            continue;
                        if (combination.Score > best.Score)
                            best = (combination.Score, t, s, x, d, combination.Note);
                    }

        // Outside an arithmetic match, still report the best-labelled subtotal and tax.
        var sub = best.Sub ?? (best.Note is null ? subtotals.FirstOrDefault(c => c.Value <= best.Total.Value) : null);
        var tax = best.Tax ?? (best.Note is null ? taxes.FirstOrDefault(c => c.Value < best.Total.Value) : null);
        // A total the other amounts add up to is corroborated: its confidence reflects the whole combination's score,
        // not just its label's (a "Net Total" label scoring close to "Invoice Total" is no doubt once the sum holds).
        var total = best.Note is null ? best.Total : best.Total with { Score = Math.Max(best.Total.Score, best.Score) };
        return (total, sub, tax, best.Disc, best.Note);
    }

    private static List<Candidate<decimal>?> Options(List<Candidate<decimal>> list, int n) =>
        [null, .. list.GroupBy(c => c.Value).Select(g => g.First()).Take(n)];

    private static bool IsLabelledTotal(Candidate<decimal> c) =>
        c.Rule.StartsWith("total label", StringComparison.Ordinal) || c.Rule.StartsWith("amount-due", StringComparison.Ordinal)
        || c.Rule.StartsWith("total after", StringComparison.Ordinal);

    /// <summary>
    /// The score of total <paramref name="t"/> with subtotal <paramref name="s"/>, tax <paramref name="x"/> and discount
    /// <paramref name="d"/>, and the sum that holds (if one does); null for a combination that cannot be.
    /// </summary>
    private static (double Score, string? Note)? ScoreCombination(Candidate<decimal> t, Candidate<decimal>? s, Candidate<decimal>? x, Candidate<decimal>? d,
        List<decimal> roundingOptions, List<decimal> serviceOptions, List<decimal> roundings, bool clearLabelExists)
    {
        double bonus = 0;
        string? note = null;
        if (s is not null && (s.Value <= 0 || s.Evidence == t.Evidence))
            return null;
        // A discount printed above the subtotal is already in it (item-level "LESS 30% -2.37" lines).
        if (s is not null && d is not null && IsAbove(d.Evidence, s.Evidence))
            return null;
        if (s is not null && (x is { Value: not 0 } || d is not null))
        {
            (bonus, note) = SumBonus(t, s, x, d, roundingOptions, serviceOptions, roundings);
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
        return (score, note);
    }

    /// <summary>The bonus (and the sum as a note) when subtotal + tax + service − discount + rounding makes the total.</summary>
    private static (double Bonus, string? Note) SumBonus(Candidate<decimal> t, Candidate<decimal> s, Candidate<decimal>? x, Candidate<decimal>? d,
        List<decimal> roundingOptions, List<decimal> serviceOptions, List<decimal> roundings)
    {
        double bonus = 0;
        string? note = null;
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
        return (bonus, note);
    }

    private static string Show(decimal v) => AmountFieldsExtractor.Show(v);

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
}
