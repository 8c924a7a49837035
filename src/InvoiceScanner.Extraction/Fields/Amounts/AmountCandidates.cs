using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields.Amounts;

/// <summary>
/// Scores the labelled amounts as candidates for one money field: the total by label strength, position, form,
/// repetition and cash arithmetic; the other fields by their own label.
/// </summary>
internal static class AmountCandidates
{
    internal static List<Candidate<decimal>> Totals(IReadOnlyList<LabelledAmount> amounts, bool netOfCommission)
    {
        var candidates = new List<Candidate<decimal>>();
        // A negative amount is a total only under a strong total label: a credit note's "TOTAL PAYABLE: -1.73".
        var pool = amounts.Where(a => a.Value > 0 || a.Value < 0 && a.Role is AmountRole.Total or AmountRole.Due && a.LabelWeight >= 3.5).ToList();
        var maxLabelled = pool.Where(a => a.Role is AmountRole.Total or AmountRole.Due or AmountRole.None).Select(a => a.Value).DefaultIfEmpty(0).Max();
        var paid = amounts.Where(a => a.Role == AmountRole.Paid && a.Value > 0).Select(a => a.Value).ToList();
        var change = amounts.Where(a => a.Role == AmountRole.Change && a.Value >= 0).Select(a => a.Value).ToList();
        var roundings = AmountArithmetic.RoundingValues(amounts);

        foreach (var a in pool)
        {
            var notes = new List<string>();
            if (IsCountBeforeMoney(a) || !TryLabelScore(a, out var score, out var rule))
                continue;
            score = AddFormAndPlace(score, a, amounts, maxLabelled);
            score = AddCashArithmetic(score, a, paid, change, notes);
            if (netOfCommission && AgencyCommission.IsNetLabel(a.Label))
            {
                score -= 1.0;
                notes.Add("net of the agency commission: what the agency passes on, not the gross");
            }
            candidates.Add(new Candidate<decimal>(a.Value, a.Amount.Raw, score, a.Evidence, rule)
            {
                TextConfidence = ExtractionContext.TextConfidence(a.Row),
                Notes = notes,
                LabelWeight = a.Role == AmountRole.None ? 0 : a.LabelWeight,
            });
        }
        if (roundings.Count > 0)
            AddRoundedTotals(pool, candidates, roundings);
        return PreferDecimalRaw(candidates.OrderByDescending(c => c.Score).ToList());
    }

    /// <summary>
    /// "Totals  91  $9,865.00", "7  $165": a whole number without a currency in front, right before money (two decimals, or
    /// its currency in front) in the same row, nothing but the money's own currency between them (which the reader may
    /// give both), is the count column of a totals row (spots, items), not a total.
    /// </summary>
    private static bool IsCountBeforeMoney(LabelledAmount a)
    {
        if (a.Amount.HasDecimals || CurrencyFirst(a.Amount))
            return false;
        var amounts = a.Row.Amounts;
        var i = 0;
        while (i < amounts.Count && !ReferenceEquals(amounts[i], a.Amount)) i++;
        if (i + 1 >= amounts.Count || amounts[i + 1] is not { } money || money.Start < a.Amount.End || !(money.DecimalDigits == 2 || CurrencyFirst(money)))
            return false;
        if (a.Amount.CurrencyCode is not null && a.Amount.CurrencyCode != money.CurrencyCode)
            return false;
        return !a.Row.Text[a.Amount.End..money.Start].Any(char.IsLetterOrDigit);
    }

    /// <summary>Written with its currency in front ("$165", "EUR 40"): money, whatever its decimals.</summary>
    private static bool CurrencyFirst(AmountMatch m) => m.CurrencyRaw is { Length: > 0 } c && m.Raw.TrimStart().StartsWith(c, StringComparison.Ordinal);

