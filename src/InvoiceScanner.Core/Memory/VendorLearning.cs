using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Memory;

/// <summary>What an approval teaches: the approved values of the fields that identify and book an invoice.</summary>
public static class VendorLearning
{
    /// <summary>The fields remembered: where they are printed carries over to the vendor's next invoice.</summary>
    public static readonly IReadOnlyList<string> RememberedFields =
    [
        FieldNames.InvoiceNumber, FieldNames.InvoiceDate, FieldNames.DueDate, FieldNames.PoNumber, FieldNames.ReceiverName,
        FieldNames.VendorTaxId, FieldNames.Subtotal, FieldNames.Tax, FieldNames.Total, FieldNames.AmountDue,
    ];

    /// <summary>The memory an approved invoice leaves, or null when nothing identifies its vendor.</summary>
    public static VendorMemory? FromApproval(InvoiceRecord invoice, ExtractionResult approved, DateTimeOffset at)
    {
        var keys = VendorKeys.Of(approved.Fields);
        if (keys.Count == 0)
            return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in CorrectableFields.Invoice.Where(f => RememberedFields.Contains(f.Name)))
        {
            var value = field.Current(approved.Fields);
            if (value != "null")
                fields[field.WireName] = value;
        }
        return new VendorMemory(invoice.UserId, keys[0], invoice.InvoiceId, invoice.OcrKey, at)
        {
            VendorName = approved.Fields.VendorName?.Value,
            Currency = approved.Fields.Currency?.Value,
            Fields = fields,
            Keys = keys,
        };
    }
}
