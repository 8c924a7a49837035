using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Amounts;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>An amount on the document with the role its label (or its column header) gives it.</summary>
public sealed record LabelledAmount(AnalyzedRow Row, AmountMatch Amount, AmountRole Role, double LabelWeight, string Label, double Position)
{
    public decimal Value => Amount.Value;
    public bool IsLastInRow => ReferenceEquals(Row.Amounts[^1], Amount);
    public Evidence Evidence => Row.Row.EvidenceFor(Amount.Start, Amount.Length);
}

/// <summary>The money fields chosen together so that they add up where the document lets them.</summary>
public sealed record AmountFields(
    Field<decimal>? Total, Field<decimal>? Subtotal, Field<decimal>? Tax, Field<decimal>? Discount,
    Field<decimal>? AmountDue, Field<decimal>? AmountPaid, IReadOnlyList<LabelledAmount> Amounts)
{
    /// <summary>The document-level charges ("Gesamtbetrag der Zuschläge", a service charge) the total includes.</summary>
    public Field<decimal>? ChargeTotal { get; init; }

    /// <summary>The total without VAT (EN 16931 BT-109): the net the tax was computed on, after allowances and charges.</summary>
    public Field<decimal>? TaxBasis { get; init; }
}

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
        var commission = AgencyCommission.Find(amounts);
        var netOfCommission = AgencyCommission.NetOfCommission(context, amounts, commission);
        var totals = AmountCandidates.Totals(amounts, netOfCommission);
        if (commission is not null && AgencyCommission.GrossCandidate(commission, totals) is { } gross)
            totals = [.. totals.Append(gross).OrderByDescending(c => c.Score)];
        if (netOfCommission)
            totals = AgencyCommission.WithoutNets(totals, amounts, commission);
        var subtotals = AmountCandidates.ForRole(amounts.Where(a => !(netOfCommission && AgencyCommission.IsNetLabel(a.Label))).ToList(), AmountRole.Subtotal, "subtotal label");
        var taxes = AmountCandidates.ForRole(amounts, AmountRole.Tax, "tax label");
        var discounts = AmountCandidates.ForRole(amounts, AmountRole.Discount, "discount label")
            .Select(c => c with { Value = Math.Abs(c.Value) }).ToList();
        var roundings = AmountArithmetic.RoundingValues(amounts);
        var serviceCharges = amounts.Where(a => a.Role == AmountRole.ServiceCharge && a.Value > 0).Select(a => a.Value).Distinct().ToList();

        var (total, subtotal, tax, discount, note) = AmountArithmetic.Solve(totals, subtotals, taxes, discounts, roundings, serviceCharges);

        Field<decimal>? totalField = total is null ? null : CandidateSelector.ToField(
            note is null ? total : total with { Notes = [.. total.Notes, note] }, totals, Show);
        Field<decimal>? subtotalField = subtotal is null ? null : CandidateSelector.ToField(subtotal, subtotals, Show);
        Field<decimal>? taxField = tax is null ? null : CandidateSelector.ToField(tax, taxes, Show);
        Field<decimal>? discountField = discount is null ? null : CandidateSelector.ToField(discount, discounts, Show);

        // No subtotal label, but a tax line: total − tax is the subtotal when that amount is printed somewhere.
        if (subtotalField is null && totalField is not null && taxField is not null)
            subtotalField = ImpliedSubtotal(amounts, totalField, taxField, discountField);

        var (lineSum, taxBasis) = NetTotals.Split(subtotalField, taxField, totalField, discountField, amounts);
        var dueCandidates = AmountCandidates.ForRole(amounts, AmountRole.Due, "amount-due label");
        if (dueCandidates.Count == 0 && commission is not null)
            dueCandidates.Add(AgencyCommission.NetPayable(commission));
        var paidCandidates = AmountCandidates.ForRole(amounts, AmountRole.Paid, "paid label").Where(c => c.Value > 0).ToList();
        var chargeCandidates = AmountCandidates.ForRole(amounts, AmountRole.ServiceCharge, "charge label").Where(c => c.Value > 0).ToList();
        return new AmountFields(totalField, lineSum, taxField, discountField,
            CandidateSelector.Pick(dueCandidates, Show), CandidateSelector.Pick(paidCandidates, Show), amounts)
        {
            ChargeTotal = CandidateSelector.Pick(chargeCandidates, Show),
            TaxBasis = taxBasis,
        };
    }

    /// <summary>Total − tax (+ discount) as the subtotal, where that amount is printed on the document; null otherwise.</summary>
    private static Field<decimal>? ImpliedSubtotal(IReadOnlyList<LabelledAmount> amounts, Field<decimal> totalField, Field<decimal> taxField, Field<decimal>? discountField)
    {
        var implied = totalField.Value - taxField.Value + (discountField?.Value ?? 0);
        var printed = amounts.Where(a => a.Value == implied && a.Role is not (AmountRole.Tax or AmountRole.Paid or AmountRole.Change))
            .OrderBy(a => a.Position).FirstOrDefault();
        if (printed is null)
            return null;
        return new Field<decimal>(implied, printed.Amount.NumberRaw, 0.7, printed.Evidence)
        {
            Trace = [$"implied: total {Show(totalField.Value)} − tax {Show(taxField.Value)} = {Show(implied)}, printed in '{printed.Row.Text.Trim()}'"],
        };
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
                    if (LabelAbove(context, row, box) is { Role: not AmountRole.None } a)
                        (role, weight, label) = (a.Role, a.Weight * 0.8, a.Text);
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

    /// <summary>
    /// The text right above an amount when its row holds no amounts (a label or column header over its value). Rows that
    /// print nothing over the amount are passed over, up to three rows and four of the amount's heights up, to a total's
    /// strong label: a totals table's headers ("TOTAL HT  TOTAL TVA  TOTAL TTC") sit beside a paragraph whose lines run between
    /// them and the values.
    /// </summary>
    private static (string Text, AmountRole Role, double Weight)? LabelAbove(ExtractionContext context, AnalyzedRow row, BoundingBox box)
    {
        if (context.LineAbove(row, box, 3) is not { } above || above.Row.Amounts.Count > 0)
            return null;
        var text = above.Line.Text;
        var (role, weight) = Labels.ClassifyAmountLabel(text);
        if (above.Row.Row.Index == row.Row.Index - 1)
            return (text, role, weight);
        // Farther up only a total's strong label (a totals table's "TOTAL HT"), not a summary's "AMOUNT" or "TAX" over its rows.
        return box.Top - above.Line.Box.Bottom < 4 * box.Height && Labels.HasTotalWord(text) && weight >= 2 ? (text, role, weight) : null;
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
}
