using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>
/// An Australian catering-supplies tax invoice whose 38 line items continue across a page break (the table header
/// repeats on page 2, totals only on the last page): AUD "$", dd/mm/yyyy, ABN, GST 10 %, product codes.
/// </summary>
internal static class TwoPageInvoice
{
    private const int ItemsOnFirstPage = 26;

    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "invoice",
        Locale = "en-AU",
        PageCount = 2,
        VendorName = "Southern Cross Catering Supplies Pty Ltd",
        VendorAddress = "210 Parramatta Road, Camperdown NSW 2050",
        VendorPhone = "(02) 9557 4410",
        VendorTaxId = "53 004 085 616",
        ReceiverName = "Harbourside Function Centre",
        ReceiverAddress = "1 Darling Drive, Sydney NSW 2000",
        InvoiceNumber = "SCC-30419",
        InvoiceDate = new DateOnly(2024, 6, 28),
        InvoiceDateAsPrinted = "28/06/2024",
        DueDate = new DateOnly(2024, 7, 28),
        PoNumber = "HFC-PO-2291",
        PaymentTerms = "30 days",
        Currency = "AUD",
        LineItems = Paginate(
        [
            Item("Gastronorm pan 1/1 65mm stainless", 24, 18.95m, "GN-1165"),
            Item("Gastronorm pan 1/2 65mm stainless", 24, 12.40m, "GN-1265"),
            Item("Gastronorm pan 1/3 150mm stainless", 12, 14.75m, "GN-1315"),
            Item("Gastronorm lid 1/1 notched", 12, 9.80m, "GN-LID1"),
            Item("Cutting board 450x300 red (raw meat)", 6, 21.50m, "CB-4530"),
            Item("Cutting board 450x300 blue (seafood)", 6, 21.50m, "CB-4531"),
            Item("Cutting board 450x300 green (salad)", 6, 21.50m, "CB-4532"),
            Item("Cutting board 450x300 yellow (poultry)", 6, 21.50m, "CB-4533"),
            Item("Chef's knife 250mm", 4, 64.90m, "KN-2201"),
            Item("Boning knife 150mm flexible", 4, 38.50m, "KN-2207"),
            Item("Knife roll, 8 pockets", 2, 45.00m, "KN-2290"),
            Item("Tongs 300mm stainless", 20, 4.85m, "TG-3012"),
            Item("Ladle 750ml one piece", 6, 16.20m, "LD-0750"),
            Item("Spatula heat resistant 400mm", 10, 8.95m, "SP-1400"),
            Item("Balloon whisk 350mm", 8, 11.30m, "WH-3500"),
            Item("Scoop 1.4L aluminium", 6, 9.60m, "SC-2400"),
            Item("Mixing bowl 12L stainless", 4, 29.90m, "MB-0012"),
            Item("Mixing bowl 5L stainless", 8, 14.20m, "MB-0005"),
            Item("Sheet pan 600x400 perforated", 10, 23.40m, "SV-2040"),
            Item("Catering tray 530x325 black", 20, 7.65m, "CT-1042"),
            Item("Chafing dish roll top 9L", 6, 289.00m, "CH-5010"),
            Item("Chafing fuel gel 200g (pack of 12)", 10, 34.50m, "CH-5011"),
            Item("Beverage dispenser 12L with tap", 2, 118.00m, "BV-1200"),
            Item("Water jug 2L polycarbonate", 24, 8.40m, "JG-2000"),
            Item("Hi-ball glass 350ml (carton of 48)", 5, 86.40m, "GL-0350"),
            Item("Wine glass 420ml (carton of 24)", 6, 79.20m, "GL-0420"),
            Item("Dinner fork 18/10 (dozen)", 20, 26.50m, "CU-1001"),
            Item("Dinner knife 18/10 (dozen)", 20, 31.80m, "CU-1002"),
            Item("Dessert spoon 18/10 (dozen)", 15, 24.90m, "CU-1003"),
            Item("Teaspoon 18/10 (dozen)", 15, 18.60m, "CU-1004"),
            Item("Dinner plate 270mm porcelain (box of 12)", 12, 96.00m, "PL-2701"),
            Item("Entree plate 220mm porcelain (box of 12)", 10, 78.00m, "PL-2201"),
            Item("Soup bowl 160mm porcelain (box of 12)", 8, 72.50m, "BW-1601"),
            Item("Napkins 400mm 2-ply white (carton of 1000)", 6, 42.90m, "NP-4040"),
            Item("Tablecloth 1800x3000 white polyester", 30, 27.50m, "TC-1830"),
            Item("Apron bib black with pocket", 25, 12.95m, "AP-0001"),
            Item("Nitrile gloves blue M (box of 100)", 20, 11.90m, "GV-0100"),
            Item("Delivery - metro Sydney", 1, 95.00m, "DL-0001"),
        ]),
        Subtotal = 12611.95m,
        TaxRate = 10m,
        Tax = 1261.20m,
        Total = 13873.15m,
        TotalAsPrinted = "$13,873.15",
        AmountDue = 13873.15m,
    };

    private static IReadOnlyList<ExpectedLineItem> Paginate(ExpectedLineItem[] items) =>
        items.Select((item, index) => item with { Page = index < ItemsOnFirstPage ? 1 : 2 }).ToList();

    private static readonly Column[] Columns =
    [
        new("Code", 50, 52),
        new("Description", 106, 215),
        new("Qty", 322, 34, TextAlign.Right),
        new("Unit Price", 362, 78, TextAlign.Right),
        new("Amount", 446, 93, TextAlign.Right),
    ];

    public static byte[] Render()
    {
        var e = Expected;
        var teal = new PdfColor(0.0, 0.38, 0.40);
        var pdf = new PdfDocumentBuilder { Title = $"Tax Invoice {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };

        // Page 1: letterhead, parties, the first part of the table.
        var first = pdf.AddPage(595.28, 841.89);
        first.Text(50, 60, e.VendorName, PdfFont.HelveticaBold, 14, color: teal);
        Sheet.Lines(first, 50, 76, 11, PdfFont.Helvetica, 8.5,
            [$"ABN {e.VendorTaxId}", "210 Parramatta Road, Camperdown NSW 2050", $"Ph {e.VendorPhone} · orders@southerncross-catering.example"]);
        first.Text(545, 62, "TAX INVOICE", PdfFont.HelveticaBold, 18, TextAlign.Right, teal);

        first.Text(50, 136, "Bill To", PdfFont.HelveticaBold, 9);
        Sheet.Lines(first, 50, 149, 11, PdfFont.Helvetica, 9, [e.ReceiverName!, "Attn: Accounts Payable", "1 Darling Drive", "Sydney NSW 2000"]);
        first.Text(215, 136, "Deliver To", PdfFont.HelveticaBold, 9);
        Sheet.Lines(first, 215, 149, 11, PdfFont.Helvetica, 9, ["Harbourside Function Centre", "Loading Dock B, 1 Darling Drive", "Sydney NSW 2000"]);

        (string, string)[] meta =
        [
            ("Invoice No.", e.InvoiceNumber),
            ("Invoice Date", e.InvoiceDateAsPrinted),
            ("Due Date", Formats.Date(e.DueDate!.Value, "dd/MM/yyyy")),
            ("Customer PO", e.PoNumber!),
            ("Terms", e.PaymentTerms!),
        ];
        for (var i = 0; i < meta.Length; i++)
        {
            first.Text(390, 136 + i * 12, meta[i].Item1, PdfFont.HelveticaBold, 9);
            first.Text(545, 136 + i * 12, meta[i].Item2, PdfFont.Helvetica, 9, TextAlign.Right);
        }

        var y = Table(first, 220, e.LineItems.Where(i => i.Page == 1), teal);
        if (y > 790) throw new InvalidOperationException("Page 1 items overflow the page.");
        first.Text(539, y + 14, "Continued on page 2", PdfFont.HelveticaOblique, 8.5, TextAlign.Right);
        Footer(first, 1, 2);

        // Page 2: a short running header, the table header again, the rest of the items and the totals.
        var second = pdf.AddPage(595.28, 841.89);
        second.Text(50, 50, e.VendorName, PdfFont.HelveticaBold, 10, color: teal);
        second.Text(545, 50, $"Tax Invoice {e.InvoiceNumber} (continued)", PdfFont.Helvetica, 9, TextAlign.Right);
        second.Line(50, 57, 545, 57, 0.5, teal);
        y = Table(second, 75, e.LineItems.Where(i => i.Page == 2), teal);

        y += 20;
        Sheet.Pair(second, 362, 539, y, "Subtotal (ex GST)", "$" + Formats.Us(e.Subtotal), PdfFont.Helvetica, 9.5);
        Sheet.Pair(second, 362, 539, y + 15, $"GST {Formats.Percent(e.TaxRate!.Value)}%", "$" + Formats.Us(e.Tax), PdfFont.Helvetica, 9.5);
        second.Line(356, y + 22, 545, y + 22, 0.8, teal);
        Sheet.Pair(second, 362, 539, y + 37, "Total inc GST (AUD)", e.TotalAsPrinted, PdfFont.HelveticaBold, 11, color: teal);
        Sheet.Pair(second, 362, 539, y + 55, "Amount Due", "$" + Formats.Us(e.AmountDue!.Value), PdfFont.HelveticaBold, 9.5);

        y += 95;
        second.Text(50, y, "How to pay", PdfFont.HelveticaBold, 9);
        Sheet.Lines(second, 50, y + 13, 11, PdfFont.Helvetica, 8.5,
        [
            "EFT: Southern Cross Catering Supplies Pty Ltd · BSB 062-000 · Account 1234 5678",
            $"Reference: {e.InvoiceNumber}. Payment due within {e.PaymentTerms} of the invoice date.",
            "All amounts are in Australian dollars (AUD). Goods remain our property until paid in full.",
        ]);
        Footer(second, 2, 2);
        return pdf.ToBytes();
    }

    /// <summary>Draws the table header at <paramref name="top"/> and the rows; returns the y below the last row.</summary>
    private static double Table(PdfPageBuilder page, double top, IEnumerable<ExpectedLineItem> items, PdfColor accent)
    {
        page.Rectangle(50, top, 495, 17, fill: accent);
        Sheet.HeaderRow(page, Columns, top + 12, PdfFont.HelveticaBold, 8.5, PdfColor.White);
        var y = top + 17;
        var shade = false;
        foreach (var item in items)
        {
            if (shade) page.Rectangle(50, y, 495, 17, fill: PdfColor.Gray(0.95));
            shade = !shade;
            Sheet.Row(page, Columns, y + 12,
                [item.ProductCode!, item.Description, Formats.Quantity(item.Quantity), Formats.Us(item.UnitPrice), Formats.Us(item.Amount)],
                PdfFont.Helvetica, 8.5);
            y += 17;
        }

        page.Line(50, y, 545, y, 0.6, accent);
        return y;
    }

    private static void Footer(PdfPageBuilder page, int number, int count)
    {
        page.Line(50, 805, 545, 805, 0.3, PdfColor.Gray(0.5));
        page.Text(50, 816, "Southern Cross Catering Supplies Pty Ltd · ABN 53 004 085 616", PdfFont.Helvetica, 7, color: PdfColor.Gray(0.4));
        page.Text(545, 816, $"Page {number} of {count}", PdfFont.Helvetica, 7, TextAlign.Right, PdfColor.Gray(0.4));
    }
}
