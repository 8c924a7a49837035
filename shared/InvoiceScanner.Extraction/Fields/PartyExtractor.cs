using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Per-line probabilities that a header line belongs to the vendor name or the vendor address.</summary>
public readonly record struct PartyLineScore(double Company, double Address);

/// <summary>Scores the header lines of a document; the rules and the trained line classifier both implement it.</summary>
public interface IPartyLineScorer
{
    string Name { get; }
    IReadOnlyList<PartyLineScore> Score(IReadOnlyList<LayoutLine> headerLines);
}

public sealed record PartyFields(Field<string>? VendorName, Field<string>? VendorAddress, Field<string>? ReceiverName, Field<string>? ReceiverAddress);

/// <summary>
/// Vendor name and address from the header lines: a scorer gives each line a company/address probability,
/// and a decoder takes the best company line (plus neighbours that continue it) and the run of address lines.
/// The values are the lines' own text joined by a space, so they stay verbatim (what receipts' keys expect).
/// </summary>
public static partial class PartyExtractor
{
    /// <summary>How many lines from the top of the first page are considered the header.</summary>
    public const int HeaderLines = 25;

    public static PartyFields Extract(ExtractionContext context, IPartyLineScorer scorer)
    {
        var header = HeaderOf(context.Layout);
        var (vendor, address) = Decode(header, scorer.Score(header), scorer.Name);
        var (receiverName, receiverAddress) = Receiver(context);
        return new PartyFields(Corroborate(vendor, context.Layout), address, receiverName, receiverAddress);
    }

    /// <summary>
    /// A seller names itself more than once (letterhead, sender line over the address window, footer with bank and
    /// registration details): the chosen name printed again elsewhere is independent evidence, so the doubt left by
    /// the line scorer is reduced. The value itself never changes here.
    /// </summary>
    public static Field<string>? Corroborate(Field<string>? vendor, DocumentLayout layout)
    {
        if (vendor is null)
            return null;
        var name = Normalise(vendor.Value);
        if (name.Length < 6 || !name.Any(char.IsLetter))
            return vendor;
        var occurrences = layout.Lines.Count(l => Normalise(l.Text).Contains(name, StringComparison.Ordinal));
        if (occurrences < 2)
            return vendor;
        var confidence = Math.Round(1 - (1 - vendor.Confidence) * 0.4, 3);
        return vendor with { Confidence = confidence, Trace = [.. vendor.Trace, $"name printed again in {occurrences - 1} other line(s): confidence {vendor.Confidence:0.00} → {confidence:0.00}"] };

        static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
    }

    public static IReadOnlyList<LayoutLine> HeaderOf(DocumentLayout layout)
    {
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        return layout.Lines.Where(l => l.Page == firstPage).Take(HeaderLines).ToList();
    }

