using System.Text.RegularExpressions;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>The legal form of a company name: lines that are only a legal suffix, and labels in front of a legal name.</summary>
internal static partial class LegalNames
{
    /// <summary>Legal forms of a company name, as a regex alternation.</summary>
    internal const string LegalForms = @"SDN\.?\s*BHD|S/B|BHD|BERHAD|LTD|LIMITED|INC|LLC|GMBH|PLC|PTE";

    [GeneratedRegex(@"\b(" + LegalForms + @")\b", RegexOptions.IgnoreCase)]
    internal static partial Regex LegalFormRegex();

    // Legal forms of European and English-speaking businesses (the list above is Malaysian-first, for receipts).
    [GeneratedRegex(@"(?<![\p{L}])(GMBH(\s*&\s*CO\.?\s*KG)?|AG|KG|KGAA|OHG|UG|E\.\s?K\.|E\.\s?V\.|A\.\s?G\.|SE|S\.\s?A\.?|SAS|SARL|S\.A\.R\.L\.|SASU|EURL|B\.\s?V\.?|N\.\s?V\.?|BV|NV|VOF|S\.\s?L\.|S\.\s?P\.\s?A\.|S\.\s?R\.\s?L\.|SRL|SPA|LTD\.?|LIMITED|INC\.?|LLC|LLP|PLC|CORP\.?|CORPORATION|SP\.\s?Z\s?O\.\s?O\.|OY|AB|A/S|APS|AS)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex BusinessFormRegex();

    /// <summary>The first business legal form in the text (GmbH, AG, a.G., SARL, B.V., Ltd …).</summary>
    internal static Match BusinessForm(string text) => BusinessFormRegex().Match(text);

    internal static bool HasBusinessForm(string text) => BusinessFormRegex().IsMatch(text);

    // "DIMILIKI: KEDAI CONTOH SDN BHD" (owned by), "OPERATED BY: ...": a label before the legal name is not part of it.
    [GeneratedRegex(@"^[A-Z][A-Z .]{1,20}:\s*(?=\S)", RegexOptions.IgnoreCase)]
    internal static partial Regex NameLabelRegex();

    internal static string StripNameLabel(string text)
    {
        var m = NameLabelRegex().Match(text);
        return m.Success && LegalFormRegex().IsMatch(text[m.Length..]) ? text[m.Length..] : text;
    }

    /// <summary>A name run that is only a legal suffix ("SDN BHD") takes the line above; a name followed by one does too.</summary>
    internal static void ExtendLegalSuffix(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        if (run.Count < 3 && IsLegalSuffixOnly(lines[run[0]].Text) && run[0] > 0)
            run.Insert(0, run[0] - 1);
        var next = run[^1] + 1;
        if (run.Count < 3 && next < lines.Count && IsLegalSuffixOnly(lines[next].Text))
            run.Add(next);
    }

    [GeneratedRegex(@"^\W*(SDN\.?\s*BHD\.?|S/B|BHD\.?|BERHAD|LTD\.?|LIMITED|INC\.?|LLC|GMBH|B\.V\.|PLC|PTE\.?\s*LTD\.?|CO\.?\s*LTD\.?)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex LegalSuffixOnlyRegex();

    private static bool IsLegalSuffixOnly(string text) => LegalSuffixOnlyRegex().IsMatch(PartyText.StripRegistration(text.Trim()));
}
