using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Invoices laid out the European way: totals blocks with net, tax and gross in the document's language, allowances and
/// prepayments that are not the total, the currency named by its label, numbers after a titled line, party sections.
/// </summary>
public sealed class EuropeanInvoiceTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    /// <summary>A seller, a number, then a totals block of label and amount rows.</summary>
    internal static DocumentBuilder TotalsBlock(string seller, params (string Label, string Amount)[] rows)
    {
        var builder = new DocumentBuilder().Line(seller).Line("Rechnung Nr. 4711").Gap(3);
        foreach (var (label, amount) in rows)
            builder.Row((0.5, label), (0.85, amount));
        return builder;
    }

    [Theory]
    [InlineData("Nettosumme", "MwSt-Betrag", "Bruttobetrag")]
    [InlineData("Rechnungssumme ohne USt.", "Steuerbetrag", "Bruttosumme")]
    [InlineData("Summe netto", "Umsatzsteuer 19 %", "Gesamtsumme")]
    [InlineData("Total HT", "Total TVA", "Total TTC")]
    [InlineData("Montant hors taxes", "Montant TVA", "Net à payer")]
    [InlineData("Subtotaal", "BTW 21%", "Totaal")]
    [InlineData("Base imponible", "IVA 21%", "Importe total")]
    [InlineData("Imponibile", "IVA 22%", "Totale documento")]
    [InlineData("Net amount", "VAT 20%", "Invoice total")]
    public void Net_tax_and_gross_are_read_by_their_labels_in_each_language(string net, string tax, string gross)
    {
        var fields = Read(TotalsBlock("Muster GmbH", (net, "1.000,00"), (tax, "190,00"), (gross, "1.190,00"))).Fields;

        Assert.Equal((1000.00m, 190.00m, 1190.00m), (fields.Subtotal?.Value, fields.Tax?.Value, fields.Total?.Value));
        // Nothing stands between the lines' sum and the net: one amount is both.
        Assert.Equal(1000.00m, fields.TaxBasis?.Value);
    }

    [Fact]
    public void A_totals_ladder_with_allowances_charges_and_a_prepayment_reads_each_rung()
    {
        var result = Read(TotalsBlock("Lieferant GmbH",
            ("Positionssumme", "180,76"), ("Gesamtbetrag der Zuschläge", "5,80"), ("Gesamtbetrag der Abschläge", "-9,07"),
            ("Rechnungssumme ohne USt.", "177,49"), ("Steuerbetrag", "20,16"), ("Bruttosumme", "197,65"),
            ("Erhaltene Anzahlungen", "-50,00"), ("Zahlbetrag", "147,65")));

        // The sum of charges is never the total, the prepayment never the amount due.
        Assert.Equal(197.65m, result.Fields.Total?.Value);
        Assert.Equal(20.16m, result.Fields.Tax?.Value);
        Assert.Equal(147.65m, result.Fields.AmountDue?.Value);
        // The charges are read too, so the ladder validates: line total + charges − allowances + tax = gross.
        Assert.Equal(5.80m, result.Fields.ChargeTotal?.Value);
        // The lines' sum (BT-106) and the total without VAT (BT-109) are two amounts here.
        Assert.Equal((180.76m, 177.49m), (result.Fields.Subtotal?.Value, result.Fields.TaxBasis?.Value));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.TotalMismatch);
    }

    [Fact]
    public void Charges_that_do_not_explain_the_gross_leave_the_totals_mismatch()
    {
        var result = Read(TotalsBlock("Lieferant GmbH",
            ("Positionssumme", "180,76"), ("Gesamtbetrag der Zuschläge", "7,80"), ("Gesamtbetrag der Abschläge", "-9,07"),
            ("Steuerbetrag", "20,16"), ("Bruttosumme", "197,65")));

        Assert.Contains(result.ReviewReasons, r => r.Code == ReviewCodes.TotalMismatch);
    }

    [Theory]
    [InlineData("Währung:", "EUR", "EUR")]
    [InlineData("Currency", "USD", "USD")]
    [InlineData("Devise :", "CHF", "CHF")]
    [InlineData("Valuta:", "SEK", "SEK")]
    public void A_currency_code_named_by_its_label_is_the_currency(string label, string code, string expected)
    {
        var fields = Read(new DocumentBuilder().Line("Muster GmbH").Row((0.05, label), (0.3, code)).Gap(2).Row((0.5, "Total"), (0.85, "100,00"))).Fields;

        Assert.Equal(expected, fields.Currency?.Value);
    }

    [Fact]
    public void A_three_letter_word_without_a_currency_label_or_a_number_is_not_a_currency()
    {
        var fields = Read(new DocumentBuilder().Line("Muster GmbH").Line("Lieferung per DHL").Gap(2).Row((0.5, "Total"), (0.85, "100,00"))).Fields;

        Assert.Null(fields.Currency);
    }

    [Theory]
    [InlineData("Handelsrechnung (380) Nr. 471102 vom 05.06.2018", "471102", "2018-06-05")]
    [InlineData("Rechnung des Versicherers (575) Nr. 01.234.567.8-2018-1 vom 06.12.2018", "01.234.567.8-2018-1", "2018-12-06")]
    [InlineData("Gutschrift Nr. GS-2024-17 vom 03.02.2024", "GS-2024-17", "2024-02-03")]
    [InlineData("Facture n° F-889 du 14/03/2024", "F-889", "2024-03-14")]
    [InlineData("Rechnungskorrektur (384) Nr. RK21012345 vom 16.09.2018", "RK21012345", "2018-09-16")]
    [InlineData("Schlussrechnung Bau (877) Nr. 181301674 vom 25.04.2018", "181301674", "2018-04-25")]
    [InlineData("Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 47110818 vom 31.10.2018", "47110818", "2018-10-31")]
    public void A_titled_line_gives_the_number_and_the_date_of_the_document(string title, string number, string date)
    {
        var fields = Read(new DocumentBuilder().Line("Muster GmbH").Line(title).Line("Bestellung Nr. 2018-471331 vom 01.03.2018").Gap(2)
            .Row((0.5, "Gesamtbetrag"), (0.85, "100,00"))).Fields;

        Assert.Equal(number, fields.InvoiceNumber?.Value);
        Assert.Equal(DateOnly.Parse(date), fields.InvoiceDate?.Value);
    }

    [Fact]
    public void A_year_after_a_word_ending_in_rechnung_is_not_the_invoice_number()
    {
        var fields = Read(new DocumentBuilder().Line("Hausverwaltung Muster").Line("Betriebskostenabrechnung 2010").Row((0.6, "Beleg-Nr :"), (0.75, "R-2011-0042"))
            .Gap(2).Row((0.5, "Gesamtbetrag"), (0.85, "502,63"))).Fields;

        Assert.Equal("R-2011-0042", fields.InvoiceNumber?.Value);
    }

    [Fact]
    public void Seller_and_buyer_sections_name_both_parties()
    {
        var fields = Read(new DocumentBuilder()
            .Line("Handelsrechnung (380) Nr. 471102 vom 05.06.2018")
            .Line("Verkäufer").Row((0.05, "Nummer:"), (0.25, "549910")).Row((0.05, "Name:"), (0.25, "Lieferant GmbH")).Row((0.05, "Anschrift:"), (0.25, "Lieferantenstraße 20"))
            .Line("Käufer/Leistungsempfänger").Row((0.05, "Nummer:"), (0.25, "GE2020211")).Row((0.05, "Name:"), (0.25, "Kunden AG Mitte"))
            .Row((0.05, "Anschrift:"), (0.25, "Kundenstraße 15")).Gap(2).Row((0.5, "Bruttosumme"), (0.85, "197,65"))).Fields;

        Assert.Equal("Lieferant GmbH", fields.VendorName?.Value);
        Assert.Equal("Kunden AG Mitte", fields.ReceiverName?.Value);
    }

    [Fact]
    public void The_label_of_a_receiver_column_is_not_the_receiver()
    {
        var fields = Read(new DocumentBuilder().Line("MUSTERLIEFERANT GMBH").Line("Rechnung Nr. 77")
            .Row((0.05, "Rechnungsempfänger"), (0.4, "Warenempfänger"))
            .Row((0.05, "MUSTER-KUNDE GMBH"), (0.4, "MUSTER-MARKT"))
            .Gap(2).Row((0.5, "Endbetrag"), (0.85, "10,00"))).Fields;

        Assert.NotEqual("Warenempfänger", fields.ReceiverName?.Value);
    }

    [Fact]
    public void A_number_label_waiting_for_its_value_is_not_the_vendor()
    {
        var fields = Read(new DocumentBuilder().Row((0.05, "FACTURE N° :"), (0.3, "F20220023")).Line("LE FOURNISSEUR").Line("12 rue de la Paix")
            .Line("75002 Paris").Gap(2).Row((0.5, "Total TTC"), (0.85, "120,00"))).Fields;

        Assert.NotEqual("FACTURE N° :", fields.VendorName?.Value);
    }

    [Fact]
    public void The_sender_line_above_the_address_window_names_the_seller()
    {
        var fields = Read(new DocumentBuilder().Line("Hetzner Online GmbH • Industriestr. 25 • 91710 Gunzenhausen").Line("Max Mustermann")
            .Line("Musterweg 1").Line("12345 Musterstadt").Line("Rechnung").Row((0.05, "Rechnungsnummer:"), (0.3, "R0012345")).Gap(2)
            .Row((0.5, "Gesamtbetrag"), (0.85, "11,90"))).Fields;

        Assert.Equal("Hetzner Online GmbH", fields.VendorName?.Value);
    }

    [Fact]
    public void A_company_beside_its_bank_and_register_details_is_the_seller_and_the_buyer_never_is()
    {
        var fields = Read(new DocumentBuilder().Line("Rechnung").Line("Kunden AG").Line("Kundenstraße 15").Line("69876 Frankfurt")
            .Row((0.05, "Rechnungsnummer:"), (0.3, "2024-001")).Gap(2).Row((0.5, "Gesamtbetrag"), (0.85, "119,00")).Gap(3)
            .Row((0.05, "Beispiel Software GmbH"), (0.4, "IBAN: DE02 1203 0000 0000 2020 51"), (0.75, "Amtsgericht Berlin HRB 12345"))
            .Row((0.05, "Geschäftsführer: Erika Muster"), (0.4, "BIC: BYLADEM1001"), (0.75, "USt-IdNr.: DE123456789"))).Fields;

        Assert.Equal("Beispiel Software GmbH", fields.VendorName?.Value);
    }

    [Theory]
    [InlineData("Sprzedawca: Polski Koncern Naftowy ORLEN S.A.", "Polski Koncern Naftowy ORLEN S.A.")]
    [InlineData("Seller: Acme Widgets Ltd", "Acme Widgets Ltd")]
    [InlineData("Lieferant: Muster GmbH  Kundennr.: 4711", "Muster GmbH")]
    [InlineData("Station: WEMT  Primary Demo: Adults 35+", "WEMT")]
    [InlineData("REMIT TO Sinclair Broadcast Group  Inc", "Sinclair Broadcast Group")]
    public void The_seller_s_label_names_the_seller_on_its_line(string line, string expected)
    {
        var fields = Read(new DocumentBuilder().Line("Faktura nr: F 1234").Line(line).Line("Nabywca: GŁÓWNY URZĄD STATYSTYCZNY").Gap(2)
            .Row((0.5, "Razem:"), (0.85, "316,83"))).Fields;

        Assert.Equal(expected, fields.VendorName?.Value);
    }

    [Theory]
    [InlineData("Nabywca:")]
    [InlineData("Invoice Summary")]
    [InlineData("Hotel Details")]
    [InlineData("Rechnung")]
    [InlineData("Germany")]
    [InlineData("Page")]
    [InlineData("Orders")]
    [InlineData("DUPLICATE")]
    [InlineData("ORIGINAL")]
    public void A_role_heading_title_or_country_line_is_never_the_vendor(string line)
    {
        var fields = Read(new DocumentBuilder().Line(line).Line("Musterweg 1").Line("12345 Musterstadt").Gap(2).Row((0.5, "Total"), (0.85, "10,00"))).Fields;

        Assert.NotEqual(line, fields.VendorName?.Value);
    }

    [Fact]
    public void A_line_of_identifiers_under_a_party_s_label_is_not_its_name()
    {
        var fields = Read(new DocumentBuilder()
            .Row((0.05, "Lieferant"), (0.5, "Rechnungsempfänger"))
            .Row((0.05, "GLN 4333741000005 Lief-Nr: 549910"), (0.5, "GLN 4304171000002"))
            .Row((0.05, "MUSTERLIEFERANT GMBH"), (0.5, "MUSTER-KUNDE GMBH"))
            .Row((0.05, "BAHNHOFSTRASSE 99"), (0.5, "KUNDENWEG 88")).Gap(2).Row((0.5, "Gesamtbetrag"), (0.85, "100,00"))).Fields;

        Assert.Equal("MUSTERLIEFERANT GMBH", fields.VendorName?.Value);
        Assert.Equal("MUSTER-KUNDE GMBH", fields.ReceiverName?.Value);
    }

    [Fact]
    public void A_seller_s_name_broken_before_its_legal_form_is_read_whole_and_a_salutation_is_not_the_buyer()
    {
        var fields = Read(new DocumentBuilder()
            .Line("Käufer/Leistungsempfänger:").Line("Herrn").Line("Max Mustermann").Line("Musterstr. 11").Gap(2)
            .Line("Verkäufer:").Line("MVM Musterhafter").Line("Versicherungsverein Musterstadt a.G.").Line("Musterstr. 12").Gap(2)
            .Row((0.5, "Gesamtbetrag"), (0.85, "59,50"))).Fields;

        Assert.Equal("MVM Musterhafter Versicherungsverein Musterstadt a.G.", fields.VendorName?.Value);
        Assert.Equal("Max Mustermann", fields.ReceiverName?.Value);
    }

    [Fact]
    public void A_buyer_section_s_first_line_with_a_legal_form_is_the_buyer()
    {
        var fields = Read(new DocumentBuilder().Line("Handelsrechnung Nr. 47110815 vom 31.10.2018")
            .Line("Verkäufer:").Row((0.05, "Nummer"), (0.2, ": 12345676")).Line("Rohstoff AG Salzgitter").Line("Marktstr. 153").Gap()
            .Line("Käufer/Leistungsempfänger:").Row((0.05, "Nummer"), (0.2, ": 75969813")).Line("Metallbau Leipzig GmbH & Co. KG").Line("Pappelallee 15").Gap(2)
            .Row((0.5, "Gesamtbetrag"), (0.85, "1.021,91"))).Fields;

        Assert.Equal("Rohstoff AG Salzgitter", fields.VendorName?.Value);
        Assert.Equal("Metallbau Leipzig GmbH & Co. KG", fields.ReceiverName?.Value);
    }
}
