using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Fields.Amounts;

/// <summary>
/// Media billing: the agency keeps a commission, so the gross is what the order is worth and the net only what the
/// agency passes on to the station — the net is then neither the total nor a subtotal, but what the agency pays. The page
/// says so in words (a gross label beside a commission) or in its arithmetic: net + commission = gross, the commission
/// the printed rate of the gross. A receipt's "NETT TOTAL" after a discount stays the total: no commission is printed there.
/// </summary>
internal static partial class AgencyCommission
{
    [GeneratedRegex(@"AGENCY\s*COMM|COMMISSION|AGY\.?\s*COMM|AGENTURPROVISION|COMMISSION\s*D'AGENCE", RegexOptions.IgnoreCase)]
    private static partial Regex CommissionRegex();

    [GeneratedRegex(@"\bGROSS|\bBRUTTO", RegexOptions.IgnoreCase)]
    private static partial Regex GrossRegex();

    [GeneratedRegex(@"\bNETT?(?:\b|(?=TOTAL))|\bNETTO\b", RegexOptions.IgnoreCase)]
    private static partial Regex NetRegex();

    /// <summary>Cents the commission may differ from rate × gross by (the station rounds it once).</summary>
    private const decimal Tolerance = 0.011m;

    /// <summary>A net, the commission taken from it, and the gross they make.</summary>
    internal sealed record Split(LabelledAmount Net, LabelledAmount Commission, decimal Gross);

    internal static bool IsNetLabel(string label) => NetRegex().IsMatch(label) && !GrossRegex().IsMatch(label);

    /// <summary>Whether the page's net amounts are net of an agency's commission: a gross label and a commission printed, or <paramref name="split"/>.</summary>
    internal static bool NetOfCommission(ExtractionContext context, IReadOnlyList<LabelledAmount> amounts, Split? split) =>
        split is not null
        || CommissionRegex().IsMatch(context.FullText) && amounts.Any(a => a.Role == AmountRole.Total && GrossRegex().IsMatch(a.Label));

    /// <summary>
    /// The net-labelled amount and the commission amount that add up to the gross: a gross printed on the page with the
    /// commission a plausible share of it, or — printed or not — the commission the page's own rate ("Commission % 15.00")
    /// of net + commission. Null where no pair does.
    /// </summary>
    internal static Split? Find(IReadOnlyList<LabelledAmount> amounts)
    {
        var labelled = amounts.Where(a => CommissionRegex().IsMatch(a.Label)).ToList();
        if (labelled.Count == 0)
            return null;
        var rates = labelled.Where(a => a.Value is > 0 and < 100).Select(a => a.Value).Distinct().ToList();
        // Printed as taken off ("($300.00)", "-300.00") or as its amount alike.
        var commissions = labelled.Where(a => a.Value != 0 && a.Amount.HasDecimals && !a.Label.Contains('%')).ToList();
        var nets = amounts.Where(a => a.Value > 0 && IsNetLabel(a.Label) && a.Role is AmountRole.Total or AmountRole.Subtotal or AmountRole.Due).ToList();
        foreach (var net in nets.OrderByDescending(n => n.Position))
        {
            foreach (var commission in commissions.Where(c => !ReferenceEquals(c, net)))
            {
                var taken = Math.Abs(commission.Value);
                var gross = net.Value + taken;
                var rated = rates.Any(r => r != taken && Math.Abs(gross * r / 100 - taken) <= Tolerance);
                var printed = amounts.Any(a => a.Value == gross);
                var share = taken / gross;
                if (rated || printed && share is >= 0.05m and <= 0.25m)
                    return new Split(net, commission, gross);
            }
        }
        return null;
    }

    /// <summary>
    /// The gross as a total candidate where no total candidate has its value (the page prints the net and the commission,
    /// the gross at most as an unlabelled sum), scored as the net's label would be.
    /// </summary>
    internal static Candidate<decimal>? GrossCandidate(Split split, IReadOnlyList<Candidate<decimal>> totals)
    {
        if (totals.Any(c => c.Value == split.Gross))
            return null;
        var netCandidate = totals.Where(c => c.Value == split.Net.Value).MaxBy(c => c.Score);
        if (netCandidate is null)
            return null;
        var show = AmountFieldsExtractor.Show;
        // Worked out, not read: it ranks just above the net (penalised as net of commission) and below a printed total.
        return new Candidate<decimal>(split.Gross, show(split.Gross), netCandidate.Score + 0.8, netCandidate.Evidence, "net + agency commission")
        {
            // Not printed: a little less sure than a value read under its label.
            TextConfidence = 0.9 * netCandidate.TextConfidence,
            Notes = [$"gross = net {show(split.Net.Value)} + agency commission {show(Math.Abs(split.Commission.Value))}; no gross total is labelled"],
            LabelWeight = netCandidate.LabelWeight,
        };
    }

    /// <summary>
    /// A net of the commission is what the agency pays, not a rival of the gross: where a greater gross is among the total's
    /// candidates (under a gross label, or the one the split makes), the net-labelled amounts below it leave them.
    /// </summary>
    internal static List<Candidate<decimal>> WithoutNets(List<Candidate<decimal>> totals, IReadOnlyList<LabelledAmount> amounts, Split? split)
    {
        var grosses = amounts.Where(a => a.Role == AmountRole.Total && GrossRegex().IsMatch(a.Label)).Select(a => a.Value)
            .Concat(split is null ? [] : [split.Gross]).Where(g => totals.Any(c => c.Value == g)).ToList();
        if (grosses.Count == 0)
            return totals;
        var gross = grosses.Max();
        var nets = amounts.Where(a => IsNetLabel(a.Label) && a.Value < gross)
            .Select(a => a.Evidence).ToHashSet();
        return totals.Where(c => c.Value >= gross || c.Evidence is null || !nets.Contains(c.Evidence)).ToList();
    }

    /// <summary>The net of the commission as what the agency pays, where no amount-due label gives one.</summary>
    internal static Candidate<decimal> NetPayable(Split split) =>
        new(split.Net.Value, split.Net.Amount.Raw, split.Net.LabelWeight,
            split.Net.Evidence, $"net of the agency commission '{split.Net.Label}'")
        {
            TextConfidence = ExtractionContext.TextConfidence(split.Net.Row),
            LabelWeight = split.Net.LabelWeight,
        };
}
