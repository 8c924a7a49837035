using InvoiceScanner.SampleInvoices.Layout;

namespace InvoiceScanner.SampleInvoices.Samples;

internal static class Items
{
    /// <summary>A line item whose amount is quantity × unit price, rounded as invoices round.</summary>
    public static ExpectedLineItem Item(string description, decimal quantity, decimal unitPrice, string? productCode = null, int page = 1) =>
        new(description, quantity, unitPrice, Formats.Money(quantity * unitPrice)) { ProductCode = productCode, Page = page };
}
