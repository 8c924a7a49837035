using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>
/// A German software invoice laid out after DIN 5008 (sender line above the address window, info block on the
/// right, legal details in the footer): "1.234,56 €", dd.mm.yyyy, USt-IdNr., umlauts and „quotes".
/// </summary>
internal static class GermanInvoice
{
    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "invoice",
        Locale = "de-DE",
        PageCount = 1,
        VendorName = "Nordlicht Software GmbH",
        VendorAddress = "Hafenstraße 27, 20457 Hamburg",
        VendorPhone = "+49 40 3861 2290",
        VendorTaxId = "DE287456193",
        ReceiverName = "Bäckerei Müller & Söhne KG",
        ReceiverAddress = "Lindenallee 5, 50668 Köln",
        InvoiceNumber = "RE-2024-0412",
        InvoiceDate = new DateOnly(2024, 3, 5),
        InvoiceDateAsPrinted = "05.03.2024",
        DueDate = new DateOnly(2024, 3, 19),
        PoNumber = "BM-7731",
        PaymentTerms = "14 Tage netto",
        Currency = "EUR",
        LineItems =
        [
            Item("Softwarelizenz „Kassensystem Pro“ (Jahreslizenz)", 3, 1190.00m),
            Item("Einrichtung und Schulung vor Ort (Std.)", 6, 95.00m),
            Item("Datenmigration Altsystem", 1, 450.00m),
            Item("Wartungsvertrag Premium (monatlich)", 12, 49.90m),
        ],
        Subtotal = 5188.80m,
        TaxRate = 19m,
        Tax = 985.87m,
        Total = 6174.67m,
        TotalAsPrinted = "6.174,67 €",
        AmountDue = 6174.67m,
    };

    public static byte[] Render()
    {
        var e = Expected;
        var accent = new PdfColor(0.05, 0.35, 0.45);
        var grey = PdfColor.Gray(0.35);
        var pdf = new PdfDocumentBuilder { Title = $"Rechnung {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };
        var page = pdf.AddPage(595.28, 841.89);

        page.Text(538, 62, e.VendorName, PdfFont.HelveticaBold, 18, TextAlign.Right, accent);
        Sheet.Lines(page, 538, 78, 11, PdfFont.Helvetica, 8.5,
            ["Hafenstraße 27 · 20457 Hamburg", $"Tel. {e.VendorPhone}", "info@nordlicht-software.example"], TextAlign.Right, grey);

        // Sender line above the window of a DIN envelope, underlined.
        var sender = "Nordlicht Software GmbH · Hafenstraße 27 · 20457 Hamburg";
        var senderWidth = page.Text(57, 140, sender, PdfFont.Helvetica, 6.5, color: grey);
        page.Line(57, 142, 57 + senderWidth, 142, 0.3, grey);
        Sheet.Lines(page, 57, 160, 13, PdfFont.Helvetica, 10,
            [e.ReceiverName!, "z. Hd. Frau Anna Müller", "Lindenallee 5", "50668 Köln"]);

        (string, string)[] info =
        [
            ("Rechnungsnr.:", e.InvoiceNumber),
            ("Rechnungsdatum:", e.InvoiceDateAsPrinted),
            ("Lieferdatum:", "29.02.2024"),
            ("Kundennr.:", "K-10387"),
            ("Ihre Bestellung:", e.PoNumber!),
        ];
        for (var i = 0; i < info.Length; i++)
        {
            page.Text(370, 160 + i * 13, info[i].Item1, PdfFont.Helvetica, 9, color: grey);
            page.Text(538, 160 + i * 13, info[i].Item2, PdfFont.Helvetica, 9, TextAlign.Right);
        }

        page.Text(57, 285, $"Rechnung {e.InvoiceNumber}", PdfFont.HelveticaBold, 14);
        page.Text(57, 308, "Sehr geehrte Frau Müller,", PdfFont.Helvetica, 9.5);
        page.Text(57, 321, "für unsere Leistungen erlauben wir uns, Ihnen Folgendes in Rechnung zu stellen:", PdfFont.Helvetica, 9.5);

        Column[] columns =
        [
            new("Pos.", 57, 22),
            new("Beschreibung", 84, 225),
            new("Menge", 310, 45, TextAlign.Right),
            new("Einzelpreis", 360, 80, TextAlign.Right),
            new("Gesamt", 445, 93, TextAlign.Right),
        ];
        page.Line(57, 338, 538, 338, 0.8);
        Sheet.HeaderRow(page, columns, 351, PdfFont.HelveticaBold, 9);
        page.Line(57, 357, 538, 357, 0.5);
        var y = 373.0;
        var position = 1;
        foreach (var item in e.LineItems)
        {
            Sheet.Row(page, columns, y,
                [position++.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Description,
                 Formats.Quantity(item.Quantity, ","), Formats.German(item.UnitPrice) + " €", Formats.German(item.Amount) + " €"],
                PdfFont.Helvetica, 9);
            y += 18;
        }

        page.Line(57, y - 8, 538, y - 8, 0.5);
        y += 8;
        Sheet.Pair(page, 360, 538, y, "Nettobetrag", Formats.German(e.Subtotal) + " €", PdfFont.Helvetica, 9.5);
        Sheet.Pair(page, 360, 538, y + 15, $"zzgl. {Formats.Percent(e.TaxRate!.Value, ",")} % USt.", Formats.German(e.Tax) + " €", PdfFont.Helvetica, 9.5);
        page.Line(360, y + 22, 538, y + 22, 0.5);
        Sheet.Pair(page, 360, 538, y + 36, "Rechnungsbetrag", e.TotalAsPrinted, PdfFont.HelveticaBold, 10.5);
        page.Line(360, y + 41, 538, y + 41, 0.5);
        page.Line(360, y + 43, 538, y + 43, 0.5);

        y += 80;
        Sheet.Lines(page, 57, y, 13, PdfFont.Helvetica, 9.5,
        [
            $"Zahlungsziel: {e.PaymentTerms}. Bitte überweisen Sie den Rechnungsbetrag bis zum {Formats.Date(e.DueDate!.Value, "dd.MM.yyyy")}",
            $"unter Angabe der Rechnungsnummer {e.InvoiceNumber} auf das unten genannte Konto.",
            "",
            "Mit freundlichen Grüßen",
            "Jan Petersen",
        ]);

        page.Line(57, 770, 538, 770, 0.3, grey);
        Sheet.Lines(page, 57, 782, 9, PdfFont.Helvetica, 7, [e.VendorName, "Hafenstraße 27", "20457 Hamburg"], color: grey);
        Sheet.Lines(page, 220, 782, 9, PdfFont.Helvetica, 7,
            ["Geschäftsführer: Jan Petersen", "Amtsgericht Hamburg HRB 145872", $"USt-IdNr.: {e.VendorTaxId}"], color: grey);
        Sheet.Lines(page, 390, 782, 9, PdfFont.Helvetica, 7,
            ["Hamburger Sparkasse", "IBAN: DE44 2005 0550 1234 5678 90", "BIC: HASPDEHHXXX"], color: grey);
        return pdf.ToBytes();
    }
}
