using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// The seller's name where the document names its seller section: a line that is only the section's label
/// ("Verkäufer", "Rechnungsersteller", "Seller", "Fournisseur", …), then the name — beside a "Name:" label, or the first
/// line below it in its column that is not another labelled value ("Nummer: 549910"). Documents laid out this way say
/// who the seller is; the header-line scorer, trained on receipts, does not know it.
/// </summary>
internal static partial class SellerSectionExtractor
{
    [GeneratedRegex(@"^\s*(SELLER|VENDOR|SUPPLIER|BILL(ED)?\s+FROM|VERKÄUFER|RECHNUNGSSTELLER|RECHNUNGSERSTELLER|LEISTUNGSERBRINGER|AUFTRAGNEHMER|FOURNISSEUR|VENDEUR|ÉMETTEUR|EMETTEUR|PRESTATAIRE|LEVERANCIER|VERKOPER|FORNITORE|CEDENTE|VENDEDOR|PROVEEDOR)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SectionLabel();

    [GeneratedRegex(@"^\s*(NAME|NAAM|NOM|NOME|NOMBRE|FIRMA|RAISON\s+SOCIALE)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NameLabel();

    // A labelled value ("Nummer  : 12345676", "Telefon: 0151…"): a short label, a colon, the value.
    [GeneratedRegex(@"^[\p{L} ./()-]{1,30}\s*:\s*\S")]
    private static partial Regex LabelledValue();

    public static Field<string>? Extract(ExtractionContext context)
    {
        var lines = PartyExtractor.HeaderOf(context.Layout).Concat(context.Layout.Lines.Skip(PartyExtractor.HeaderLines)).Take(60).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!SectionLabel().IsMatch(lines[i].Text))
                continue;
            var label = lines[i];
            foreach (var line in lines.Skip(i + 1).Where(l => l.Page == label.Page && l.Box.Top > label.Box.Top && Math.Abs(l.Box.Left - label.Box.Left) < 0.04).Take(4))
            {
                var beside = Beside(context, line);
                if (NameLabel().IsMatch(line.Text) && beside is not null)
                    return Make(beside.Text.TrimStart(':', ' ') is { Length: > 0 } name ? beside with { Line = beside.Line with { Text = name } } : beside, label, "beside 'Name' in");
                // A label cell ("Nummer:", "Nummer" before ": 12345676") or a labelled value is not the name.
                if (LabelledValue().IsMatch(line.Text) || SectionLabel().IsMatch(line.Text) || line.Text.TrimEnd().EndsWith(':')
                    || beside?.Text.TrimStart().StartsWith(':') == true)
                    continue;
                if (line.Text.Count(char.IsLetter) >= 3)
                    return Make(line, label, "first line of");
            }
        }
        return null;
    }

    private static LayoutLine? Beside(ExtractionContext context, LayoutLine label) =>
        context.Layout.RightOf(label).FirstOrDefault(l => l.Box.Left - label.Box.Right < 0.3);

    private static Field<string> Make(LayoutLine name, LayoutLine label, string how) =>
        new(name.Text.Trim(), name.Text.Trim(), 0.85, PartyEvidence.Of([name])) { Trace = [$"{how} the seller section '{label.Text.Trim()}'"] };
}
