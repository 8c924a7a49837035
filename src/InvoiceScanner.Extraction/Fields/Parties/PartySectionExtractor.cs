using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// A party's name where the document names the party's section: a line that is only the section's label
/// ("Verkäufer", "Rechnungsersteller", "Seller", "Fournisseur", … for the seller; "Käufer/Leistungsempfänger", "Buyer",
/// "Acheteur", … for the buyer), then the name — beside a "Name:" label, or (the seller's) the first line below it in
/// its column that is not another labelled value ("Nummer: 549910") or a line of identifiers ("GLN 4333741000005
/// Lief-Nr: 549910"). Documents laid out this way say who each party is; the header-line scorer, trained on receipts,
/// does not know it.
/// </summary>
internal static partial class PartySectionExtractor
{
    private const string SellerWords = @"SELLER|VENDOR|SUPPLIER|SERVICE\s+PROVIDER|BILL(?:ED)?\s+FROM|BILLED\s+BY|ISSUED\s+BY|VERKÄUFER|RECHNUNGSSTELLER|RECHNUNGSERSTELLER|LEISTUNGSERBRINGER|AUFTRAGNEHMER|FOURNISSEUR|VENDEUR|ÉMETTEUR|EMETTEUR|PRESTATAIRE|LEVERANCIER|VERKOPER|FORNITORE|CEDENTE|VENDEDOR|PROVEEDOR|SPRZEDAWCA|LIEFERANT|REMIT\s+(?:TO|ADDRESS)|PAY\s+TO";

