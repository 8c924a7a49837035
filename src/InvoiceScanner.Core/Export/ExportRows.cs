using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Export;

/// <summary>An invoice ready for the export: the day it is filed under, its row and its line items' rows.</summary>
public sealed record ExportedInvoice(DateOnly Day, InvoiceExportRow Row, IReadOnlyList<LineItemExportRow> Lines);

/// <summary>Builds the export's rows from an invoice as it now reads (the engine's result with a person's corrections).</summary>
public static class ExportRows
{
    public static ExportedInvoice Of(InvoiceRecord invoice)
    {
        var result = EffectiveResult.Of(invoice);
        var fields = result?.Fields ?? new InvoiceFields();
        var invoiceDate = fields.InvoiceDate?.Value;
        var row = new InvoiceExportRow(
            invoice.InvoiceId,
            invoice.Status.ToWire(),
            invoice.FileName,
            invoice.CreatedAt.UtcDateTime,
            fields.VendorName?.Value,
            fields.VendorTaxId?.Value,
            fields.InvoiceNumber?.Value,
            invoiceDate,
            fields.DueDate?.Value,
            fields.Currency?.Value,
            // The net that with the tax makes the total: after document allowances and charges where they stand between.
            fields.TaxBasis?.Value ?? fields.Subtotal?.Value,
            fields.Tax?.Value,
            fields.Total?.Value,
            fields.AmountDue?.Value,
            // As the list shows them: the reasons that keep an invoice in review (a finished one has none standing).
            invoice.Status == InvoiceStatus.NeedsReview && result is not null ? [.. result.ReviewReasons.Select(r => r.Code)] : [],
            invoice.Approval?.By,
            invoice.Approval?.At.UtcDateTime);
        var lines = result?.LineItems.Select((item, index) => Line(row, item, index)).ToList() ?? [];
        // An invoice nothing dated yet (not read, or no date found) is filed under the day it was uploaded.
        return new ExportedInvoice(invoiceDate ?? DateOnly.FromDateTime(invoice.CreatedAt.UtcDateTime), row, lines);
    }

    private static LineItemExportRow Line(InvoiceExportRow invoice, LineItem item, int index) => new(
        invoice.InvoiceId,
        invoice.InvoiceNumber,
        invoice.VendorName,
        invoice.Currency,
        index,
        item.LineId?.Value,
        item.Description?.Value,
        item.Quantity?.Value,
        item.UnitCode?.Value,
        item.UnitPrice?.Value,
        item.GrossPrice?.Value,
        item.Amount?.Value,
        item.TaxCategory?.Value,
        item.TaxRate?.Value,
        item.ProductCode?.Value,
        item.BuyerItemId?.Value,
        item.PeriodStart?.Value,
        item.PeriodEnd?.Value,
        item.Note?.Value,
        item.Page);
}
