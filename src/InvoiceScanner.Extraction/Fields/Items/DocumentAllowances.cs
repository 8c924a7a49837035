using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields.Items;

/// <summary>
/// Allowances and charges on the whole document (EN 16931 BG-20/BG-21) that a page prints as rows of its item table
/// ("REMISE : REMISE COMMERCIALE 5,00% sur 100,00 EUR  - 5,00", "CHARGE : FRAIS DEPLACEMENT 10,00"). They are not
/// items: the lines' sum (BT-106) is the net without them, the allowances' total BT-107 and the charges' BT-108.
/// A row is one only where its words say so (the adjustment's word before a colon, or a rate of a base), it has no
/// quantity or unit price, its sign is its kind's, and the table with it adds up to the net the page prints (the total
/// without VAT) where no subtotal is printed.
/// </summary>
internal static partial class DocumentAllowances
{
    // Allowance and charge words in EN, DE, FR, NL, ES, IT, PT (never "Abschlag": a partial invoice is an invoice).
    private const string AllowanceWords =
        @"remise|rabais|ristourne|escompte|r[ée]duction|rabatt|nachlass|skonto|discount|allowance|rebate|korting|descuento|bonificaci[óo]n|sconto|abbuono|desconto|abatimento";
    private const string ChargeWords =
        @"charge|frais|majoration|zuschlag|aufschlag|surcharge|toeslag|recargo|cargo|maggiorazione|addebito|encargo|acr[ée]scimo|sobretaxa";

    // The word after an optional short code and before a colon ("FC  CHARGE :"), or anywhere before a rate of a base ("5% sur 100").
    private const string CodeBefore = @"^\s*(?:[A-Z0-9]{1,5}\s+)?";
    private const string RateOfBase = @".*\d\s?%\s*(?:sur|of|on|auf|von|op|sobre|su|de)\s+\d";

    [GeneratedRegex(CodeBefore + "(?:" + AllowanceWords + @")\s*:|(?:" + AllowanceWords + ")" + RateOfBase, RegexOptions.IgnoreCase)]
    private static partial Regex AllowanceRow();

    [GeneratedRegex(CodeBefore + "(?:" + ChargeWords + @")\s*:|(?:" + ChargeWords + ")" + RateOfBase, RegexOptions.IgnoreCase)]
    private static partial Regex ChargeRow();

    private const decimal Tolerance = 0.011m;
    private static readonly Func<decimal, string> Show = AmountFieldsExtractor.Show;

    /// <summary>
    /// The items without the document's allowance and charge rows, with the lines' sum as the subtotal and the rows' totals
    /// as discount and charges where the page prints none; the items and fields as they were where no row is one.
    /// </summary>
    public static (IReadOnlyList<LineItem> Items, InvoiceFields Fields) Apply(IReadOnlyList<LineItem> items, InvoiceFields fields)
    {
        // Only where the page prints no subtotal: a printed one (a receipt's SUBTOTAL under its discount row) stays as printed.
        var net = fields.TaxBasis;
        if (net is null || fields.Subtotal is not null || items.Any(i => i.Amount is null))
            return (items, fields);
        var byKind = items.ToLookup(Kind);
        var (allowances, charges, lines) = (byKind[-1].ToList(), byKind[1].ToList(), byKind[0].ToList());
        if (allowances.Count + charges.Count == 0 || lines.Count == 0 || Math.Abs(items.Sum(i => i.Amount!.Value) - net.Value) > Tolerance)
            return (items, fields);

        var sum = lines.Sum(i => i.Amount!.Value);
        var allowed = -allowances.Sum(i => i.Amount!.Value);
        var charged = charges.Sum(i => i.Amount!.Value);
        var confidence = Math.Round(0.9 * lines.Min(i => i.Amount!.Confidence), 3);
        var trace = $"the lines' sum {Show(sum)}: the net {Show(net.Value)} with the document's allowances {Show(allowed)} added back and charges {Show(charged)} taken off, printed as rows of the item table";
        return (lines, fields with
        {
            Subtotal = new Field<decimal>(sum, Show(sum), confidence) { Trace = [trace] },
            Discount = fields.Discount ?? Adjustment(allowed, allowances, confidence),
            ChargeTotal = fields.ChargeTotal ?? Adjustment(charged, charges, confidence),
        });
    }

    /// <summary>−1 for an allowance row, 1 for a charge row, 0 for an item.</summary>
    private static int Kind(LineItem item)
    {
        if (item.Quantity is not null || item.UnitPrice is not null || item.Description?.Value is not { } text || item.Amount is not { } amount)
            return 0;
        if (amount.Value < 0 && AllowanceRow().IsMatch(text))
            return -1;
        return amount.Value > 0 && ChargeRow().IsMatch(text) ? 1 : 0;
    }

    private static Field<decimal>? Adjustment(decimal value, IReadOnlyList<LineItem> rows, double confidence) => rows.Count == 0 ? null :
        new Field<decimal>(value, Show(value), confidence, rows[0].Amount!.Evidence)
        {
            Trace = [$"the sum of {rows.Count} row(s) of the item table: {string.Join("; ", rows.Select(r => r.Description!.Value.Trim()))}"],
        };
}
