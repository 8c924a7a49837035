using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// Whether a label may be a field's, by the extractor's own label rules (<see cref="Labels"/>): the approved total
/// printed again under "Subtotal" on an invoice without tax, or the invoice date printed again as the delivery date,
/// is not where the next invoice prints its total or its date. A label the rules do not know fits any field: those
/// are what the memory is for.
/// </summary>
internal static class LabelRoles
{
    public static bool Fits(string field, string label) => field switch
    {
        FieldNames.Total => RoleOf(label) is AmountRole.None or AmountRole.Total or AmountRole.Due,
        FieldNames.AmountDue => RoleOf(label) is AmountRole.None or AmountRole.Due or AmountRole.Total,
        FieldNames.Subtotal => RoleOf(label) is AmountRole.None or AmountRole.Subtotal,
        FieldNames.Tax => RoleOf(label) is AmountRole.None or AmountRole.Tax,
        FieldNames.InvoiceDate => !Labels.IsDueDateLabel(label) && !Labels.IsOtherDateLabel(label),
        FieldNames.DueDate => !Labels.IsInvoiceDateLabel(label),
        FieldNames.InvoiceNumber => !Labels.PoNumberLabel(label).Success,
        FieldNames.PoNumber => !Labels.InvoiceNumberLabel(label).Success,
        _ => true,
    };

    private static AmountRole RoleOf(string label) => Labels.ClassifyAmountLabel(label).Role;
}
