using System.Text.RegularExpressions;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Lines next to the name run that continue the name: the name above a generic word, a name broken over lines.</summary>
internal static partial class NameContinuation
{
    /// <summary>
    /// A name run that starts with a line of generic words only ("RESTAURANT SDN BHD" under "LIAN CHI PU TIAN
    /// VEGETARIAN", "BAKERY" under "THE / ROTI / MAN") takes the name line(s) above it: lines with letters that are
    /// not address, phone or other header lines; a logo split one word per line is followed up to four lines.
    /// </summary>
    internal static void ExtendGenericName(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run)
    {
        if (run.Count == 0 || !PartyText.IsGenericNameOnly(lines[run[0]].Text))
            return;
        bool NameLike(int i) => IsNameLine(lines, scores, i);
        static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!NameLike(run[0] - 1))
            return;
        run.Insert(0, run[0] - 1);
        // One word per line: a logo; keep collecting its words.
        while (run.Count < 4 && Words(lines[run[0]].Text) == 1 && NameLike(run[0] - 1) && Words(lines[run[0] - 1].Text) == 1)
            run.Insert(0, run[0] - 1);
    }

    /// <summary>
    /// A name the print broke over lines is taken whole: a run that starts mid-name ("CO. (M) SDN BHD" under "POPULAR
    /// BOOK", "ALAM) SDN BHD" with its bracket closing) takes the line above, and one that stops mid-name ("HOME MASTER
    /// HARDWARE &amp;" over "ELECTRICAL", an open bracket) takes the line below, when that line reads like a name
    /// (<see cref="IsNameLine"/>, and not a tax number). Up to four lines in all.
    /// </summary>
    internal static void ExtendBrokenName(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run)
    {
        if (run.Count == 0)
            return;
        bool NameLike(int i) => IsNameLine(lines, scores, i) && !PartyText.IsTaxIdLine(lines[i].Text);
        // Once the name is known to go on upwards, a line above that reads as a name too is its beginning
        // ("AIK HUAT HARDWARE" over "ENTERPRISE (SETIA" over "ALAM) SDN BHD").
        var broken = false;
        while (run.Count < 4 && (StartsMidName(lines[run[0]].Text) || run[0] > 0 && EndsMidName(lines[run[0] - 1].Text)
                   || broken && run[0] > 0 && scores[run[0] - 1].Company >= 0.5) && NameLike(run[0] - 1))
        {
            run.Insert(0, run[0] - 1);
            broken = true;
        }
        while (run.Count < 4 && (EndsMidName(lines[run[^1]].Text) || run[^1] + 1 < lines.Count && StartsMidName(lines[run[^1] + 1].Text)) && NameLike(run[^1] + 1))
            run.Add(run[^1] + 1);
    }

    /// <summary>
    /// "CO. (M) SDN BHD", "(SEMENYIH) SDN BHD" (the branch in brackets, then the legal form), "&amp; SONS", "AND CO", or a
    /// closing bracket before any opening one ("ALAM) SDN BHD").
    /// </summary>
    internal static bool StartsMidName(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        return BrokenNameStartRegex().IsMatch(t) || t.IndexOf(')') is >= 0 and var close && (t.IndexOf('(') < 0 || t.IndexOf('(') > close);
    }

    /// <summary>"... HARDWARE &amp;", "... AND", or an opening bracket left open ("ENTERPRISE (SETIA").</summary>
    internal static bool EndsMidName(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        return BrokenNameEndRegex().IsMatch(t) || t.LastIndexOf('(') is >= 0 and var open && t.IndexOf(')', open) < 0;
    }

    [GeneratedRegex(@"^(?:CO\.?\s*\(|CO\.?\s+(?:LTD|LIMITED|SDN|BHD)\b|&|AND\s|\([^()]{1,30}\)\s*(?:" + LegalNames.LegalForms + @")\b)", RegexOptions.IgnoreCase)]
    private static partial Regex BrokenNameStartRegex();

    [GeneratedRegex(@"(?:\s&|\sAND)$", RegexOptions.IgnoreCase)]
    private static partial Regex BrokenNameEndRegex();

    /// <summary>
    /// Whether line <paramref name="i"/> reads like (part of) a name: letters, and no stop word (phone, tax, cashier…),
    /// address word, postcode or registration number; not likely an address line.
    /// </summary>
    private static bool IsNameLine(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, int i) =>
        i >= 0 && i < lines.Count && lines[i].Text.Any(char.IsLetter) && !PartyText.HasStopWord(lines[i].Text)
        && PartyText.AddressWordCount(lines[i].Text) == 0 && !PartyText.HasPostcode(lines[i].Text)
        && !PartyText.IsRegistrationOnly(lines[i].Text) && scores[i].Address < 0.5;
}
