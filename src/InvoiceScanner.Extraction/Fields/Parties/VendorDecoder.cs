using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// Turns per-line company/address probabilities into the vendor name and address: the best run of name lines,
/// adjusted by the name rules, and the best run of address lines outside it, adjusted by the address rules.
/// </summary>
public static class VendorDecoder
{
    /// <param name="customerLines">Lines on the customer's side (under a receiver's label): never the vendor's name.</param>
    public static (Field<string>? Vendor, Field<string>? Address) Decode(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName,
        IReadOnlySet<LayoutLine>? customerLines = null)
    {
        if (lines.Count == 0)
            return (null, null);

        var (vendor, companyRun) = DecodeVendor(lines, scores, scorerName, customerLines);
        var address = DecodeAddress(lines, scores, scorerName, companyRun);
        return (vendor, address);
    }

    /// <summary>The vendor name and the lines it was read from (which the address may not take).</summary>
    private static (Field<string>? Vendor, List<int> CompanyRun) DecodeVendor(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName,
        IReadOnlySet<LayoutLine>? customerLines)
    {
        // Vendor: the best-scoring run of up to 3 lines by summed log-odds (a name split over lines is one run);
        // when no line is more likely company than not, the single most likely line.
        var never = Enumerable.Range(0, lines.Count)
            .Where(i => NameShape.IsNeverAName(lines[i].Text) || customerLines?.Contains(lines[i]) == true).ToHashSet();
        var companyRun = BestRun(scores.Select((s, i) => s.Company * NameShape.Factor(lines[i].Text)).ToList(), 3, exclude: never);
        RegisteredEntityRules.PreferRegisteredEntity(lines, scores, companyRun);
        if (RegisteredEntityRules.RegisteredNameWhenUnsure(lines, scores, companyRun) is { } registered)
        {
            var (index, name) = registered;
            var best = companyRun.Count == 0 ? 0 : companyRun.Max(i => scores[i].Company);
            var vendor = new Field<string>(name, lines[index].Text.Trim(), Math.Round(RegisteredEntityRules.UnsureVendor * lines[index].Line.Confidence, 3), PartyEvidence.Of([lines[index]]))
            {
                Trace = [$"registered company name in line {index} (legal form and registration number); no line read as a vendor (best p={best:0.00})",
                    .. RunnersUp(lines, scores, [index], s => s.Company, "vendor")],
            };
            return (vendor, [index]);
        }
        if (companyRun.Count > 0)
            return (VendorFromRun(lines, scores, scorerName, companyRun), companyRun);
        return (null, companyRun);
    }

    /// <summary>The name run completed and cleaned by the name rules (in place), and its text as the vendor name.</summary>
    private static Field<string> VendorFromRun(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName, List<int> companyRun)
    {
        LegalNames.ExtendLegalSuffix(lines, companyRun);
        NameContinuation.ExtendGenericName(lines, scores, companyRun);
        NameContinuation.ExtendBrokenName(lines, scores, companyRun);
        NameRunCleanup.DropRepeatedLines(lines, companyRun);
        NameRunCleanup.DropLabelledLines(lines, companyRun);
        var parts = companyRun.Select(i => PartyText.StripRegistration(LegalNames.StripNameLabel(PartyText.TrimOcrMargin(lines[i].Text.Trim()))))
            .Where(t => t.Length > 0 && !PartyText.IsRegistrationOnly(t)).ToList();
        var raw = string.Join(" ", companyRun.Select(i => lines[i].Text.Trim()));
        var value = parts.Count > 0 ? string.Join(" ", parts) : raw;
        var peak = companyRun.Max(i => scores[i].Company);
        var confidence = peak * lines[companyRun[0]].Line.Confidence;
        return new Field<string>(value, raw, Math.Round(confidence, 3), PartyEvidence.Of(companyRun.Select(i => lines[i]).ToList()))
        {
            Trace = [$"{scorerName}: vendor line(s) {string.Join(",", companyRun)} (p={peak:0.00})",
                .. RunnersUp(lines, scores, companyRun, s => s.Company, "vendor")],
        };
    }

    private static Field<string>? DecodeAddress(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName, List<int> companyRun)
    {
        // Address: the best-scoring contiguous run outside the name (up to 7 lines).
        Field<string>? address = null;
        var run = BestRun(scores.Select(s => s.Address).ToList(), 7, exclude: companyRun);
        if (run.Count > 0 && run.Max(i => scores[i].Address) >= 0.2)
        {
            VendorAddressRules.ExtendContinuedLines(lines, scores, run, companyRun);
            VendorAddressRules.DropBranchNameLine(lines, run);
            var raw = VendorAddressRules.StripAddressLabel(string.Join(" ", run.Select(i => PartyText.TrimOcrMargin(lines[i].Text.Trim()))));
            var peak = run.Max(i => scores[i].Address);
            var confidence = run.Select(i => scores[i].Address).Average() * run.Select(i => lines[i].Line.Confidence).Average();
            address = new Field<string>(raw, raw, Math.Round(confidence, 3), PartyEvidence.Of(run.Select(i => lines[i]).ToList()))
            {
                Trace = [$"{scorerName}: address line(s) {string.Join(",", run)} (peak p={peak:0.00})",
                    .. RunnersUp(lines, scores, run, s => s.Address, "address")],
            };
        }
        return address;
    }

    /// <summary>
    /// Maximum-sum contiguous run of log-odds log(p/(1−p)), at most <paramref name="maxLength"/> lines; a weak line
    /// between two strong ones joins the run, a weak line at its edge does not. Falls back to the single best line.
    /// </summary>
    internal static List<int> BestRun(IReadOnlyList<double> p, int maxLength, IReadOnlyCollection<int>? exclude)
    {
        var best = (Sum: double.NegativeInfinity, Start: -1, End: -1);
        for (var start = 0; start < p.Count; start++)
        {
            var sum = 0.0;
            for (var end = start; end < p.Count && end - start < maxLength; end++)
            {
                if (exclude?.Contains(end) == true) break;
                var q = Math.Clamp(p[end], 1e-4, 1 - 1e-4);
                sum += Math.Log(q / (1 - q));
                if (sum > best.Sum) best = (sum, start, end);
            }
        }
        return best.Start < 0 ? [] : Enumerable.Range(best.Start, best.End - best.Start + 1).ToList();
    }

    private static IEnumerable<string> RunnersUp(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> chosen, Func<PartyLineScore, double> p, string what) =>
        Enumerable.Range(0, lines.Count).Where(i => !chosen.Contains(i)).OrderByDescending(i => p(scores[i])).Take(2)
            .Select(i => $"rejected {what} line {i} '{lines[i].Text.Trim()}' (p={p(scores[i]):0.00})");
}
