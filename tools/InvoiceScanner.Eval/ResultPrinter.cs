using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Eval;

/// <summary>Human-readable dump of one extraction (for reading misses).</summary>
internal static class ResultPrinter
{
    /// <param name="cells">Each row's lines apart, with their left edge (to see how the layout cut a row).</param>
    public static void Print(ExtractionResult result, OcrDocument? rows, bool cells = false)
    {
        if (rows is not null)
            foreach (var row in DocumentLayout.Build(rows).Rows)
                Console.WriteLine(cells
                    ? $"  [{row.Page}:{row.Index,3}] {string.Join(" | ", row.Lines.Select(l => $"{l.Text.Trim()} @{l.Box.Left:0.00}-{l.Box.Right:0.00}"))}"
                    : $"  [{row.Page}:{row.Index,3}] {row.Text}");
        var f = result.Fields;
        void Show<T>(string name, Field<T>? field)
        {
            if (field is null) return;
            Console.WriteLine($"{name,-15} {field.Value} (raw '{field.Raw}', conf {field.Confidence:0.00}{(field.Flags.Count > 0 ? ", flags " + string.Join(",", field.Flags) : "")})");
            foreach (var t in field.Trace) Console.WriteLine($"{"",-17}{t}");
        }
        Show("VendorName", f.VendorName);
        Show("VendorAddress", f.VendorAddress);
        Show("VendorPhone", f.VendorPhone);
        Show("VendorTaxId", f.VendorTaxId);
        Show("ReceiverName", f.ReceiverName);
        Show("ReceiverAddress", f.ReceiverAddress);
        Show("InvoiceNumber", f.InvoiceNumber);
        Show("InvoiceDate", f.InvoiceDate);
        Show("DueDate", f.DueDate);
        Show("PoNumber", f.PoNumber);
        Show("Contract", f.ContractReference);
        Show("PaymentTerms", f.PaymentTerms);
        Show("Subtotal", f.Subtotal);
        Show("Tax", f.Tax);
        Show("Discount", f.Discount);
        Show("Total", f.Total);
        Show("AmountDue", f.AmountDue);
        Show("AmountPaid", f.AmountPaid);
        Show("Currency", f.Currency);
        Console.WriteLine($"line items: {result.LineItems.Count}");
        foreach (var item in result.LineItems)
            Console.WriteLine($"  p{item.Page} [{item.ProductCode?.Value}] {item.Description?.Value.Replace("\n", " / ")} | qty {item.Quantity?.Value} | unit {item.UnitPrice?.Value} | amount {item.Amount?.Value} ({item.Amount?.Trace.FirstOrDefault()})");
        Console.WriteLine($"confidence {result.Confidence:0.000}; review: {string.Join("; ", result.ReviewReasons.Select(r => $"{r.Code}({r.Field}): {r.Message}"))}");
    }
}
