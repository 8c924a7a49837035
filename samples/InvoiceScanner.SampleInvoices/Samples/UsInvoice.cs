using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>A US office-supply invoice on Letter paper: $, month/day/year, "1,234.56", sales tax, EIN.</summary>
internal static class UsInvoice
{
    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "invoice",
        Locale = "en-US",
        PageCount = 1,
        VendorName = "Brightline Office Supply Co.",
        VendorAddress = "1450 Market Street, Suite 300, San Francisco, CA 94103",
        VendorPhone = "(415) 555-0142",
        VendorTaxId = "94-3187265",
        ReceiverName = "Harbor & Finch Architects LLP",
        ReceiverAddress = "88 Pine Street, Floor 12, New York, NY 10005",
        InvoiceNumber = "INV-2024-00871",
        InvoiceDate = new DateOnly(2024, 3, 14),
        InvoiceDateAsPrinted = "03/14/2024",
        DueDate = new DateOnly(2024, 4, 13),
        PoNumber = "PO-55812",
        PaymentTerms = "Net 30",
        Currency = "USD",
        LineItems =
        [
            Item("Ergonomic Mesh Office Chair", 4, 289.00m),
            Item("Standing Desk Frame, Dual Motor", 2, 412.50m),
            Item("Laser Printer Toner Cartridge (Black)", 6, 74.99m),
            Item("Copy Paper, Letter, 10-Ream Case", 12, 42.75m),
            Item("Desk Organizer Set", 5, 18.40m),
        ],
        Subtotal = 3035.94m,
        TaxRate = 8.625m,
        Tax = 261.85m,
        Total = 3297.79m,
        TotalAsPrinted = "$3,297.79",
        AmountDue = 3297.79m,
    };

    public static byte[] Render()
    {
        var e = Expected;
        var navy = new PdfColor(0.10, 0.20, 0.45);
        var rule = PdfColor.Gray(0.8);
        var pdf = new PdfDocumentBuilder { Title = $"Invoice {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };
        var page = pdf.AddPage(612, 792);

        page.Text(50, 62, e.VendorName, PdfFont.HelveticaBold, 16, color: navy);
        Sheet.Lines(page, 50, 80, 12, PdfFont.Helvetica, 9,
            ["1450 Market Street, Suite 300", "San Francisco, CA 94103", $"Phone: {e.VendorPhone}", $"EIN: {e.VendorTaxId}"]);

        page.Text(562, 66, "INVOICE", PdfFont.HelveticaBold, 26, TextAlign.Right, navy);
        (string, string)[] meta =
        [
            ("Invoice #", e.InvoiceNumber),
            ("Invoice Date", e.InvoiceDateAsPrinted),
            ("Due Date", Formats.Date(e.DueDate!.Value, "MM/dd/yyyy")),
            ("P.O. Number", e.PoNumber!),
            ("Terms", e.PaymentTerms!),
        ];
        for (var i = 0; i < meta.Length; i++)
        {
            page.Text(390, 100 + i * 13, meta[i].Item1, PdfFont.HelveticaBold, 9);
            page.Text(562, 100 + i * 13, meta[i].Item2, PdfFont.Helvetica, 9, TextAlign.Right);
        }

        page.Text(50, 180, "BILL TO", PdfFont.HelveticaBold, 9, color: PdfColor.Gray(0.4));
        page.Text(50, 194, e.ReceiverName!, PdfFont.HelveticaBold, 10);
        Sheet.Lines(page, 50, 207, 12, PdfFont.Helvetica, 9, ["88 Pine Street, Floor 12", "New York, NY 10005"]);

        Column[] columns =
        [
            new("DESCRIPTION", 56, 260),
            new("QTY", 320, 50, TextAlign.Right),
            new("UNIT PRICE", 380, 90, TextAlign.Right),
            new("AMOUNT", 476, 80, TextAlign.Right),
        ];
        page.Rectangle(50, 245, 512, 18, fill: navy);
        Sheet.HeaderRow(page, columns, 257, PdfFont.HelveticaBold, 8.5, PdfColor.White);
        var y = 281.0;
        foreach (var item in e.LineItems)
        {
            Sheet.Row(page, columns, y, [item.Description, Formats.Quantity(item.Quantity), Formats.Us(item.UnitPrice), Formats.Us(item.Amount)],
                PdfFont.Helvetica, 9.5);
            page.Line(50, y + 7, 562, y + 7, 0.5, rule);
            y += 21;
        }

        y += 14;
        Sheet.Pair(page, 470, 556, y, "Subtotal", "$" + Formats.Us(e.Subtotal), PdfFont.Helvetica, 9.5, TextAlign.Right);
        Sheet.Pair(page, 470, 556, y + 16, $"Sales Tax ({Formats.Percent(e.TaxRate!.Value)}%)", "$" + Formats.Us(e.Tax), PdfFont.Helvetica, 9.5, TextAlign.Right);
        page.Line(380, y + 24, 562, y + 24, 0.75);
        Sheet.Pair(page, 470, 556, y + 38, "Total", e.TotalAsPrinted, PdfFont.HelveticaBold, 10.5, TextAlign.Right);
        page.Rectangle(380, y + 48, 182, 20, fill: PdfColor.Gray(0.92));
        Sheet.Pair(page, 470, 556, y + 62, "Balance Due", "$" + Formats.Us(e.AmountDue!.Value), PdfFont.HelveticaBold, 10.5, TextAlign.Right, navy);

        page.Text(306, 700, $"Please make checks payable to {e.VendorName}", PdfFont.Helvetica, 8.5, TextAlign.Center);
        page.Text(306, 712, "Questions about this invoice? billing@brightline-supply.example", PdfFont.Helvetica, 8.5, TextAlign.Center);
        page.Text(306, 730, "Thank you for your business!", PdfFont.HelveticaOblique, 10, TextAlign.Center, navy);
        return pdf.ToBytes();
    }
}
