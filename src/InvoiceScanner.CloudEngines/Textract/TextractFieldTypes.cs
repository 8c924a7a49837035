using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>Which of our field names a Textract AnalyzeExpense type stands for.</summary>
public static class TextractFieldTypes
{
    /// <summary>
    /// Candidate field name for Textract's OTHER (and unmapped line-item cells): the printed label is kept in
    /// <see cref="Core.Documents.FieldCandidate.Label"/> so rules can still match "Balance", "Amount you owe", ...
    /// (Core's FieldNames has no such constant yet.)
    /// </summary>
    public const string Other = "Other";

    public const string ExpenseRow = "EXPENSE_ROW";

    /// <summary>
    /// The field for a summary type, or null for types we do not use (address parts, URLs, ungrouped NAME/ADDRESS,
    /// which Textract repeats as RECEIVER_*/VENDOR_* anyway).
    /// </summary>
    public static string? SummaryField(string? type, string? group) => type switch
    {
        "VENDOR_NAME" => FieldNames.VendorName,
        "VENDOR_ADDRESS" => FieldNames.VendorAddress,
        "VENDOR_PHONE" => FieldNames.VendorPhone,
        "TAX_PAYER_ID" => FieldNames.VendorTaxId,
        // VENDOR_VAT_NUMBER, VENDOR_GST_NUMBER, VENDOR_ABN_NUMBER, VENDOR_PAN_NUMBER, ...
        { } t when t.StartsWith("VENDOR_", StringComparison.Ordinal) && t.EndsWith("_NUMBER", StringComparison.Ordinal) => FieldNames.VendorTaxId,
        "RECEIVER_NAME" => FieldNames.ReceiverName,
        "RECEIVER_ADDRESS" => FieldNames.ReceiverAddress,
        "NAME" => group switch { "VENDOR" => FieldNames.VendorName, "RECEIVER" => FieldNames.ReceiverName, _ => null },
        "ADDRESS" => group switch { "VENDOR" => FieldNames.VendorAddress, "RECEIVER" => FieldNames.ReceiverAddress, _ => null },
        "INVOICE_RECEIPT_ID" => FieldNames.InvoiceNumber,
        "INVOICE_RECEIPT_DATE" => FieldNames.InvoiceDate,
        "DUE_DATE" => FieldNames.DueDate,
        "PO_NUMBER" => FieldNames.PoNumber,
        "PAYMENT_TERMS" => FieldNames.PaymentTerms,
        "SUBTOTAL" => FieldNames.Subtotal,
        "TAX" => FieldNames.Tax,
        "TOTAL" => FieldNames.Total,
        "AMOUNT_DUE" => FieldNames.AmountDue,
        "AMOUNT_PAID" => FieldNames.AmountPaid,
        "DISCOUNT" => FieldNames.Discount,
        "OTHER" => Other,
        _ => null,
    };

    /// <summary>The cell name for a line-item type; null for EXPENSE_ROW (the whole row, used as evidence).</summary>
    public static string? LineItemField(string? type) => type switch
    {
        ExpenseRow => null,
        "ITEM" or "DESCRIPTION" => FieldNames.ItemDescription,
        "QUANTITY" => FieldNames.ItemQuantity,
        "UNIT_PRICE" => FieldNames.ItemUnitPrice,
        "PRICE" => FieldNames.ItemAmount,
        "PRODUCT_CODE" => FieldNames.ItemProductCode,
        _ => Other,
    };
}
