using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>
/// What EN 16931 carries besides the basic field set, read from either syntax: the document's kind, the parties' ids
/// and contacts, delivery and service period, references, totals, payment, notes, line details, the VAT breakdown and
/// the document-level allowances and charges.
/// </summary>
public sealed class FieldSetTests
{
    private static ExtractionResult Sample(string syntax) => EInvoiceReading.Read(syntax == "CII" ? FieldSetSamples.Cii : FieldSetSamples.Ubl);

    [Theory]
    [InlineData("CII")]
    [InlineData("UBL")]
    public void A_credit_note_reads_its_kind_parties_dates_and_references(string syntax)
    {
        var f = Sample(syntax).Fields;

        Assert.Equal(("credit-note", "381"), (f.DocumentType!.Value, f.DocumentType.Raw));
        Assert.Equal("Credit for returned goods.\nThank you.", f.Note!.Value);
        Assert.Equal(("Seller GmbH", "Seller Shop", "DE123456789", "201/113/40209", "HRB 12345"),
            (f.VendorName!.Value, f.VendorTradingName!.Value, f.VendorTaxId!.Value, f.VendorTaxNumber!.Value, f.VendorRegistrationId!.Value));
        // The seller's electronic address is a GLN, not an e-mail address: the contact's e-mail stands in.
        Assert.Equal(("eva@seller.example", "Eva Example"), (f.VendorEmail!.Value, f.VendorContact!.Value));
        Assert.Equal(("Buyer AG", "ATU12345678", "invoices@buyer.example", "Accounts payable"),
            (f.ReceiverName!.Value, f.ReceiverTaxId!.Value, f.ReceiverEmail!.Value, f.ReceiverContact!.Value));
        Assert.Null(f.ReceiverTradingName);
        Assert.Null(f.ReceiverRegistrationId);
        Assert.Equal((new DateOnly(2024, 3, 10), new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31)),
            (f.DeliveryDate!.Value, f.ServicePeriodStart!.Value, f.ServicePeriodEnd!.Value));
        Assert.Equal(("04011000-12345-34", "C-2024-1", "P-9", "R-2024-100"),
            (f.BuyerReference!.Value, f.ContractReference!.Value, f.ProjectReference!.Value, f.PrecedingInvoice!.Value));
    }

    [Theory]
    [InlineData("CII")]
    [InlineData("UBL")]
    public void The_totals_and_the_payee_account_are_read(string syntax)
    {
        var f = Sample(syntax).Fields;

        Assert.Equal((150.00m, 10.00m, 160.00m, 20.90m, 180.90m, 0.10m, 181.00m),
            (f.Subtotal!.Value, f.ChargeTotal!.Value, f.TaxBasis!.Value, f.Tax!.Value, f.Total!.Value, f.Rounding!.Value, f.AmountDue!.Value));
        Assert.Null(f.AllowanceTotal);
        // The direct debit comes first but names only the buyer's account; the transfer names the seller's.
        Assert.Equal(("58", "DE02120300000000202051", "BYLADEM1001", "Seller GmbH"), (f.PaymentMeansCode!.Value, f.Iban!.Value, f.Bic!.Value, f.AccountHolder!.Value));
        Assert.Equal(("MANDATE-42", "GS-7"), (f.MandateReference!.Value, f.RemittanceInformation!.Value));
    }

    [Theory]
    [InlineData("CII")]
    [InlineData("UBL")]
    public void Lines_read_their_id_unit_gross_price_VAT_buyers_id_note_and_period(string syntax)
    {
        var lines = Sample(syntax).LineItems;

        Assert.Equal(2, lines.Count);
        var widget = lines[0];
        Assert.Equal(("10", "Widget", 10m, "H87", 10.00m, 12.00m, 100.00m), (widget.LineId!.Value, widget.Description!.Value, widget.Quantity!.Value,
            widget.UnitCode!.Value, widget.UnitPrice!.Value, widget.GrossPrice!.Value, widget.Amount!.Value));
        Assert.Equal(("S", 19m, "W-1", "B-77", "Returned unopened"),
            (widget.TaxCategory!.Value, widget.TaxRate!.Value, widget.ProductCode!.Value, widget.BuyerItemId!.Value, widget.Note!.Value));
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31)), (widget.PeriodStart!.Value, widget.PeriodEnd!.Value));
        Assert.Equal(("20", "C62", "E", 0m), (lines[1].LineId!.Value, lines[1].UnitCode!.Value, lines[1].TaxCategory!.Value, lines[1].TaxRate!.Value));
        Assert.Null(lines[1].GrossPrice);
    }

    [Theory]
    [InlineData("CII")]
    [InlineData("UBL")]
    public void The_VAT_breakdown_names_the_exemption_and_the_charge_its_reason_and_VAT(string syntax)
    {
        var result = Sample(syntax);

        Assert.Collection(result.TaxBreakdown,
            s => Assert.Equal(("S", 19m, 110.00m, 20.90m, null, null), (s.Category!.Value, s.Rate!.Value, s.Basis!.Value, s.Amount!.Value, s.ExemptionReason, s.ExemptionCode)),
            e => Assert.Equal(("E", 0m, 50.00m, 0.00m, "Exempt: financial services", "VATEX-EU-132-1I"),
                (e.Category!.Value, e.Rate!.Value, e.Basis!.Value, e.Amount!.Value, e.ExemptionReason!.Value, e.ExemptionCode!.Value)));
        var charge = Assert.Single(result.AllowancesCharges);
        Assert.True(charge.IsCharge);
        Assert.Equal((10.00m, 100.00m, 10m, "Freight", "FC", "S", 19m), (charge.Amount!.Value, charge.Basis!.Value, charge.Percent!.Value,
            charge.Reason!.Value, charge.ReasonCode!.Value, charge.TaxCategory!.Value, charge.TaxRate!.Value));
    }

    [Fact]
    public void Each_new_value_is_traced_to_its_element()
    {
        var cii = Sample("CII");
        var ubl = Sample("UBL");
        const string Settlement = "/CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement";

        Assert.Equal([$"einvoice: CII, EN16931: {Settlement}/SpecifiedTradeSettlementPaymentMeans[2]/PayeePartyCreditorFinancialAccount/IBANID"], cii.Fields.Iban!.Trace);
        Assert.Equal([$"einvoice: CII, EN16931: {Settlement}/ApplicableTradeTax[2]/ExemptionReason"], cii.TaxBreakdown[1].ExemptionReason!.Trace);
        Assert.Equal(["einvoice: CII, EN16931: /CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem[1]/SpecifiedLineTradeDelivery/BilledQuantity/@unitCode"],
            cii.LineItems[0].UnitCode!.Trace);
        Assert.Equal(["einvoice: CII, EN16931: /CrossIndustryInvoice/ExchangedDocument/IncludedNote[1]/Content + /CrossIndustryInvoice/ExchangedDocument/IncludedNote[2]/Content"],
            cii.Fields.Note!.Trace);
        Assert.Equal(["einvoice: UBL CreditNote, EN16931: /CreditNote/PaymentMeans[2]/PayeeFinancialAccount/ID"], ubl.Fields.Iban!.Trace);
        Assert.Equal(["einvoice: UBL CreditNote, EN16931: /CreditNote/CreditNoteTypeCode"], ubl.Fields.DocumentType!.Trace);
        // UBL states the price discount, not the gross price: the gross price is the net price plus the discount.
        Assert.Equal("10.00 + 2.00", ubl.LineItems[0].GrossPrice!.Raw);
        Assert.Equal(["einvoice: UBL CreditNote, EN16931: /CreditNote/CreditNoteLine[1]/Price/PriceAmount + /CreditNote/CreditNoteLine[1]/Price/AllowanceCharge/Amount"],
            ubl.LineItems[0].GrossPrice!.Trace);
        // The subject code XRechnung writes in front of a UBL note is the CII note's SubjectCode, not its text.
        Assert.Equal("Credit for returned goods.\n#AAI#Thank you.", ubl.Fields.Note!.Raw);
        Assert.All([cii.Fields.Iban, ubl.Fields.Bic!, cii.Fields.VendorEmail!], f => Assert.Equal(1.0, f.Confidence));
    }

    [Fact]
    public void The_hand_made_credit_note_breaks_no_EN_16931_rule()
    {
        Assert.Empty(Sample("CII").ReviewReasons);
        Assert.Empty(Sample("UBL").ReviewReasons);
    }

    [Theory]
    [InlineData("380", "invoice")]
    [InlineData("751", "invoice")]
    [InlineData("381", "credit-note")]
    [InlineData("384", "corrective")]
    [InlineData("386", "prepayment")]
    [InlineData("389", "self-billed")]
    [InlineData("261", "self-billed-credit-note")]
    [InlineData("326", "partial")]
    [InlineData("875", "partial")]
    [InlineData("876", "partial-final")]
    [InlineData("877", "final")]
    [InlineData("383", "debit-note")]
    [InlineData("999", "other")]
    public void A_type_code_reads_as_the_kind_of_document_it_names(string code, string kind)
    {
        var xml = $"""
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
              <cbc:ID>A-1</cbc:ID><cbc:InvoiceTypeCode>{code}</cbc:InvoiceTypeCode>
            </Invoice>
            """;

        var type = EInvoiceReading.Read(xml).Fields.DocumentType!;

        Assert.Equal((kind, code), (type.Value, type.Raw));
    }

    [Fact]
    public void A_UBL_credit_note_without_a_type_code_is_still_a_credit_note()
    {
        var xml = """
            <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>C-1</cbc:ID></CreditNote>
            """;

        var type = EInvoiceReading.Read(xml).Fields.DocumentType!;

        Assert.Equal(("credit-note", "CreditNote"), (type.Value, type.Raw));
        Assert.Equal(["einvoice: UBL CreditNote: /CreditNote"], type.Trace);
    }

    [Fact]
    public void A_ZUGFeRD_1_invoice_reads_its_rates_references_freight_and_week_periods()
    {
        var xml = """
            <rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
              <rsm:HeaderExchangedDocument><ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:HeaderExchangedDocument>
              <rsm:SpecifiedSupplyChainTradeTransaction>
                <ram:ApplicableSupplyChainTradeAgreement>
                  <ram:ContractReferencedDocument><ram:ID>V88456789</ram:ID></ram:ContractReferencedDocument>
                </ram:ApplicableSupplyChainTradeAgreement>
                <ram:ApplicableSupplyChainTradeSettlement>
                  <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
                  <ram:ApplicableTradeTax>
                    <ram:CalculatedAmount currencyID="EUR">9.06</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
                    <ram:BasisAmount currencyID="EUR">129.37</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>7.00</ram:ApplicablePercent>
                  </ram:ApplicableTradeTax>
                  <ram:BillingSpecifiedPeriod>
                    <ram:StartDateTime><udt:DateTimeString format="610">201309</udt:DateTimeString></ram:StartDateTime>
                    <ram:EndDateTime><udt:DateTimeString format="610">201309</udt:DateTimeString></ram:EndDateTime>
                  </ram:BillingSpecifiedPeriod>
                  <ram:SpecifiedLogisticsServiceCharge>
                    <ram:Description>Versandkosten</ram:Description><ram:AppliedAmount currencyID="EUR">5.80</ram:AppliedAmount>
                    <ram:AppliedTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>7.00</ram:ApplicablePercent></ram:AppliedTradeTax>
                  </ram:SpecifiedLogisticsServiceCharge>
                </ram:ApplicableSupplyChainTradeSettlement>
                <ram:IncludedSupplyChainTradeLineItem>
                  <ram:SpecifiedSupplyChainTradeSettlement>
                    <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>7.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
                    <ram:BillingSpecifiedPeriod>
                      <ram:StartDateTime><udt:DateTimeString format="616">201338</udt:DateTimeString></ram:StartDateTime>
                      <ram:EndDateTime><udt:DateTimeString format="616">201338</udt:DateTimeString></ram:EndDateTime>
                    </ram:BillingSpecifiedPeriod>
                  </ram:SpecifiedSupplyChainTradeSettlement>
                </ram:IncludedSupplyChainTradeLineItem>
              </rsm:SpecifiedSupplyChainTradeTransaction>
            </rsm:CrossIndustryDocument>
            """;

        var result = EInvoiceReading.Read(xml);

        Assert.Empty(result.ReviewReasons);
        Assert.Equal(("V88456789", new DateOnly(2013, 9, 1), new DateOnly(2013, 9, 30)),
            (result.Fields.ContractReference!.Value, result.Fields.ServicePeriodStart!.Value, result.Fields.ServicePeriodEnd!.Value));
        var line = Assert.Single(result.LineItems);
        // ISO week 38 of 2013: Monday 16 to Sunday 22 September.
        Assert.Equal((7.00m, new DateOnly(2013, 9, 16), new DateOnly(2013, 9, 22), "201338"),
            (line.TaxRate!.Value, line.PeriodStart!.Value, line.PeriodEnd!.Value, line.PeriodEnd.Raw));
        var vat = Assert.Single(result.TaxBreakdown);
        Assert.Equal(("S", 7.00m, 129.37m, 9.06m), (vat.Category!.Value, vat.Rate!.Value, vat.Basis!.Value, vat.Amount!.Value));
        var freight = Assert.Single(result.AllowancesCharges);
        Assert.Equal((true, 5.80m, "Versandkosten", "S", 7.00m),
            (freight.IsCharge, freight.Amount!.Value, freight.Reason!.Value, freight.TaxCategory!.Value, freight.TaxRate!.Value));
    }
}
