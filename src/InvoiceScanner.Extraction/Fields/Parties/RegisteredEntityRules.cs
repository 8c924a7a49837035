using System.Text.RegularExpressions;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>When the seller's registered company name (legal form and registration number) is the vendor.</summary>
internal static partial class RegisteredEntityRules
{
    /// <summary>
    /// When the chosen name is a single line without a legal form (a brand or logo line) and a line naming a
    /// registered company ("GOLDEN SCOOP SDN BHD (169609-A)": legal form plus registration number) is nearly as
    /// likely, or is the brand itself with its legal form ("KEDAI ROTI MANIS" and "OWNED BY: KEDAI ROTI MANIS SDN BHD 1234567-W"),
    /// the registered company is the vendor.
    /// </summary>
    internal static void PreferRegisteredEntity(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run)
    {
        if (run.Count != 1 || LegalNames.LegalFormRegex().IsMatch(lines[run[0]].Text))
            return;
        var peak = scores[run[0]].Company;
        var registered = Enumerable.Range(0, lines.Count)
            .Where(i => i != run[0] && LegalNames.LegalFormRegex().IsMatch(lines[i].Text) && PartyText.StripRegistration(lines[i].Text.Trim()).Length < lines[i].Text.Trim().Length)
            .Where(i => scores[i].Company >= 0.8 * peak || ContainsWords(lines[i].Text, lines[run[0]].Text))
            .OrderByDescending(i => scores[i].Company).Take(1).ToList();
        if (registered.Count == 1)
            run[0] = registered[0];
    }

    /// <summary>Below this company probability the best line is a guess, and a registered company name is taken instead.</summary>
    internal const double UnsureVendor = 0.25;

    // "MYNEWS RETAIL SB(306295-X) FKA ..." → "MYNEWS RETAIL SB": a legal form (also "SB" here, beside the number)
    // directly followed by a bracketed registration number.
    [GeneratedRegex(@"^(?<name>.*?[A-Z].*?\b(?:" + LegalNames.LegalForms + @"|SB)\.?)\s*\(\s*(?:CO(?:MPANY)?\.?\s*(?:NO|REG)\.?\s*:?\s*)?\d{3,8}\s?-?\s?[A-Z]\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex RegisteredNameRegex();

    /// <summary>
    /// When no header line reads as the vendor name (best probability below <see cref="UnsureVendor"/>), a line that names
    /// a registered company (legal form, then its registration number) is the seller printing its legal identity; the
    /// name up to the legal form is the vendor. The most likely such line by the scorer wins.
    /// </summary>
    internal static (int Index, string Name)? RegisteredNameWhenUnsure(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run)
    {
        if (run.Count > 0 && run.Max(i => scores[i].Company) >= UnsureVendor)
            return null;
        var registered = Enumerable.Range(0, lines.Count)
            .Select(i => (Index: i, Match: RegisteredNameRegex().Match(PartyText.TrimOcrMargin(lines[i].Text.Trim()))))
            .Where(x => x.Match.Success)
            .OrderByDescending(x => scores[x.Index].Company)
            .Select(x => ((int Index, string Name)?)(x.Index, LegalNames.StripNameLabel(x.Match.Groups["name"].Value.Trim())))
            .FirstOrDefault();
        // The best guess names the same business ("SANYU STATIONERY SHOP" over "SANYU SUPPLY SDN BHD (…)"): the shop's
        // own name as it heads the receipt, which is what is read as the vendor.
        return registered is { } r && run.Count > 0 && FirstWord(lines[run[0]].Text) is { Length: >= 3 } brand
            && string.Equals(brand, FirstWord(r.Name), StringComparison.OrdinalIgnoreCase) ? null : registered;
    }

    private static string FirstWord(string text) =>
        new(PartyText.TrimOcrMargin(text.Trim()).TakeWhile(char.IsLetterOrDigit).ToArray());

    /// <summary>True when <paramref name="text"/> contains all of <paramref name="part"/> as whole words, in order.</summary>
    private static bool ContainsWords(string text, string part)
    {
        static string Words(string t) => " " + string.Join(' ', t.ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        var p = Words(part);
        return p.Trim().Count(char.IsLetter) >= 4 && Words(text).Contains(p, StringComparison.Ordinal);
    }
}