    [GeneratedRegex(@"^\s*(" + SellerWords + @")\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SellerSection();

    // The seller's label with the name after it on its line ("Sprzedawca: Polski Koncern Naftowy ORLEN S.A."); a column gap ends the name.
    // A broadcaster sells the airtime: an order's "Station: WEMT" names the seller by its call sign (K or W and two or three
    // letters; a till's "STATION: CASHIER" is no seller); so does whom to remit to ("REMIT TO Sinclair Broadcast Group", also
    // glued to the name by a text layer: "REMIT TOSinclair").
    [GeneratedRegex(@"^\s*(?:(?:" + SellerWords + @")\s*:|(?:REMIT|PAY)\s+TO(?:\b|(?-i)(?=\p{Lu}\p{Ll}))\s*:?|STATION\s*:(?=\s*[KW][A-Z]{2,3}\b))\s*(?<name>\p{L}[^:]*?)\s*(?:\s{2}|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SellerLabelAndName();

    // A form's seller cell with its value in the next cell ("Property  WGN").
    [GeneratedRegex(@"^\s*PROPERTY\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SellerCell();

    [GeneratedRegex(@"^\s*(BUYER|K[ÄA]UFER|RECHNUNGSEMPF[ÄA]NGER|LEISTUNGSEMPF[ÄA]NGER|AUFTRAGGEBER|ACHETEUR|ACQUÉREUR|KOPER|AFNEMER|ACQUIRENTE|CESSIONARIO|COMPRADOR|ADQUIRENTE)(\s*/\s*\p{L}+)?\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BuyerSection();

    [GeneratedRegex(@"^\s*(HERRN?|FRAU|MR\.?|MRS\.?|MS\.?|MONSIEUR|MADAME|MME\.?|M\.|DHR\.?|MEVR\.?|SIG\.(?:RA)?|SR\.|SRA\.)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Salutation();

    [GeneratedRegex(@"^\s*(NAME|NAAM|NOM|NOME|NOMBRE|FIRMA|RAISON\s+SOCIALE)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NameLabel();

    // A labelled value ("Nummer  : 12345676", "Telefon: 0151…"): a short label, a colon, the value.
    [GeneratedRegex(@"^[\p{L} ./()-]{1,30}\s*:\s*\S")]
    private static partial Regex LabelledValue();

    /// <summary>A line that labels the seller's section or names the seller after its label.</summary>
    internal static bool IsSellerLabel(string text) => SellerSection().IsMatch(text) || SellerLabelAndName().IsMatch(text);

    /// <summary>A line that labels the buyer's section.</summary>
    internal static bool IsBuyerLabel(string text) => BuyerSection().IsMatch(text);

    /// <summary>A person's salutation alone on its line ("Herrn", "Mme"): the next line names them.</summary>
    internal static bool IsSalutation(string text) => Salutation().IsMatch(text);

    public static Field<string>? Seller(ExtractionContext context) =>
        Inline(context) ?? Extract(context, SellerSection(), "seller", firstLineIsName: true);

    private static Field<string>? Inline(ExtractionContext context)
    {
        foreach (var line in context.Layout.Lines.Take(60))
        {
            if (SellerCell().IsMatch(line.Text) && CellValue(context, line) is ({ } value, var where) && PartyCandidates.NameText(value.Text) is { } name)
                return new Field<string>(name, value.Text.Trim(), 0.85, PartyEvidence.Of([value])) { Trace = [$"{where} the seller's cell '{line.Text.Trim()}'"] };
            if (SellerLabelAndName().Match(line.Text) is not { Success: true } m || m.Groups["name"].Value.Count(char.IsLetter) < 3)
                continue;
            var text = ReceiverExtractor.WithoutGluedLabel(m.Groups["name"].Value.Trim());
            return new Field<string>(text, text, 0.85, PartyEvidence.Of([line])) { Trace = [$"after the seller label on '{line.Text.Trim()}'"] };
        }
        return null;
    }

    /// <summary>
    /// A form cell's value: the next cell on its row ("Property  WGN"), or, in a row of headings ("Property  Account
    /// Executive  Sales Office"), the line that starts under it in the next row.
    /// </summary>
    private static (LayoutLine? Value, string Where) CellValue(ExtractionContext context, LayoutLine cell)
    {
        var beside = Beside(context, cell);
        if (beside is not null && !ReceiverExtractor.IsHeading(beside.Text))
            return (beside, "beside");
        var below = DocumentLayout.StackUnder(context.Layout.Lines, cell.Index, 0.02, 2 * Math.Max(0.005, cell.Box.Height)).FirstOrDefault();
        return below is not null && !ReceiverExtractor.IsHeading(below.Text) && !below.Text.TrimEnd().EndsWith(':') ? (below, "under") : (null, "");
    }

    /// <summary>
    /// The buyer beside a "Name:" label in its section, or its first line when that carries a legal form: a buyer
    /// section's first line is as often a contact, a department or an address as the name, and the receiver reader
    /// handles the plain blocks.
    /// </summary>
    public static Field<string>? Buyer(ExtractionContext context) => Extract(context, BuyerSection(), "buyer", firstLineIsName: false);

    private static Field<string>? Extract(ExtractionContext context, Regex section, string party, bool firstLineIsName)
    {
        var lines = PartyExtractor.HeaderOf(context.Layout).Concat(context.Layout.Lines.Skip(PartyExtractor.HeaderLines)).Take(60).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!section.IsMatch(lines[i].Text))
                continue;
            var label = lines[i];
            var column = lines.Skip(i + 1).Where(l => l.Page == label.Page && l.Box.Top > label.Box.Top && Math.Abs(l.Box.Left - label.Box.Left) < 0.04).Take(4).ToList();
            foreach (var (line, k) in column.Select((l, k) => (l, k)))
            {
                // A person addressed by salutation alone on its line ("Herrn" over "Max Mustermann"): the next line names them.
                if (Salutation().IsMatch(line.Text) && k + 1 < column.Count && column[k + 1].Text.Count(char.IsLetter) >= 3)
                    return Make(column[k + 1], label, party, "under the salutation in");
                // A form's "Name:" cell may sit far from its value: the label column is as wide as its longest label.
                var isNameLabel = NameLabel().IsMatch(line.Text);
                var beside = Beside(context, line, isNameLabel ? FormValueGap : ValueGap);
                if (isNameLabel && beside is not null)
                    return Make(beside.Text.TrimStart(':', ' ') is { Length: > 0 } name ? beside with { Line = beside.Line with { Text = name } } : beside, label, party, "beside 'Name' in");
                // A label cell ("Nummer:", "Nummer" before ": 12345676"), a labelled value or an aside in brackets is not the name.
                if (LabelledValue().IsMatch(line.Text) || SellerSection().IsMatch(line.Text) || BuyerSection().IsMatch(line.Text)
                    || line.Text.TrimEnd().EndsWith(':') || beside?.Text.TrimStart().StartsWith(':') == true || NameShape.Factor(line.Text) < 1
                    || NameShape.IsIdentifierLine(line.Text))
                    continue;
                // The buyer's first line only when its legal form shows it is a company's name.
                if ((firstLineIsName || LegalNames.HasBusinessForm(line.Text)) && line.Text.Count(char.IsLetter) >= 3)
                    return Make(WithLegalFormBelow(lines, line), label, party, "first line of");
            }
        }
        return null;
    }

    /// <summary>
    /// A name broken over two lines, its legal form on the second ("MVM Musterhafter" over "Versicherungsverein
    /// Musterstadt a.G."): the line right under it in its column, without digits, completes it.
    /// </summary>
    internal static LayoutLine WithLegalFormBelow(IReadOnlyList<LayoutLine> lines, LayoutLine line)
    {
        if (LegalNames.HasBusinessForm(line.Text))
            return line;
        var next = lines.FirstOrDefault(l => l.Page == line.Page && l.Box.Top > line.Box.Top && Math.Abs(l.Box.Left - line.Box.Left) < 0.02);
        if (next is null || next.Box.Top - line.Box.Bottom > 1.5 * Math.Max(0.005, line.Box.Height) || next.Text.Any(char.IsDigit)
            || !LegalNames.HasBusinessForm(next.Text))
            return line;
        return line with { Line = line.Line with { Text = $"{line.Text.Trim()} {next.Text.Trim()}", Box = line.Box.Union(next.Box) } };
    }

    private const double ValueGap = 0.3;
    private const double FormValueGap = 0.5;

    private static LayoutLine? Beside(ExtractionContext context, LayoutLine label, double maxGap = ValueGap) =>
        context.Layout.RightOf(label).FirstOrDefault(l => l.Box.Left - label.Box.Right < maxGap);

    private static Field<string> Make(LayoutLine name, LayoutLine label, string party, string how) =>
        new(name.Text.Trim(), name.Text.Trim(), 0.85, PartyEvidence.Of([name])) { Trace = [$"{how} the {party} section '{label.Text.Trim()}'"] };
}