    public static (Field<string>? Vendor, Field<string>? Address) Decode(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName)
    {
        if (lines.Count == 0)
            return (null, null);

        // Vendor: the best-scoring run of up to 3 lines by summed log-odds (a name split over lines is one run);
        // when no line is more likely company than not, the single most likely line.
        var companyRun = BestRun(scores.Select((s, i) => s.Company * NameShapeFactor(lines[i].Text)).ToList(), 3, exclude: null);
        PreferRegisteredEntity(lines, scores, companyRun);
        Field<string>? vendor = null;
        if (RegisteredNameWhenUnsure(lines, scores, companyRun) is { } registered)
        {
            var (index, name) = registered;
            var best = companyRun.Count == 0 ? 0 : companyRun.Max(i => scores[i].Company);
            vendor = new Field<string>(name, lines[index].Text.Trim(), Math.Round(UnsureVendor * lines[index].Line.Confidence, 3), EvidenceOf([lines[index]]))
            {
                Trace = [$"registered company name in line {index} (legal form and registration number); no line read as a vendor (best p={best:0.00})",
                    .. RunnersUp(lines, scores, [index], s => s.Company, "vendor")],
            };
            companyRun = [index];
        }
        else if (companyRun.Count > 0)
        {
            ExtendLegalSuffix(lines, companyRun);
            ExtendGenericName(lines, scores, companyRun);
            ExtendBrokenName(lines, scores, companyRun);
            DropRepeatedLines(lines, companyRun);
            DropLabelledLines(lines, companyRun);
            var parts = companyRun.Select(i => PartyText.StripRegistration(StripNameLabel(PartyText.TrimOcrMargin(lines[i].Text.Trim()))))
                .Where(t => t.Length > 0 && !PartyText.IsRegistrationOnly(t)).ToList();
            var raw = string.Join(" ", companyRun.Select(i => lines[i].Text.Trim()));
            var value = parts.Count > 0 ? string.Join(" ", parts) : raw;
            var peak = companyRun.Max(i => scores[i].Company);
            var confidence = peak * lines[companyRun[0]].Line.Confidence;
            vendor = new Field<string>(value, raw, Math.Round(confidence, 3), EvidenceOf(companyRun.Select(i => lines[i]).ToList()))
            {
                Trace = [$"{scorerName}: vendor line(s) {string.Join(",", companyRun)} (p={peak:0.00})",
                    .. RunnersUp(lines, scores, companyRun, s => s.Company, "vendor")],
            };
        }

        // Address: the best-scoring contiguous run outside the name (up to 7 lines).
        Field<string>? address = null;
        var run = BestRun(scores.Select(s => s.Address).ToList(), 7, exclude: companyRun);
        if (run.Count > 0 && run.Max(i => scores[i].Address) >= 0.2)
        {
            ExtendContinuedLines(lines, scores, run, companyRun);
            DropBranchNameLine(lines, run);
            var raw = StripAddressLabel(string.Join(" ", run.Select(i => PartyText.TrimOcrMargin(lines[i].Text.Trim()))));
            var peak = run.Max(i => scores[i].Address);
            var confidence = run.Select(i => scores[i].Address).Average() * run.Select(i => lines[i].Line.Confidence).Average();
            address = new Field<string>(raw, raw, Math.Round(confidence, 3), EvidenceOf(run.Select(i => lines[i]).ToList()))
            {
                Trace = [$"{scorerName}: address line(s) {string.Join(",", run)} (peak p={peak:0.00})",
                    .. RunnersUp(lines, scores, run, s => s.Address, "address")],
            };
        }
        return (vendor, address);
    }

    /// <summary>
    /// How much less likely a line is the name by its shape: a name does not end in a comma, an address line does
    /// ("AEON TEBRAU CITY," between the unit and the street); a line wholly in brackets is an aside to the name (a
    /// registration, a former name, a shop code: "(CONTOH SHOP (95874))"); column headings are not a name at all.
    /// </summary>
    internal static double NameShapeFactor(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        if (TableWordsOnlyRegex().IsMatch(t)) return TableWordsFactor;
        return t.EndsWith(',') ? TrailingCommaFactor : t.Length > 2 && t[0] == '(' && t[^1] == ')' ? BracketedLineFactor : 1;
    }

    internal const double TrailingCommaFactor = 0.5;

    /// <summary>A line of column headings or payment labels only ("PRICE", "QTY AMOUNT", "CASH"): never a name.</summary>
    internal const double TableWordsFactor = 0.1;

