using InvoiceScanner.SampleInvoices.Layout;
using InvoiceScanner.SampleInvoices.Pdf;
using static InvoiceScanner.SampleInvoices.Samples.Items;

namespace InvoiceScanner.SampleInvoices.Samples;

/// <summary>
/// A French lighting-workshop invoice: "3 038,14 EUR" with a no-break space between thousands (as French
/// software prints it), dd/mm/yyyy, HT/TVA/TTC, client block on the right, legal mentions in the footer.
/// </summary>
internal static class FrenchInvoice
{
    public static ExpectedInvoice Expected { get; } = new()
    {
        DocumentType = "invoice",
        Locale = "fr-FR",
        PageCount = 1,
        VendorName = "Atelier Lumière SARL",
        VendorAddress = "14 rue des Tanneurs, 69002 Lyon",
        VendorPhone = "04 72 10 35 48",
        VendorTaxId = "FR47512384960",
        ReceiverName = "Café de la Gare",
        ReceiverAddress = "3 place Carnot, 33000 Bordeaux",
        InvoiceNumber = "F-2024-0157",
        InvoiceDate = new DateOnly(2024, 1, 22),
        InvoiceDateAsPrinted = "22/01/2024",
        DueDate = new DateOnly(2024, 2, 21),
        PoNumber = "BC-8842",
        PaymentTerms = "30 jours net",
        Currency = "EUR",
        LineItems =
        [
            Item("Suspension laiton « Opéra »", 4, 289.90m),
            Item("Applique murale en verre soufflé", 6, 134.50m),
            Item("Ampoules LED filament E27 (lot de 10)", 3, 47.66m),
            Item("Pose et raccordement électrique (heures)", 5, 84.44m),
        ],
        Subtotal = 2531.78m,
        TaxRate = 20m,
        Tax = 506.36m,
        Total = 3038.14m,
        TotalAsPrinted = "3\u00A0038,14 EUR",
        AmountDue = 3038.14m,
    };

    public static byte[] Render()
    {
        var e = Expected;
        var wine = new PdfColor(0.45, 0.12, 0.18);
        var pdf = new PdfDocumentBuilder { Title = $"Facture {e.InvoiceNumber}", Author = e.VendorName, CreationDate = e.InvoiceDate };
        var page = pdf.AddPage(595.28, 841.89);

        page.Text(50, 64, e.VendorName, PdfFont.HelveticaBold, 16, color: wine);
        Sheet.Lines(page, 50, 82, 12, PdfFont.Helvetica, 9,
            ["14 rue des Tanneurs", "69002 Lyon", $"Tél. : {e.VendorPhone}", "contact@atelier-lumiere.example"]);

        page.Rectangle(330, 110, 215, 66, stroke: PdfColor.Gray(0.6), lineWidth: 0.5);
        Sheet.Lines(page, 340, 126, 12, PdfFont.Helvetica, 9.5,
            [e.ReceiverName!, "À l’attention de M. Julien Perrin", "3 place Carnot", "33000 Bordeaux"]);

        page.Text(50, 210, $"FACTURE N° {e.InvoiceNumber}", PdfFont.HelveticaBold, 15, color: wine);
        (string, string)[] meta =
        [
            ("Date de facturation :", e.InvoiceDateAsPrinted),
            ("Date d’échéance :", Formats.Date(e.DueDate!.Value, "dd/MM/yyyy")),
            ("Bon de commande :", e.PoNumber!),
            ("Conditions de paiement :", e.PaymentTerms!),
        ];
        for (var i = 0; i < meta.Length; i++)
        {
            page.Text(50, 232 + i * 13, meta[i].Item1, PdfFont.Helvetica, 9);
            page.Text(165, 232 + i * 13, meta[i].Item2, PdfFont.HelveticaBold, 9);
        }

        Column[] columns =
        [
            new("Désignation", 56, 240),
            new("Qté", 300, 40, TextAlign.Right),
            new("Prix unit. HT", 350, 90, TextAlign.Right),
            new("Montant HT", 448, 91, TextAlign.Right),
        ];
        page.Rectangle(50, 300, 495, 18, fill: PdfColor.Gray(0.9));
        Sheet.HeaderRow(page, columns, 312, PdfFont.HelveticaBold, 9);
        var y = 335.0;
        foreach (var item in e.LineItems)
        {
            Sheet.Row(page, columns, y,
                [item.Description, Formats.Quantity(item.Quantity, ","), Formats.French(item.UnitPrice) + " €", Formats.French(item.Amount) + " €"],
                PdfFont.Helvetica, 9);
            y += 18;
        }

        page.Line(50, y - 8, 545, y - 8, 0.5, PdfColor.Gray(0.5));
        y += 10;
        Sheet.Pair(page, 350, 539, y, "Total HT", Formats.French(e.Subtotal) + " EUR", PdfFont.Helvetica, 9.5);
        Sheet.Pair(page, 350, 539, y + 15, $"TVA {Formats.Percent(e.TaxRate!.Value, ",")} %", Formats.French(e.Tax) + " EUR", PdfFont.Helvetica, 9.5);
        page.Rectangle(344, y + 22, 201, 20, fill: wine);
        Sheet.Pair(page, 350, 539, y + 36, "Total TTC", e.TotalAsPrinted, PdfFont.HelveticaBold, 10.5, color: PdfColor.White);
        Sheet.Pair(page, 350, 539, y + 58, "Net à payer", Formats.French(e.AmountDue!.Value) + " EUR", PdfFont.HelveticaBold, 9.5);

        y += 100;
        Sheet.Lines(page, 50, y, 12, PdfFont.Helvetica, 8.5,
        [
            "Règlement par virement bancaire — IBAN : FR76 3000 4000 0312 3456 7890 143 — BIC : BNPAFRPPXXX",
            "Pas d’escompte pour paiement anticipé.",
            "Pénalités de retard : trois fois le taux d’intérêt légal. Indemnité forfaitaire pour frais de recouvrement : 40 €.",
        ]);

        page.Line(50, 790, 545, 790, 0.3, PdfColor.Gray(0.5));
        page.Text(297.64, 802, "Atelier Lumière SARL au capital de 8 000 € — SIRET 512 384 960 00027 — RCS Lyon",
            PdfFont.Helvetica, 7, TextAlign.Center, PdfColor.Gray(0.4));
        page.Text(297.64, 811, $"N° TVA intracommunautaire : {e.VendorTaxId}", PdfFont.Helvetica, 7, TextAlign.Center, PdfColor.Gray(0.4));
        return pdf.ToBytes();
    }
}
