using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields.Amounts;

/// <summary>
/// EN 16931 tells the sum of the lines (BT-106: "Zwischensumme", "Warenwert", "Sub-total") from the total without VAT
/// (BT-109: "Nettobetrag", "TOTAL HT"), which is the lines' sum less the document's allowances and plus its charges. They
/// are one amount where a page shows no allowance or charge and two where it does, so a net that with the tax makes the
/// total is the tax basis, and it is the lines' sum only when nothing on the page can stand between them.
/// </summary>
internal static class NetTotals
{
    public static (Field<decimal>? Subtotal, Field<decimal>? TaxBasis) Split(
        Field<decimal>? subtotal, Field<decimal>? tax, Field<decimal>? total, Field<decimal>? discount, IReadOnlyList<LabelledAmount> amounts)
    {
        if (subtotal is null || tax is null || total is null)
            return (subtotal, null);
        var nets = amounts.Where(a => a.Role == AmountRole.Subtotal).ToList();
        if (subtotal.Value + tax.Value != total.Value)
            return (subtotal, NetPrinted(nets, total.Value - tax.Value));
        var taxBasis = subtotal with { Trace = [.. subtotal.Trace, "with the tax it makes the total: the total without VAT"] };
        if (nets.Any(a => a.Value == subtotal.Value && Labels.IsLineTotalLabel(a.Label)))
            return (subtotal, taxBasis);
        var adjusted = discount is not null || amounts.Any(a => a.Role is AmountRole.Discount or AmountRole.ServiceCharge && a.Value != 0);
        if (!adjusted)
            return (subtotal, taxBasis);
        // Allowances or charges printed: the lines' sum is what a line-total label gives, or not on the page at all.
        var lineTotals = AmountCandidates.ForRole(nets.Where(a => Labels.IsLineTotalLabel(a.Label)).ToList(), AmountRole.Subtotal, "line-total label");
        return (CandidateSelector.Pick(lineTotals, AmountFieldsExtractor.Show), taxBasis);
    }

    /// <summary>The lines' sum was adjusted to the total: the net is total − tax where a net's label prints it.</summary>
    private static Field<decimal>? NetPrinted(IReadOnlyList<LabelledAmount> nets, decimal net)
    {
        var printed = nets.Where(a => a.Value == net && !Labels.IsLineTotalLabel(a.Label)).ToList();
        return CandidateSelector.Pick(AmountCandidates.ForRole(printed, AmountRole.Subtotal, "net label"), AmountFieldsExtractor.Show) is { } field
            ? field with { Trace = [.. field.Trace, "total − tax: the total without VAT"] } : null;
    }
}