    /// <summary>The starting score and rule of a total candidate by its label; false for amounts that cannot be the total.</summary>
    private static bool TryLabelScore(LabelledAmount a, out double score, out string rule)
    {
        switch (a.Role)
        {
            case AmountRole.Total:
                score = a.LabelWeight;
                rule = $"total label '{Short(a.Label)}'";
                return true;
            case AmountRole.Due:
                score = a.LabelWeight - 0.3;
                rule = $"amount-due label '{Short(a.Label)}'";
                return true;
            case AmountRole.Subtotal:
                // Receipts often print only a subtotal; it is the total when nothing else is labelled so.
                score = a.LabelWeight - 1.8;
                rule = $"subtotal label '{Short(a.Label)}'";
                return true;
            case AmountRole.None when a.Amount.HasDecimals && a.Position > 0.3:
                score = 0.2;
                rule = "unlabelled amount";
                return true;
            case AmountRole.Paid when a.Label.Contains("TOTAL", StringComparison.OrdinalIgnoreCase) || a.Label.Contains("INCL", StringComparison.OrdinalIgnoreCase):
                // "TOTAL PAID", "AMT PAID INCL. GST": the paid amount stated as the tax-inclusive total.
                score = 2.5;
                rule = $"paid label '{Short(a.Label)}'";
                return true;
            default:
                score = 0;
                rule = "";
                return false;
        }
    }

    /// <summary><paramref name="score"/> adjusted by the amount's sign, form, place on the page and repetition.</summary>
    private static double AddFormAndPlace(double score, LabelledAmount a, IReadOnlyList<LabelledAmount> amounts, decimal maxLabelled)
    {
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
        return score;
    }

    /// <summary><paramref name="score"/> raised when the cash tendered and the change given account for the amount.</summary>
    private static double AddCashArithmetic(double score, LabelledAmount a, List<decimal> paid, List<decimal> change, List<string> notes)
    {
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
        return score;
    }

    /// <summary>
    /// After a rounding adjustment the rounded amount is the total ("TOTAL 181.98, ROUNDING .02, 182.00"),
    /// whatever label the OCR gave its row. The rounded amount is printed below the amount it rounds; a
    /// (sub)total printed before the rounding line is the source ("SUBTOTAL 41.43, ROUNDING 0.02, 41.45").
    /// </summary>
    private static void AddRoundedTotals(List<LabelledAmount> pool, List<Candidate<decimal>> candidates, List<decimal> roundings)
    {
        foreach (var a in pool.Where(a => a.Role is not (AmountRole.Paid or AmountRole.Change or AmountRole.Quantity or AmountRole.Reference)))
        {
            var evidence = a.Evidence;
            var source = candidates.Where(c => c.Rule.StartsWith("total label", StringComparison.Ordinal) || c.Rule.StartsWith("amount-due", StringComparison.Ordinal)
                    || c.Rule.StartsWith("subtotal label", StringComparison.Ordinal))
                .Where(c => AmountArithmetic.IsAbove(c.Evidence, evidence) && AmountArithmetic.RoundingBetween(c.Value, a.Value, roundings) is not null)
                .OrderByDescending(c => c.Score).FirstOrDefault();
            if (source is null)
                continue;
            var baseScore = source.Rule.StartsWith("subtotal label", StringComparison.Ordinal) ? source.Score + 1.8 : source.Score;
            candidates.RemoveAll(c => c.Evidence == evidence);
            candidates.Add(new Candidate<decimal>(a.Value, a.Amount.Raw, baseScore + 0.5, evidence, "total after rounding adjustment")
            {
                TextConfidence = ExtractionContext.TextConfidence(a.Row),
                Notes = [$"{AmountFieldsExtractor.Show(source.Value)} + rounding = {AmountFieldsExtractor.Show(a.Value)}"],
                LabelWeight = Math.Max(source.LabelWeight, 3),
            });
        }
    }

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

    internal static List<Candidate<decimal>> ForRole(IReadOnlyList<LabelledAmount> amounts, AmountRole role, string ruleName) =>
        amounts.Where(a => a.Role == role)
            .Select(a =>
            {
                var score = a.LabelWeight + (a.Amount.DecimalDigits == 2 ? 0.5 : -0.5) + (a.IsLastInRow ? 0.3 : 0) + 0.3 * a.Position;
                return new Candidate<decimal>(a.Value, a.Amount.Raw, score, a.Evidence, $"{ruleName} '{Short(a.Label)}'")
                {
                    TextConfidence = ExtractionContext.TextConfidence(a.Row),
                    LabelWeight = a.LabelWeight,
                };
            })
            .OrderByDescending(c => c.Score)
            .ToList();

    private static string Short(string label) => label.Length <= 40 ? label : label[^40..];
}