    [GeneratedRegex(@"^\W*(?:(?:ITEMS?|QTY|QUANTITY|PRICE|UNIT|AMOUNT|AMT|TOTAL|SUBTOTAL|DESCRIPTION|DESC|CASH|CHANGE|RM|TAX|GST|DISCOUNT|DISC)\W*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex TableWordsOnlyRegex();

    internal const double BracketedLineFactor = 0.2;

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

    [GeneratedRegex(@"^(?:CO\.?\s*\(|CO\.?\s+(?:LTD|LIMITED|SDN|BHD)\b|&|AND\s|\([^()]{1,30}\)\s*(?:" + LegalForms + @")\b)", RegexOptions.IgnoreCase)]
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

    // "DIMILIKI: KEDAI CONTOH SDN BHD" (owned by), "OPERATED BY: ...": a label before the legal name is not part of it.
    [GeneratedRegex(@"^[A-Z][A-Z .]{1,20}:\s*(?=\S)", RegexOptions.IgnoreCase)]
    private static partial Regex NameLabelRegex();

    internal static string StripNameLabel(string text)
    {
        var m = NameLabelRegex().Match(text);
        return m.Success && LegalFormRegex().IsMatch(text[m.Length..]) ? text[m.Length..] : text;
    }

    [GeneratedRegex(@"^[^:]{0,12}?\b(ADD(RESS)?|ADDR|ALAMAT|ADRES|ADRESSE|ANSCHRIFT)\s*[:.]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AddressLabelRegex();

    /// <summary>"HQ ADD: LOT 11995, ..." → "LOT 11995, ...": a label in front of the address is not part of it.</summary>
    internal static string StripAddressLabel(string text)
    {
        var m = AddressLabelRegex().Match(text);
        return m.Success && m.Length < text.Length && text[m.Length..].Any(char.IsLetterOrDigit) ? text[m.Length..] : text;
    }

    /// <summary>Legal forms of a company name, as a regex alternation.</summary>
    private const string LegalForms = @"SDN\.?\s*BHD|S/B|BHD|BERHAD|LTD|LIMITED|INC|LLC|GMBH|PLC|PTE";

    [GeneratedRegex(@"\b(" + LegalForms + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex LegalFormRegex();

    /// <summary>
    /// When the chosen name is a single line without a legal form (a brand or logo line) and a line naming a
    /// registered company ("GOLDEN SCOOP SDN BHD (169609-A)": legal form plus registration number) is nearly as
    /// likely, or is the brand itself with its legal form ("KEDAI ROTI MANIS" and "OWNED BY: KEDAI ROTI MANIS SDN BHD 1234567-W"),
    /// the registered company is the vendor.
    /// </summary>
    internal static void PreferRegisteredEntity(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run)
    {
        if (run.Count != 1 || LegalFormRegex().IsMatch(lines[run[0]].Text))
            return;
        var peak = scores[run[0]].Company;
        var registered = Enumerable.Range(0, lines.Count)
            .Where(i => i != run[0] && LegalFormRegex().IsMatch(lines[i].Text) && PartyText.StripRegistration(lines[i].Text.Trim()).Length < lines[i].Text.Trim().Length)
            .Where(i => scores[i].Company >= 0.8 * peak || ContainsWords(lines[i].Text, lines[run[0]].Text))
            .OrderByDescending(i => scores[i].Company).Take(1).ToList();
        if (registered.Count == 1)
            run[0] = registered[0];
    }

    /// <summary>Below this company probability the best line is a guess, and a registered company name is taken instead.</summary>
    internal const double UnsureVendor = 0.25;

    // "MYNEWS RETAIL SB(306295-X) FKA ..." → "MYNEWS RETAIL SB": a legal form (also "SB" here, beside the number)
    // directly followed by a bracketed registration number.
    [GeneratedRegex(@"^(?<name>.*?[A-Z].*?\b(?:" + LegalForms + @"|SB)\.?)\s*\(\s*(?:CO(?:MPANY)?\.?\s*(?:NO|REG)\.?\s*:?\s*)?\d{3,8}\s?-?\s?[A-Z]\s*\)", RegexOptions.IgnoreCase)]
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
            .Select(x => ((int Index, string Name)?)(x.Index, StripNameLabel(x.Match.Groups["name"].Value.Trim())))
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

    /// <summary>Lowest address probability at which a line joined to the run by punctuation is taken.</summary>
    internal const double ContinuationMinimum = 0.15;

    /// <summary>
    /// An address line that ends in a comma (or '&amp;', '-') continues on the next line: "109, SS21/1A," above the run
    /// joins it, and so does the line after a run whose last line ends that way, unless it is a phone/tax/other
    /// stop line, part of the name, or clearly not address.
    /// </summary>
    internal static void ExtendContinuedLines(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> run, IReadOnlyCollection<int> nameRun)
    {
        // A line that starts with the premises number and names a street or goes on to the next line ("NO 1&3, JALAN
        // CONTOH 12,", "L4-17 (B), LEVEL 4,") is an address line even where the scorer doubts it (a shop it never saw).
        bool Premises(int i) => PartyText.StartsWithPremisesNumber(PartyText.TrimOcrMargin(lines[i].Text.Trim()))
            && (PartyText.HasStreetWord(lines[i].Text) || Continues(lines[i].Text)) && !PartyText.IsTaxIdLine(lines[i].Text);
        bool Joinable(int i) => i >= 0 && i < lines.Count && !nameRun.Contains(i) && !run.Contains(i)
            && (scores[i].Address >= ContinuationMinimum || Premises(i)) && !PartyText.HasStopWord(lines[i].Text) && lines[i].Text.Any(char.IsLetterOrDigit);
        static bool Continues(string text) => text.TrimEnd() is { Length: > 0 } t && t[^1] is ',' or '&' or '-';
        // Above the run, the first lines of an address (unit, building, street number) often read less like one
        // than the street and town below them: a line with a number or street word among its words joins.
        bool Leads(int i) => Continues(lines[i].Text) || Premises(i)
            || scores[i].Address >= 0.2 && (PartyText.AddressWordCount(lines[i].Text) > 0 || lines[i].Text.Any(char.IsAsciiDigit))
               && lines[i].Text.Count(char.IsLetter) >= 3 && !PartyText.IsTaxIdLine(lines[i].Text)
               // a business word ("... SHOPPING CENTRE") is fine beside a unit or street number ("GK101, GND FLR"), not alone
               && (!PartyText.HasCompanyWord(lines[i].Text) || PartyText.AddressWordCount(lines[i].Text) > 0 && lines[i].Text.Any(char.IsAsciiDigit));
        while (run.Count < 7 && Joinable(run[0] - 1))
        {
            var above = run[0] - 1;
            if (Leads(above))
                run.Insert(0, above);
            // A fairly likely line without such signs ("DATARAN GLOMAC, KELANA JAYA") joins when the line above it leads.
            else if (run.Count < 6 && scores[above].Address >= 0.35 && Joinable(above - 1) && Leads(above - 1))
                run.InsertRange(0, [above - 1, above]);
            else
                break;
        }
        while (run.Count < 7 && Continues(lines[run[^1]].Text) && Joinable(run[^1] + 1))
            run.Add(run[^1] + 1);
        // A postcode printed on a line of its own ("53100") closes the address above it.
        var after = run[^1] + 1;
        if (run.Count < 7 && after < lines.Count && !nameRun.Contains(after) && PostcodeLineRegex().IsMatch(lines[after].Text)
            && !PartyText.HasStopWord(lines[after].Text) && !PartyText.HasPostcode(lines[run[^1]].Text))
            run.Add(after);
        // After the postcode line, a fairly likely line that is the last before the phone/tax block names the branch or
        // the mall the address is in ("1234-TAMAN MELATI", "(CONTOH MALL)") and belongs to the address.
        after = run[^1] + 1;
        if (run.Count < 7 && PartyText.HasPostcode(lines[run[^1]].Text) && Joinable(after) && scores[after].Address >= TailMinimum
            && lines[after].Text.Count(char.IsLetter) >= 3 && !PartyText.IsTaxIdLine(lines[after].Text)
            && (after + 1 >= lines.Count || PartyText.HasStopWord(lines[after + 1].Text)))
            run.Add(after);
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

    /// <summary>A name run that is only a legal suffix ("SDN BHD") takes the line above; a name followed by one does too.</summary>
    private static void ExtendLegalSuffix(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        if (run.Count < 3 && IsLegalSuffixOnly(lines[run[0]].Text) && run[0] > 0)
            run.Insert(0, run[0] - 1);
        var next = run[^1] + 1;
        if (run.Count < 3 && next < lines.Count && IsLegalSuffixOnly(lines[next].Text))
            run.Add(next);
    }

    /// <summary>
    /// A line of a multi-line name that starts with a label ("WARNING: ...") is a message printed near the name, not
    /// part of it, and so is the value printed beside a label box ("WARNING:" | "PAPER LOW"); a labelled line naming a
    /// legal entity ("DIMILIKI: ... SDN BHD") stays.
    /// </summary>
    internal static void DropLabelledLines(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        for (var k = run.Count - 1; k >= 0 && run.Count > 1; k--)
        {
            var text = lines[run[k]].Text.Trim();
            if (text.EndsWith(':') && k + 1 < run.Count && SameRow(lines[run[k]], lines[run[k + 1]]) && !LegalFormRegex().IsMatch(lines[run[k + 1]].Text))
                run.RemoveAt(k + 1);
            if (run.Count > 1 && (text.EndsWith(':') || NameLabelRegex().IsMatch(text) && StripNameLabel(text) == text))
                run.RemoveAt(k);
        }

        static bool SameRow(LayoutLine a, LayoutLine b) =>
            Math.Min(a.Box.Bottom, b.Box.Bottom) - Math.Max(a.Box.Top, b.Box.Top) >= 0.5 * Math.Min(a.Box.Height, b.Box.Height);
    }

    /// <summary>A logo line repeated inside the full name below it ("LAVENDER" over "LAVENDER CONFECTIONERY") is dropped.</summary>
    private static void DropRepeatedLines(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        for (var k = run.Count - 1; k >= 0 && run.Count > 1; k--)
        {
            var text = lines[run[k]].Text.Trim();
            var repeated = run.Where(o => o != run[k]).Any(o =>
            {
                var other = lines[o].Text.Trim();
                return other.Length > text.Length && other.Contains(text, StringComparison.OrdinalIgnoreCase);
            });
            if (repeated)
                run.RemoveAt(k);
        }
    }

    [GeneratedRegex(@"^\W*(SDN\.?\s*BHD\.?|S/B|BHD\.?|BERHAD|LTD\.?|LIMITED|INC\.?|LLC|GMBH|B\.V\.|PLC|PTE\.?\s*LTD\.?|CO\.?\s*LTD\.?)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex LegalSuffixOnlyRegex();

    private static bool IsLegalSuffixOnly(string text) => LegalSuffixOnlyRegex().IsMatch(PartyText.StripRegistration(text.Trim()));

    private static IEnumerable<string> RunnersUp(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> chosen, Func<PartyLineScore, double> p, string what) =>
        Enumerable.Range(0, lines.Count).Where(i => !chosen.Contains(i)).OrderByDescending(i => p(scores[i])).Take(2)
            .Select(i => $"rejected {what} line {i} '{lines[i].Text.Trim()}' (p={p(scores[i]):0.00})");

    private static Evidence EvidenceOf(IReadOnlyList<LayoutLine> lines) =>
        new(lines[0].Page, BoundingBox.UnionOf(lines.Select(l => l.Box)), string.Join(" ", lines.Select(l => l.Text.Trim())));

    [GeneratedRegex(@"^\s*(BILL(ED)?\s*TO|SOLD\s*TO|SHIP\s*TO|CUSTOMER|CLIENT|KLANT|KUNDE|RECHNUNGSEMPFÄNGER|FACTUREZ\s*À|NABYWCA|BUYER|ATTN|INVOICE\s*TO|DELIVER\s*TO)\b\s*:?\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReceiverLabelRegex();

    /// <summary>Receiver: the lines under (or after) a "Bill To" / "Customer" / "Nabywca" label in the same column.</summary>
    private static (Field<string>? Name, Field<string>? Address) Receiver(ExtractionContext context)
    {
        var lines = context.Layout.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var m = ReceiverLabelRegex().Match(lines[i].Text);
            if (!m.Success)
                continue;
            var block = new List<LayoutLine>();
            var rest = m.Groups["rest"].Value.Trim();
            var labelLine = lines[i];
            if (rest.Length > 0 && rest.Any(char.IsLetter))
                block.Add(labelLine with { Line = labelLine.Line with { Text = rest } });
            var lastBottom = labelLine.Box.Bottom;
            foreach (var next in lines.Skip(i + 1).Where(l => l.Page == labelLine.Page && l.Box.Top >= labelLine.Box.Top + labelLine.Box.Height * 0.5))
            {
                if (block.Count >= 5) break;
                var sameColumn = Math.Abs(next.Box.Left - labelLine.Box.Left) < 0.06;
                if (!sameColumn) continue;
                if (next.Box.Top - lastBottom > 3 * Math.Max(0.01, labelLine.Box.Height)) break;
                if (ReceiverLabelRegex().IsMatch(next.Text) || PartyText.HasStopWord(next.Text) && !PartyText.HasPostcode(next.Text)) break;
                block.Add(next);
                lastBottom = next.Box.Bottom;
            }
            if (block.Count == 0)
                continue;
            var name = new Field<string>(block[0].Text.Trim(), block[0].Text.Trim(), 0.7, EvidenceOf([block[0]]))
            { Trace = [$"first line under receiver label '{lines[i].Text.Trim()}'"] };
            Field<string>? address = null;
            if (block.Count > 1)
            {
                var addressLines = block.Skip(1).ToList();
                var text = string.Join(" ", addressLines.Select(l => l.Text.Trim()));
                address = new Field<string>(text, text, 0.6, EvidenceOf(addressLines)) { Trace = ["lines under the receiver name"] };
            }
            return (name, address);
        }
        return (null, null);
    }
}

/// <summary>Hand-set rules for vendor/address lines; the fallback when no trained model is available.</summary>
public sealed class RulePartyLineScorer : IPartyLineScorer
{
    public string Name => "party rules";

    public IReadOnlyList<PartyLineScore> Score(IReadOnlyList<LayoutLine> headerLines)
    {
        var medianHeight = headerLines.Count == 0 ? 0 : headerLines.Select(l => l.Box.Height).OrderBy(h => h).ElementAt(headerLines.Count / 2);
        var result = new List<PartyLineScore>(headerLines.Count);
        for (var rank = 0; rank < headerLines.Count; rank++)
        {
            var text = headerLines[rank].Text;
            var letters = text.Count(char.IsLetter);
            var digits = text.Count(char.IsAsciiDigit);
            var company = PartyText.HasCompanyWord(text);
            var addressWords = PartyText.AddressWordCount(text);
            var postcode = PartyText.HasPostcode(text);
            var stop = PartyText.HasStopWord(text);
            var registration = PartyText.IsRegistrationOnly(text);
            var tall = medianHeight > 0 && headerLines[rank].Box.Height > 1.2 * medianHeight;

            var c = -1.0 + (company ? 2.5 : 0) + (rank == 0 ? 1.0 : 0) + (rank <= 2 ? 0.5 : 0) + (tall ? 0.8 : 0)
                    - (stop ? 2 : 0) - 1.2 * Math.Min(addressWords, 2) - (postcode ? 1 : 0) - (registration ? 3 : 0)
                    - (letters == 0 ? 3 : 0) - 0.2 * rank - (digits > letters ? 1 : 0);
            var a = -1.5 + 1.2 * Math.Min(addressWords, 3) + (postcode ? 1.5 : 0) + (text.Contains(',') ? 0.5 : 0) + (digits > 0 ? 0.5 : 0)
                    - (stop ? 2 : 0) - (company && addressWords == 0 ? 1.5 : 0) - (registration ? 3 : 0) + (rank is >= 1 and <= 8 ? 0.3 : 0)
                    - (letters == 0 && !postcode ? 2 : 0);
            result.Add(new PartyLineScore(Sigmoid(c), Sigmoid(a)));
        }
        return result;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
