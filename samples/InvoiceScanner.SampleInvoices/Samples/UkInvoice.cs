using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>A UK joinery invoice: dark header band with white text, boxed table, £, "7 February 2024", VAT Reg No.</summary>
internal static class UkInvoice
{
    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "invoice",
        Locale = "en-GB",
        PageCount = 1,
        VendorName = "Thistle & Oak Joinery Ltd",
        VendorAddress = "Unit 4, Riverside Works, Mill Lane, Leeds LS10 1AB",
        VendorPhone = "0113 496 0817",
        VendorTaxId = "GB 284 5517 62",
        ReceiverName = "The Crown & Anchor Public House",
        ReceiverAddress = "12 Quay Street, York YO1 7PJ",
        InvoiceNumber = "TOJ-1187",
        InvoiceDate = new DateOnly(2024, 2, 7),
        InvoiceDateAsPrinted = "7 February 2024",
        DueDate = new DateOnly(2024, 3, 8),
        PoNumber = "CA-2024-019",
        PaymentTerms = "30 days from invoice date",
        Currency = "GBP",
        LineItems =
        [
            Item("Oak bar top, bespoke, fitted", 1, 2450.00m),
            Item("Reclaimed pine shelving (per metre)", 14, 65.00m),
            Item("Brass foot rail and brackets", 1, 385.50m),
            Item("Labour – installation (hours)", 16, 42.00m),
        ],
        Subtotal = 4417.50m,
        TaxRate = 20m,
        Tax = 883.50m,
        Total = 5301.00m,
        TotalAsPrinted = "£5,301.00",
        AmountDue = 5301.00m,
    };

    public static byte[] Render()
    {
        var e = Expected;
        var green = new PdfColor(0.16, 0.26, 0.21);
        var pdf = new PdfDocumentBuilder { Title = $"Invoice {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };
        var page = pdf.AddPage(595.28, 841.89);

        page.Rectangle(0, 0, 595.28, 92, fill: green);
        page.Text(50, 48, e.VendorName, PdfFont.HelveticaBold, 20, color: PdfColor.White);
        page.Text(50, 66, "Bespoke joinery · Fitted furniture · Restoration", PdfFont.Helvetica, 9, color: PdfColor.Gray(0.85));
        page.Text(545, 52, "INVOICE", PdfFont.HelveticaBold, 22, TextAlign.Right, PdfColor.White);

        page.Text(50, 122, "From", PdfFont.HelveticaBold, 9, color: green);
        Sheet.Lines(page, 50, 136, 12, PdfFont.Helvetica, 9,
            ["Unit 4, Riverside Works", "Mill Lane", "Leeds LS10 1AB", $"Tel: {e.VendorPhone}", $"VAT Reg No: {e.VendorTaxId}"]);
        page.Text(215, 122, "Invoice to", PdfFont.HelveticaBold, 9, color: green);
        Sheet.Lines(page, 215, 136, 12, PdfFont.Helvetica, 9, [e.ReceiverName!, "12 Quay Street", "York YO1 7PJ"]);

        (string, string)[] meta =
        [
            ("Invoice No:", e.InvoiceNumber),
            ("Invoice Date:", e.InvoiceDateAsPrinted),
            ("Due Date:", Formats.Date(e.DueDate!.Value, "d MMMM yyyy")),
            ("Purchase Order:", e.PoNumber!),
        ];
        for (var i = 0; i < meta.Length; i++)
        {
            page.Text(385, 136 + i * 13, meta[i].Item1, PdfFont.HelveticaBold, 9);
            page.Text(545, 136 + i * 13, meta[i].Item2, PdfFont.Helvetica, 9, TextAlign.Right);
        }

        Column[] columns =
        [
            new("Description", 56, 250),
            new("Qty", 312, 40, TextAlign.Right),
            new("Unit Price", 360, 85, TextAlign.Right),
            new("Net Amount", 452, 87, TextAlign.Right),
        ];
        double[] dividers = [306, 356, 448];
        var top = 225.0;
        var rowHeight = 20.0;
        page.Rectangle(50, top, 495, rowHeight, fill: PdfColor.Gray(0.88));
        Sheet.HeaderRow(page, columns, top + 14, PdfFont.HelveticaBold, 9);
        var y = top + rowHeight;
        foreach (var item in e.LineItems)
        {
            Sheet.Row(page, columns, y + 14, [item.Description, Formats.Quantity(item.Quantity), Formats.Us(item.UnitPrice), Formats.Us(item.Amount)],
                PdfFont.Helvetica, 9);
            y += rowHeight;
        }

        // Grid: outer box, column dividers, a rule under the header and between rows.
        page.Rectangle(50, top, 495, y - top, stroke: PdfColor.Gray(0.3), lineWidth: 0.6);
        foreach (var x in dividers) page.Line(x, top, x, y, 0.4, PdfColor.Gray(0.3));
        for (var rule = top + rowHeight; rule < y; rule += rowHeight) page.Line(50, rule, 545, rule, 0.4, PdfColor.Gray(0.3));

        y += 22;
        Sheet.Pair(page, 360, 539, y, "Net Total", "£" + Formats.Us(e.Subtotal), PdfFont.Helvetica, 9.5);
        Sheet.Pair(page, 360, 539, y + 16, $"VAT @ {Formats.Percent(e.TaxRate!.Value)}%", "£" + Formats.Us(e.Tax), PdfFont.Helvetica, 9.5);
        page.Rectangle(356, y + 23, 189, 21, stroke: green, lineWidth: 1);
        Sheet.Pair(page, 362, 539, y + 38, "Invoice Total", e.TotalAsPrinted, PdfFont.HelveticaBold, 11, color: green);

        y += 90;
        page.Text(50, y, "Payment", PdfFont.HelveticaBold, 9, color: green);
        Sheet.Lines(page, 50, y + 14, 12, PdfFont.Helvetica, 9,
        [
            $"Payment terms: {e.PaymentTerms}.",
            "Bank transfer to Yorkshire Bank · Sort code 40-12-76 · Account 91234567",
            $"Please quote {e.InvoiceNumber} as the payment reference.",
        ]);

        page.Line(50, 790, 545, 790, 0.3, PdfColor.Gray(0.5));
        page.Text(297.64, 802, "Thistle & Oak Joinery Ltd · Registered in England and Wales No. 08471235", PdfFont.Helvetica, 7, TextAlign.Center, PdfColor.Gray(0.4));
        page.Text(297.64, 811, "Registered office: Unit 4, Riverside Works, Mill Lane, Leeds LS10 1AB", PdfFont.Helvetica, 7, TextAlign.Center, PdfColor.Gray(0.4));
        return pdf.ToBytes();
    }
}
