using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Business-invoice tables and references: item amounts found by the net they add up to when no header reading
/// understands the table, a due date under its column header, order references in several languages.
/// </summary>
public sealed class BusinessTableTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    // The layout of FeRD's sample invoices: each item's amount on the line under its description, under a compound
    // header ("Nettobetrag") that no header word matches.
    private static DocumentBuilder ItemsUnderTheirDescriptions(string net, string tax, string gross) => new DocumentBuilder()
        .Line("Lieferant GmbH").Line("Rechnung Nr. 4711").Gap(2)
        .Row((0.05, "Pos"), (0.2, "Beschreibung"), (0.55, "Nettopreis"), (0.68, "Menge"), (0.85, "Nettobetrag"))
        .Row((0.05, "1"), (0.2, "Trennblätter A4"), (0.55, "9,9000"), (0.68, "20 Stk"))
        .Row((0.85, "198,00"))
        .Row((0.05, "2"), (0.2, "Joghurt Banane"), (0.55, "5,5000"), (0.68, "50 Stk"))
        .Row((0.85, "275,00"))
        .Gap(2)
        .Row((0.5, "Rechnungssumme ohne USt."), (0.85, net))
        .Row((0.5, "Steuerbetrag"), (0.85, tax))
        .Row((0.5, "Bruttosumme"), (0.85, gross));

    [Fact]
    public void Items_whose_amounts_add_up_to_the_net_are_read_from_that_column_with_the_rows_above_them()
    {
        var result = Read(ItemsUnderTheirDescriptions("473,00", "56,87", "529,87"));

        Assert.Equal([198.00m, 275.00m], result.LineItems.Select(i => i.Amount?.Value));
        Assert.Equal(["Trennblätter A4", "Joghurt Banane"], result.LineItems.Select(i => i.Description?.Value));
        Assert.Equal([20m, 50m], result.LineItems.Select(i => i.Quantity?.Value));
        Assert.Equal([9.9m, 5.5m], result.LineItems.Select(i => i.UnitPrice?.Value));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.LineItemsMismatch);
    }

    [Fact]
    public void A_column_that_adds_up_to_nothing_on_the_document_is_not_taken()
    {
        var result = Read(ItemsUnderTheirDescriptions("500,00", "95,00", "595,00"));

        Assert.DoesNotContain(result.LineItems, i => i.Amount?.Value is 198.00m or 275.00m);
    }

    [Fact]
    public void A_date_under_a_due_date_column_header_is_the_due_date_though_words_precede_it_on_its_row()
    {
        var fields = Read(new DocumentBuilder().Line("Verkehrsbetriebe GmbH").Line("Rechnung Nr. 4711 vom 20.09.2018").Gap(2)
            .Row((0.5, "Bruttosumme"), (0.85, "9,00")).Gap(2)
            .Row((0.05, "Beschreibung"), (0.7, "Fälligkeit"))
            .Row((0.05, "Zahlbar ohne Abzug."), (0.7, "03.10.2018"))).Fields;

        Assert.Equal(new DateOnly(2018, 9, 20), fields.InvoiceDate?.Value);
        Assert.Equal(new DateOnly(2018, 10, 3), fields.DueDate?.Value);
    }

    [Theory]
    [InlineData("Bestellung:")]
    [InlineData("Bestell-Nr :")]
    [InlineData("Bestellnummer")]
    [InlineData("N° de commande :")]
    [InlineData("Bon de commande")]
    [InlineData("Bestelnummer:")]
    [InlineData("Nº pedido:")]
    [InlineData("Numero ordine")]
    [InlineData("Nota de encomenda")]
    [InlineData("Your order ref:")]
    public void The_buyer_s_order_reference_is_the_po_number_in_each_language(string label)
    {
        var fields = Read(new DocumentBuilder().Line("Lieferant GmbH").Line("Rechnung Nr. 4711").Row((0.05, label), (0.4, "B123456789")).Gap(2)
            .Row((0.5, "Bruttosumme"), (0.85, "100,00"))).Fields;

        Assert.Equal("B123456789", fields.PoNumber?.Value);
        Assert.Equal("4711", fields.InvoiceNumber?.Value);
    }

    [Theory]
    [InlineData("4365857", "4365857")]
    [InlineData("12-34-5678", "12-34-5678")]
    [InlineData("2", null)]
    [InlineData("06t07t20", null)]
    [InlineData("05/26/20", null)]
    public void Under_a_contract_heading_only_a_number_shaped_value_is_the_document_number(string value, string? expected)
    {
        var fields = Read(new DocumentBuilder().Line("WXYZ-TV").Row((0.4, "CONTRACT")).Row((0.6, "Contract / Revision")).Row((0.6, value)).Gap(2)
            .Row((0.5, "Gross Total"), (0.85, "$1,200.00"))).Fields;

        Assert.Equal(expected, fields.InvoiceNumber?.Value);
    }

    [Theory]
    [InlineData("Umsatzsteueraufschlüsselung")]
    [InlineData("VAT summary")]
    [InlineData("Récapitulatif TVA")]
    public void The_vat_breakdown_is_not_part_of_the_item_table(string heading)
    {
        var result = Read(new DocumentBuilder().Line("Lieferant GmbH").Line("Rechnung Nr. 4711").Gap(2)
            .Row((0.05, "Description"), (0.6, "Qty"), (0.85, "Amount"))
            .Row((0.05, "Toolbox Stahlcoil"), (0.6, "10"), (0.85, "1.000,00"))
            .Row((0.05, "Stoßfänger"), (0.6, "10"), (0.85, "1.000,00")).Gap()
            .Line(heading)
            .Row((0.05, "für die Lieferung"), (0.6, "2.000,00"), (0.75, "0"), (0.85, "0,00")).Gap()
            .Row((0.5, "Gesamtbetrag"), (0.85, "2.000,00")));

        Assert.Equal([1000.00m, 1000.00m], result.LineItems.Select(i => i.Amount?.Value));
    }

    [Fact]
    public void Item_rows_under_a_net_amount_heading_are_items_and_rows_above_the_table_are_not()
    {
        var result = Read(new DocumentBuilder()
            .Row((0.11, "Rechnungsstandard:"), (0.44, "Factur-x 1.0 Profil EXTENDED"))
            .Row((0.11, "Handelsrechnung (380) Nr. 471102 vom 05.06.2025"))
            .Row((0.11, "Inhalt"), (0.2, "ZUGFeRD vers 2.4.0 Extended")).Gap()
            .Row((0.11, "Pos"), (0.31, "Beschreibung"), (0.47, "Nettopreis"), (0.58, "Menge Einheit"), (0.77, "Steuersatz"), (0.85, "Nettobetrag"))
            .Row((0.11, "0"), (0.31, "Physiotherapie"), (0.49, "26,00"), (0.6, "10 Stk"), (0.8, "0%"), (0.88, "260,00"))
            .Row((0.31, "• Beschreibung: Behandlungen vom 05.09.2025"))
            .Row((0.11, "1"), (0.31, "Hausbesuch"), (0.49, "12,00"), (0.6, "10 Stk"), (0.8, "0%"), (0.88, "120,00"))
            .Line("Umsatzsteueraufschlüsselung").Gap()
            .Row((0.38, "Positionssumme"), (0.87, "380,00"))
            .Row((0.38, "Rechnungssumme ohne USt."), (0.87, "380,00"))
            .Row((0.38, "Steuerbetrag in EUR"), (0.87, "0,00"))
            .Row((0.38, "Bruttosumme"), (0.87, "380,00")));

        Assert.Equal([260.00m, 120.00m], result.LineItems.Select(i => i.Amount?.Value));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.LineItemsMismatch);
    }

    [Fact]
    public void An_allowance_printed_with_its_minus_apart_is_read_as_the_documents_allowance()
    {
        var result = Read(new DocumentBuilder().Line("LE FOURNISSEUR").Row((0.5, "FACTURE N° :"), (0.77, "F20220027")).Gap(2)
            .Row((0.07, "Ligne"), (0.2, "DESIGNATION"), (0.5, "P.U. HT"), (0.65, "Qté"), (0.8, "TOTAL HT"), (0.89, "TVA"))
            .Row((0.08, "1"), (0.2, "PRESTATION SUPPORT"), (0.54, "60,00"), (0.67, "1,00"), (0.83, "60,00"), (0.88, "20,00%"))
            .Row((0.08, "2"), (0.2, "FOURNITURES DIVERSES"), (0.54, "10,00"), (0.67, "3,00"), (0.83, "30,00"), (0.88, "20,00%"))
            .Row((0.2, "REMISE : REMISE COMMERCIALE"), (0.83, "- 5,00"), (0.88, "20,00%"))
            .Row((0.2, "CHARGE : FRAIS DEPLACEMENT"), (0.83, "15,00"), (0.88, "20,00%")).Gap(2)
            .Row((0.6, "TOTAL HT"), (0.87, "100,00"))
            .Row((0.6, "TOTAL TVA"), (0.87, "20,00"))
            .Row((0.6, "TOTAL TTC"), (0.87, "120,00")));

        // "- 5,00" is an allowance of 5 (BT-107), not a line; the lines' sum is the subtotal.
        Assert.Equal((5.00m, 15.00m), (result.Fields.Discount?.Value, result.Fields.ChargeTotal?.Value));
        Assert.Equal([60.00m, 30.00m], result.LineItems.Select(i => i.Amount?.Value));
        Assert.Equal((90.00m, 100.00m), (result.Fields.Subtotal?.Value, result.Fields.TaxBasis?.Value));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code is ReviewCodes.LineItemsMismatch or ReviewCodes.TotalMismatch);
    }
}
