using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Layouts of the French and German e-invoice renderings: a letterhead block closed by the seller's identifiers under a
/// logo's caption, a client-address heading over a contact line, a form whose label column stands far from its values,
/// a totals table whose headings sit beside a paragraph, identifiers and page numbers that only look like amounts.
/// </summary>
public sealed class LetterheadAndFormTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    /// <summary>The first page of a French invoice: seller block left, client block right, the legal footer naming the company otherwise.</summary>
    private static DocumentBuilder FrenchLetterhead() => new DocumentBuilder()
        .Row((0.5, "FACTURE N° :"), (0.77, "F20220025"))
        .Row((0.07, "LOGO LE FOURNISSEUR"))
        .Row((0.5, "Date :"), (0.78, "31/01/2022"))
        .Row((0.07, "SELLER TRADE NAME"), (0.5, "Adresse du Client"))
        .Row((0.07, "LE FOURNISSEUR"), (0.51, "Buyer contact name, Buyer dep"))
        .Row((0.07, "35 rue d'ici, Seller line 2"))
        .Row((0.51, "LE CLIENT"))
        .Row((0.07, "75018 PARIS, FR"), (0.51, "58 rue de la mer"))
        .Row((0.07, "EMAIL : moi@seller.com"), (0.51, "Buyer line 2"))
        .Row((0.07, "SIREN / SIRET : 123 456 782"), (0.51, "06000 NICE, FR"))
        .Row((0.07, "N° TVA : FR 11 123 456 782"))
        .Row((0.51, "N° TVA : FR 05 987 654 321"))
        .Gap(2)
        .Row((0.31, "FOURNISSEUR F SARL au capital de 50 000 EUR - RCS MAVILLE 123 456 782"))
        .Row((0.21, "35 ma rue a moi – N° TVA : FR32 123 456 789"), (0.86, "Page 1 / 1"));

    [Fact]
    public void The_seller_is_the_line_over_its_address_in_the_block_its_identifiers_close()
    {
        var fields = Read(FrenchLetterhead()).Fields;

        // Not the logo's caption, not the trade name above it, not the legal footer's form of the name.
        Assert.Equal("LE FOURNISSEUR", fields.VendorName?.Value);
        Assert.Equal("FR 11 123 456 782", fields.VendorTaxId?.Value);
    }

    [Fact]
    public void A_client_address_heading_names_the_buyer_past_its_contact_line()
    {
        var fields = Read(FrenchLetterhead()).Fields;

        // "Buyer line 2" goes on in lower case: a phrase, not a buyer's label.
        Assert.Equal("LE CLIENT", fields.ReceiverName?.Value);
    }

    [Theory]
    [InlineData("N° TVA : FR 05 987 654 ", AmountRole.Reference)]
    [InlineData("TVA :FR ", AmountRole.Reference)]
    [InlineData("USt-IdNr. DE ", AmountRole.Reference)]
    [InlineData("Page 1 / ", AmountRole.Reference)]
    [InlineData("Seite 2 von ", AmountRole.Reference)]
    [InlineData("Base TVA", AmountRole.Reference)]
    [InlineData("Bemessungsgrundlage", AmountRole.Reference)]
    // A media buy's cost per rating point or per thousand, however "total" its label reads.
    [InlineData("Service: Nielsen  Total CPP:", AmountRole.Reference)]
    [InlineData("Total CPM $", AmountRole.Reference)]
    [InlineData("Cost per point", AmountRole.Reference)]
    [InlineData("Market: Abilene  Total $:", AmountRole.Total)]
    // A count of airings right before its number; money after a sentence that mentions spots stays money.
    [InlineData("Total Spots", AmountRole.Quantity)]
    [InlineData("# of Spots:", AmountRole.Quantity)]
    [InlineData("Total 22 Spots for:", AmountRole.Total)]
    [InlineData("Montant TVA", AmountRole.Tax)]
    [InlineData("TVA 20 %", AmountRole.Tax)]
    // A receipt's currency after the tax word is no country prefix.
    [InlineData("TOTAL INCL. GST:RM", AmountRole.Total)]
    [InlineData("GST:RM", AmountRole.Tax)]
    public void Identifiers_page_numbers_tax_bases_and_rates_per_unit_are_told_from_money_labels(string label, AmountRole expected)
    {
        Assert.Equal(expected, Labels.ClassifyAmountLabel(label).Role);
    }

    [Fact]
    public void Totals_headings_beside_a_paragraph_label_the_values_under_them()
    {
        var fields = Read(new DocumentBuilder().Line("LE FOURNISSEUR").Row((0.5, "FACTURE N° :"), (0.77, "F1")).Gap(4)
            .Row((0.07, "Tout retard de paiement engendre une pénalité"), (0.60, "TOTAL HT"), (0.70, "TOTAL TVA"), (0.82, "TOTAL TTC"))
            .Row((0.07, "base de trois fois le taux légal."))
            .Row((0.07, "Indemnité forfaitaire : 40 €."))
            .Row((0.07, "Pas d'escompte."), (0.61, "100,00"), (0.72, "20,00"), (0.87, "120,00"))
            .Row((0.72, "Acompte :"), (0.88, "20,00"))
            .Row((0.07, "Date d'échéance :"), (0.25, "02/03/2022"), (0.55, "NET A PAYER"), (0.77, "100,00 EUR"))).Fields;

        Assert.Equal((100.00m, 20.00m, 120.00m), (fields.Subtotal?.Value, fields.Tax?.Value, fields.Total?.Value));
        Assert.Equal(100.00m, fields.AmountDue?.Value);
    }

    [Fact]
    public void A_form_s_name_cell_far_from_its_value_names_each_party()
    {
        var fields = Read(new DocumentBuilder()
            .Row((0.11, "Rechnungsstandard:"), (0.44, "Factur-x 1.0 Profil EXTENDED"))
            .Row((0.11, "XML-Eingabedatei:"), (0.44, "ZF_Extended_SubInvoiceLine_Bsp5_wdis.xml"))
            .Row((0.11, "Handelsrechnung (380) Nr. 9099999999 vom 31.08.2026 - RECHNUNG"))
            .Row((0.11, "Bestellung Nr. Kunde:"), (0.51, "4444444444"))
            .Row((0.11, "Verkäufer"))
            .Row((0.11, "Globale Nummer:"), (0.51, "GLN4000000000 (GLN)"))
            .Row((0.11, "Name:"), (0.51, "Lieferant GmbH & Co. KG"))
            .Row((0.11, "Anschrift:"), (0.51, "Lieferanten-Str.12-17"))
            .Row((0.11, "Käufer/Leistungsempfänger"))
            .Row((0.11, "Nummer:"), (0.51, "8888888"))
            .Row((0.11, "Name:"), (0.51, "Unternehmen XYZ GmbH"))
            .Gap(2).Row((0.11, "Bruttosumme"), (0.51, "824,88"))).Fields;

        Assert.Equal("Lieferant GmbH & Co. KG", fields.VendorName?.Value);
        Assert.Equal("Unternehmen XYZ GmbH", fields.ReceiverName?.Value);
        // "…SubInvoiceLine_…" holds no invoice-number label; the order's number is labelled for the customer.
        Assert.Equal("9099999999", fields.InvoiceNumber?.Value);
        Assert.Equal("4444444444", fields.PoNumber?.Value);
    }

    [Theory]
    [InlineData("DATE DE FACTURE ASSOCIÉE :")]
    [InlineData("Datum der Ursprungsrechnung:")]
    [InlineData("Original invoice date:")]
    public void The_date_of_the_invoice_a_credit_note_refers_to_is_not_its_date(string label)
    {
        var fields = Read(new DocumentBuilder().Line("LE FOURNISSEUR").Row((0.5, "AVOIR N° :"), (0.77, "A2022-7"))
            .Row((0.5, "Date :"), (0.77, "31/01/2022")).Gap(2).Row((0.05, label), (0.4, "01/01/2022"))
            .Gap(2).Row((0.5, "Total TTC"), (0.85, "120,00"))).Fields;

        Assert.Equal(new DateOnly(2022, 1, 31), fields.InvoiceDate?.Value);
    }

    [Theory]
    [InlineData("N° CONTRAT :", "CT2018120802")]
    [InlineData("Contract #", "4263696")]
    [InlineData("Vertragsnummer:", "V-2024-17")]
    [InlineData("Numero contratto:", "C77-2023")]
    public void The_contract_an_invoice_is_billed_under_is_its_contract_reference_not_its_number(string label, string contract)
    {
        var fields = Read(new DocumentBuilder().Line("Sinclair Broadcast Group").Line("Invoice No. 7302924")
            .Row((0.05, label), (0.3, contract)).Gap(2).Row((0.5, "Total"), (0.85, "180,00"))).Fields;

        Assert.Equal(contract, fields.ContractReference?.Value);
        Assert.Equal("7302924", fields.InvoiceNumber?.Value);
    }

    /// <summary>
    /// A German insurer's premium invoice: its name over two lines at the top, the legal form on the second; the insured
    /// person in the address window under "Frau"; the agent's office block beside; no party labelled anywhere.
    /// </summary>
    private static DocumentBuilder InsuranceLetter() => new DocumentBuilder()
        .Line("Nordlicht Versicherung")
        .Line("Gegenseitigkeitsverein Kiel a.G.")
        .Gap(2)
        .Row((0.05, "Frau"), (0.6, "Versicherungsbüro"))
        .Row((0.05, "Greta Sommer"), (0.6, "Kontor"))
        .Row((0.05, "Lindenweg 4"), (0.6, "Holstenstr. 9"))
        .Row((0.05, "24103 Kiel"), (0.6, "24103 Kiel"))
        .Gap(3)
        .Row((0.05, "Beitragsrechnung"), (0.6, "12. März 2024"))
        .Gap(2)
        .Row((0.05, "Hausratversicherung"), (0.5, "80,00 €"))
        .Row((0.05, "Versicherungsteuer 19 %"), (0.5, "15,20 €"))
        .Row((0.05, "Rechnungsbeitrag"), (0.5, "95,20 €"));

    [Fact]
    public void A_letter_without_party_labels_names_its_seller_by_the_letterhead_and_its_buyer_by_the_address_window()
    {
        var fields = Read(InsuranceLetter()).Fields;

        Assert.Equal("Nordlicht Versicherung Gegenseitigkeitsverein Kiel a.G.", fields.VendorName?.Value);
        Assert.Equal("Greta Sommer", fields.ReceiverName?.Value);
        // Inferred without a label: prefilled for review, not accepted unseen.
        Assert.True(fields.VendorName!.Confidence < 0.8 && fields.ReceiverName!.Confidence < 0.8);
    }
}
