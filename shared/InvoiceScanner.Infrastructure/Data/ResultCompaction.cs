using System.Text;
using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Infrastructure.Data;

/// <summary>
/// Keeps the stored extraction result inside DynamoDB's 400 KB item limit: a long invoice first loses its
/// decision traces and evidence boxes, then trailing line items (with a review reason saying so).
/// </summary>
public static class ResultCompaction
{
    public const int MaxBytes = 300 * 1024;

    public static string Serialize(ExtractionResult result, int maxBytes = MaxBytes)
    {
        var json = ToJson(result);
        if (Encoding.UTF8.GetByteCount(json) <= maxBytes)
            return json;

        var lean = result with { Fields = Lean(result.Fields), LineItems = result.LineItems.Select(Lean).ToList() };
        json = ToJson(lean);
        var kept = lean.LineItems.Count;
        while (Encoding.UTF8.GetByteCount(json) > maxBytes && kept > 0)
        {
            kept /= 2;
            json = ToJson(lean with
            {
                LineItems = lean.LineItems.Take(kept).ToList(),
                ReviewReasons = [.. lean.ReviewReasons, new ReviewReason("LINE_ITEMS_TRUNCATED",
                    $"Only the first {kept} of {lean.LineItems.Count} line items are stored.")],
            });
        }
        return json;
    }

    private static string ToJson(ExtractionResult result) => JsonSerializer.Serialize(result, InvoiceScannerJsonContext.Default.ExtractionResult);

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
