using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>
/// What kind of document it is, from its title: a line near the top of the first page that is nothing but the word an
/// invoice, credit note, order, contract or receipt is titled with, in the languages the labels cover ("Bestellung:
/// 4711" is a label, not a title).
/// </summary>
public static partial class DocumentTypeDetector
{
    public const string Invoice = "invoice", CreditNote = "credit-note", Order = "order", Contract = "contract", Receipt = "receipt";

    [GeneratedRegex(@"^\s*(?:(?<credit>CREDIT\s*NOTE|GUTSCHRIFT|AVOIR|CREDITNOTA|NOTA\s+DI\s+CREDITO|NOTA\s+DE\s+CR[ÉE]DITO)|(?<invoice>(?:TAX\s+|PROFORMA\s+|PRO\s+FORMA\s+)?INVOICE|RECHNUNG|FACTURE|FACTUUR|FATTURA|FACTURA|FATURA)|(?<order>(?:PURCHASE\s+|SALES\s+)?ORDER(?:\s+CONFIRMATION)?|AUFTRAGSBEST[ÄA]TIGUNG|BESTELLUNG|BON\s+DE\s+COMMANDE|COMMANDE|ORDINE|PEDIDO|BESTELLING)|(?<contract>CONTRACT|AGREEMENT|VERTRAG|CONTRAT|CONTRATTO|CONTRATO)|(?<receipt>RECEIPT|QUITTUNG|KASSENBON|RE[ÇC]U|TICKET\s+DE\s+CAISSE|SCONTRINO|RECIBO))\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleRegex();

    // Words that name the document inside a label ("Rechnung Nr.", "Contract #"), by precedence: an invoice that cites
    // its order is an invoice.
    [GeneratedRegex(@"\b(?:(?<credit>CREDIT\s*NOTE|GUTSCHRIFT|AVOIR|CREDITNOTA)|(?<invoice>INVOICE|RECHNUNG|FACTURE|FACTUUR|FATTURA|FACTURA)|(?<contract>CONTRACT|VERTRAG|CONTRAT)|(?<order>ORDER|AUFTRAGSBEST[ÄA]TIGUNG|COMMANDE))\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamingWord();

    public static Field<string>? Detect(ExtractionContext context) => FromTitle(context) ?? FromLabels(context);

    /// <summary>Without a title, the words the labels near the top use, at lower confidence.</summary>
    private static Field<string>? FromLabels(ExtractionContext context)
    {
        var top = context.Rows.Take(12).Where(r => r.Row.Page == context.Rows[0].Row.Page).ToList();
        foreach (var kind in new[] { "credit", "invoice", "contract", "order" })
        {
            foreach (var row in top)
            {
                var m = NamingWord().Matches(row.Text).FirstOrDefault(x => x.Groups[kind].Success);
                if (m is null)
                    continue;
                var value = kind switch { "credit" => CreditNote, "invoice" => Invoice, "contract" => Contract, _ => Order };
                return new Field<string>(value, m.Value, 0.6, row.Row.EvidenceFor(m.Index, m.Length))
                { Trace = [$"no title; '{m.Value}' in a label near the top of the first page"] };
            }
        }
        return null;
    }

    private static Field<string>? FromTitle(ExtractionContext context)
    {
        if (context.Rows.Count == 0)
            return null;
        foreach (var row in context.Rows.Take(12))
        {
            if (row.Row.Page != context.Rows[0].Row.Page)
                break;
            foreach (var line in row.Row.Lines)
            {
                var m = TitleRegex().Match(line.Text);
                if (!m.Success)
                    continue;
                var kind = new[] { "credit", "invoice", "order", "contract", "receipt" }.First(g => m.Groups[g].Success);
                var value = kind switch { "credit" => CreditNote, "invoice" => Invoice, "order" => Order, "contract" => Contract, _ => Receipt };
                return new Field<string>(value, m.Value.Trim(), 0.85, row.Row.EvidenceFor(row.Row.OffsetOf(line) + m.Index, m.Length))
                { Trace = [$"title '{m.Value.Trim()}' near the top of the first page"] };
            }
        }
        return null;
    }
}
