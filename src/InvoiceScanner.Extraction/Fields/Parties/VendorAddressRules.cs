using System.Text.RegularExpressions;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Which lines around the best address run belong to the address, and what of its text is not address.</summary>
internal static partial class VendorAddressRules
{
    /// <summary>Lowest address probability at which a line joined to the run by punctuation is taken.</summary>
    internal const double ContinuationMinimum = 0.15;

    /// <summary>
    /// An address line that ends in a comma (or '&amp;', '-') continues on the next line: "109, SS21/1A," above the run
    /// joins it, and so does the line after a run whose last line ends that way, unless it is a phone/tax/other
    /// stop line, part of the name, or clearly not address.
    /// </summary>
    internal static void ExtendContinuedLines(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run, IReadOnlyCollection<int> nameRun)
    {
        var around = new AddressNeighbourhood(lines, scores, run, nameRun);
        TakeLeadingLines(around);
        TakeContinuedLines(around);
        TakePostcodeLine(around);
        TakeBranchLine(around);
    }

    /// <summary>The lines above the run that lead into it (see <see cref="AddressNeighbourhood.Leads"/>).</summary>
    private static void TakeLeadingLines(AddressNeighbourhood around)
    {
        var (_, scores, run, _) = around;
        while (run.Count < 7 && around.Joinable(run[0] - 1))
        {
            var above = run[0] - 1;
            if (around.Leads(above))
                run.Insert(0, above);
            // A fairly likely line without such signs ("DATARAN GLOMAC, KELANA JAYA") joins when the line above it leads.
            else if (run.Count < 6 && scores[above].Address >= 0.35 && around.Joinable(above - 1) && around.Leads(above - 1))
                run.InsertRange(0, [above - 1, above]);
            else
                break;
        }
    }

    /// <summary>The lines below the run while its last line goes on to the next.</summary>
    private static void TakeContinuedLines(AddressNeighbourhood around)
    {
        var (lines, _, run, _) = around;
        while (run.Count < 7 && Continues(lines[run[^1]].Text) && around.Joinable(run[^1] + 1))
            run.Add(run[^1] + 1);
    }

    /// <summary>A postcode printed on a line of its own ("53100") closes the address above it.</summary>
    private static void TakePostcodeLine(AddressNeighbourhood around)
    {
        var (lines, _, run, nameRun) = around;
        var after = run[^1] + 1;
        if (run.Count < 7 && after < lines.Count && !nameRun.Contains(after) && PostcodeLineRegex().IsMatch(lines[after].Text)
            && !PartyText.HasStopWord(lines[after].Text) && !PartyText.HasPostcode(lines[run[^1]].Text))
            run.Add(after);
    }

    /// <summary>
    /// After the postcode line, a fairly likely line that is the last before the phone/tax block names the branch or
    /// the mall the address is in ("1234-TAMAN MELATI", "(CONTOH MALL)") and belongs to the address.
    /// </summary>
    private static void TakeBranchLine(AddressNeighbourhood around)
    {
        var (lines, scores, run, _) = around;
        var after = run[^1] + 1;
        if (run.Count < 7 && PartyText.HasPostcode(lines[run[^1]].Text) && around.Joinable(after) && scores[after].Address >= TailMinimum
            && lines[after].Text.Count(char.IsLetter) >= 3 && !PartyText.IsTaxIdLine(lines[after].Text)
            && (after + 1 >= lines.Count || PartyText.HasStopWord(lines[after + 1].Text)))
            run.Add(after);
    }

    private static bool Continues(string text) => text.TrimEnd() is { Length: > 0 } t && t[^1] is ',' or '&' or '-';

    /// <summary>The address run being extended, with the lines and scores around it and the name run it must not take.</summary>
    private readonly record struct AddressNeighbourhood(IReadOnlyList<LayoutLine> Lines, IReadOnlyList<PartyLineScore> Scores, List<int> Run, IReadOnlyCollection<int> NameRun)
    {
        // A line that starts with the premises number and names a street or goes on to the next line ("NO 1&3, JALAN
        // CONTOH 12,", "L4-17 (B), LEVEL 4,") is an address line even where the scorer doubts it (a shop it never saw).
        private bool Premises(int i) => PartyText.StartsWithPremisesNumber(PartyText.TrimOcrMargin(Lines[i].Text.Trim()))
            && (PartyText.HasStreetWord(Lines[i].Text) || Continues(Lines[i].Text)) && !PartyText.IsTaxIdLine(Lines[i].Text);

        public bool Joinable(int i) => i >= 0 && i < Lines.Count && !NameRun.Contains(i) && !Run.Contains(i)
            && (Scores[i].Address >= ContinuationMinimum || Premises(i)) && !PartyText.HasStopWord(Lines[i].Text) && Lines[i].Text.Any(char.IsLetterOrDigit);

        // Above the run, the first lines of an address (unit, building, street number) often read less like one
        // than the street and town below them: a line with a number or street word among its words joins.
        public bool Leads(int i) => Continues(Lines[i].Text) || Premises(i)
            || Scores[i].Address >= 0.2 && (PartyText.AddressWordCount(Lines[i].Text) > 0 || Lines[i].Text.Any(char.IsAsciiDigit))
               && Lines[i].Text.Count(char.IsLetter) >= 3 && !PartyText.IsTaxIdLine(Lines[i].Text)
               // a business word ("... SHOPPING CENTRE") is fine beside a unit or street number ("GK101, GND FLR"), not alone
               && (!PartyText.HasCompanyWord(Lines[i].Text) || PartyText.AddressWordCount(Lines[i].Text) > 0 && Lines[i].Text.Any(char.IsAsciiDigit));
    }

    /// <summary>Lowest address probability at which the line between the postcode line and the phone/tax block joins.</summary>
    internal const double TailMinimum = 0.25;

    /// <summary>
    /// The address starts at the premises number: a first line without any number, comma or street word above a line
    /// that starts with one ("TAMAN MELATI OUTLET" over "NO 12, JALAN MELATI 3") names the branch,
    /// not where it is, and is dropped.
    /// </summary>
    internal static void DropBranchNameLine(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        if (run.Count < 2)
            return;
        var first = PartyText.TrimOcrMargin(lines[run[0]].Text.Trim());
        if (first.Any(char.IsAsciiDigit) || first.Contains(',') || PartyText.HasStreetWord(first) || !first.Any(char.IsLetter))
            return;
        if (PartyText.StartsWithPremisesNumber(PartyText.TrimOcrMargin(lines[run[1]].Text.Trim())))
            run.RemoveAt(0);
    }

    // A postcode alone or before the town: "53100", "53100 KUALA LUMPUR."
    [GeneratedRegex(@"^\W*\d{5}(?:[\s,.]+[A-Z][A-Z .,']*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PostcodeLineRegex();

    [GeneratedRegex(@"^[^:]{0,12}?\b(ADD(RESS)?|ADDR|ALAMAT|ADRES|ADRESSE|ANSCHRIFT)\s*[:.]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AddressLabelRegex();

    /// <summary>"HQ ADD: LOT 11995, ..." → "LOT 11995, ...": a label in front of the address is not part of it.</summary>
    internal static string StripAddressLabel(string text)
    {
        var m = AddressLabelRegex().Match(text);
        return m.Success && m.Length < text.Length && text[m.Length..].Any(char.IsLetterOrDigit) ? text[m.Length..] : text;
    }
}
