using System.Text.Json;

namespace InvoiceScanner.Core.Extraction;

/// <summary>
/// Fits an extraction result into what an invoice record may hold (DynamoDB items stop at 400 KB): a long invoice
/// first loses its decision traces and evidence boxes, then trailing line items, with a review reason saying so.
/// What to drop is the domain's call, so the store only ever writes what it is given.
/// </summary>
public static class ResultCompaction
{
    /// <summary>Largest stored result, as JSON, leaving room for the rest of the record.</summary>
    public const int MaxBytes = 300 * 1024;

    public static ExtractionResult Fit(ExtractionResult result, int maxBytes = MaxBytes)
    {
        if (Size(result) <= maxBytes)
            return result;

        var lean = result with { Fields = Lean(result.Fields), LineItems = result.LineItems.Select(Lean).ToList() };
        var fitted = lean;
        var kept = lean.LineItems.Count;
        while (Size(fitted) > maxBytes && kept > 0)
        {
            kept /= 2;
            fitted = lean with
            {
                LineItems = lean.LineItems.Take(kept).ToList(),
                ReviewReasons = [.. lean.ReviewReasons, new ReviewReason("LINE_ITEMS_TRUNCATED",
                    $"Only the first {kept} of {lean.LineItems.Count} line items are stored.")],
            };
        }
        return fitted;
    }

    private static int Size(ExtractionResult result) =>
        JsonSerializer.SerializeToUtf8Bytes(result, InvoiceScannerJsonContext.Default.ExtractionResult).Length;

    private static Field<T>? Lean<T>(Field<T>? field) => field is null ? null : field with { Trace = [], Evidence = null };

    private static LineItem Lean(LineItem item) => item with
    {
        Description = Lean(item.Description),
        Quantity = Lean(item.Quantity),
        UnitPrice = Lean(item.UnitPrice),
        Amount = Lean(item.Amount),
        ProductCode = Lean(item.ProductCode),
    };

    private static InvoiceFields Lean(InvoiceFields fields) => fields with
    {
        VendorName = Lean(fields.VendorName),
        VendorAddress = Lean(fields.VendorAddress),
        VendorPhone = Lean(fields.VendorPhone),
        VendorTaxId = Lean(fields.VendorTaxId),
        ReceiverName = Lean(fields.ReceiverName),
        ReceiverAddress = Lean(fields.ReceiverAddress),
        InvoiceNumber = Lean(fields.InvoiceNumber),
        InvoiceDate = Lean(fields.InvoiceDate),
        DueDate = Lean(fields.DueDate),
        PoNumber = Lean(fields.PoNumber),
        PaymentTerms = Lean(fields.PaymentTerms),
        Subtotal = Lean(fields.Subtotal),
        Tax = Lean(fields.Tax),
        Total = Lean(fields.Total),
        AmountDue = Lean(fields.AmountDue),
        AmountPaid = Lean(fields.AmountPaid),
        Discount = Lean(fields.Discount),
        Currency = Lean(fields.Currency),
    };
}
