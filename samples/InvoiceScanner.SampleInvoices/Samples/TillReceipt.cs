using System.Globalization;
using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>
/// A Malaysian grocery till receipt on 80 mm paper in Courier (the kind in the SROIE data): RM, dd/mm/yyyy,
/// GST 6 %, cash and change lines that are not the total.
/// </summary>
internal static class TillReceipt
{
    private const int Columns = 40;
    private const double FontSize = 8.5;
    private const double Margin = 12;
    private const double Leading = 11;

    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "receipt",
        Locale = "en-MY",
        PageCount = 1,
        VendorName = "KEDAI RUNCIT SRI MAJU SDN BHD",
        VendorAddress = "NO. 12, JALAN SS 2/24, 47300 PETALING JAYA, SELANGOR",
        VendorPhone = "03-7876 5521",
        VendorTaxId = "001234567890",
        InvoiceNumber = "CS-00048213",
        InvoiceDate = new DateOnly(2018, 4, 15),
        InvoiceDateAsPrinted = "15/04/2018",
        Currency = "MYR",
        LineItems =
        [
            Item("MILO 3IN1 ACTIV-GO 18S", 1, 15.90m),
            Item("GARDENIA BREAD ORIGINAL 400G", 2, 4.30m),
            Item("DUTCH LADY UHT MILK 1L", 3, 7.20m),
            Item("MAGGI KARI 5S", 2, 6.85m),
            Item("TELUR GRED A 10S", 1, 6.50m),
        ],
        Subtotal = 66.30m,
        TaxRate = 6m,
        Tax = 3.98m,
        Total = 70.28m,
        TotalAsPrinted = "70.28",
    };

    public static byte[] Render()
    {
        var e = Expected;
        var lines = new List<(string Text, bool Bold)>();
        void Center(string text, bool bold = false) => lines.Add((Fit(text).PadLeft((Columns + text.Length) / 2).PadRight(Columns), bold));
        void Left(string text, bool bold = false) => lines.Add((Fit(text), bold));
        void Both(string left, string right, bool bold = false) => lines.Add((Fit(left + right.PadLeft(Columns - left.Length)), bold));
        void Rule() => lines.Add((new string('-', Columns), false));

        Center(e.VendorName, bold: true);
        Center("(CO. REG. 1021457-K)");
        Center("NO. 12, JALAN SS 2/24,");
        Center("47300 PETALING JAYA, SELANGOR");
        Center($"TEL: {e.VendorPhone}");
        Center($"GST REG NO: {e.VendorTaxId}");
        lines.Add(("", false));
        Center("TAX INVOICE", bold: true);
        Rule();
        Left($"INVOICE NO: {e.InvoiceNumber}");
        Both($"DATE: {e.InvoiceDateAsPrinted}", "TIME: 18:42:07");
        Both("CASHIER: NURUL", "COUNTER: 02");
        Rule();
        Both("ITEM", "QTY   PRICE  AMOUNT   ");
        Rule();
        foreach (var item in e.LineItems)
        {
            Left(item.Description);
            Both("", $"{Formats.Quantity(item.Quantity),3} {Formats.Us(item.UnitPrice),7} {Formats.Us(item.Amount),7} SR");
        }

        Rule();
        Both("TOTAL QTY:", e.LineItems.Sum(i => i.Quantity).ToString("0", CultureInfo.InvariantCulture));
        Both("TOTAL EXCL. GST", Formats.Us(e.Subtotal));
        Both($"GST @ {Formats.Percent(e.TaxRate!.Value)}%", Formats.Us(e.Tax));
        Both("TOTAL (RM)", e.TotalAsPrinted, bold: true);
        Both("CASH", "100.00");
        Both("CHANGE", Formats.Us(100.00m - e.Total));
        Rule();
        Both("GST SUMMARY", "AMOUNT(RM)  TAX(RM)");
        Both("SR @ 6%", $"{Formats.Us(e.Subtotal),10} {Formats.Us(e.Tax),8}");
        Rule();
        Center("THANK YOU. PLEASE COME AGAIN.");
        Center("GOODS SOLD ARE NOT RETURNABLE");

        // 80 mm roll; the page is as long as the receipt.
        var width = 2 * Margin + Columns * 0.6 * FontSize;
        var height = 2 * Margin + 8 + lines.Count * Leading;
        var pdf = new PdfDocumentBuilder { Title = $"Receipt {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };
        var page = pdf.AddPage(width, height);
        var y = Margin + 8;
        foreach (var (text, bold) in lines)
        {
            if (text.Trim().Length > 0) page.Text(Margin, y, text.TrimEnd(), bold ? PdfFont.CourierBold : PdfFont.Courier, FontSize);
            y += Leading;
        }

        return pdf.ToBytes();
    }

    private static string Fit(string text) =>
        text.Length <= Columns ? text : throw new InvalidOperationException($"'{text}' is wider than the {Columns}-column receipt.");
}
