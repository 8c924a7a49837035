using System.Xml.Linq;

namespace InvoiceScanner.EInvoices.Validation;

/// <summary>Reads <see cref="EInvoiceFacts"/> from a CII (D16B) or UBL document, by the business terms' elements.</summary>
internal static class FactsReader
{
    public static EInvoiceFacts FromCii(XElement root, string? specificationId)
    {
        var document = root.Child("ExchangedDocument");
        var transaction = root.Child("SupplyChainTradeTransaction");
        var agreement = transaction.Child("ApplicableHeaderTradeAgreement");
        var settlement = transaction.Child("ApplicableHeaderTradeSettlement");
        var totals = settlement.Child("SpecifiedTradeSettlementHeaderMonetarySummation");
        var seller = agreement.Child("SellerTradeParty");
        var buyer = agreement.Child("BuyerTradeParty");
        var currency = settlement.Child("InvoiceCurrencyCode").Text();
        return new EInvoiceFacts
        {
            SpecificationId = specificationId,
            Number = document.Child("ID").Text(),
            IssueDate = document.At("IssueDateTime", "DateTimeString").Text(),
            TypeCode = document.Child("TypeCode").Text(),
            Currency = currency,
            SellerName = seller.Child("Name").Text(),
            SellerHasAddress = seller.Child("PostalTradeAddress") is not null,
            SellerCountry = seller.At("PostalTradeAddress", "CountryID").Text(),
            SellerVatId = seller.Children("SpecifiedTaxRegistration").Select(r => r.Child("ID"))
                .FirstOrDefault(id => (string?)id?.Attribute("schemeID") == "VA").Text(),
            BuyerName = buyer.Child("Name").Text(),
            BuyerHasAddress = buyer.Child("PostalTradeAddress") is not null,
            BuyerCountry = buyer.At("PostalTradeAddress", "CountryID").Text(),
            LineTotal = Number(totals.Child("LineTotalAmount")),
            AllowanceTotal = Number(totals.Child("AllowanceTotalAmount")),
            ChargeTotal = Number(totals.Child("ChargeTotalAmount")),
            TaxBasisTotal = Number(totals.Child("TaxBasisTotalAmount")),
            TaxTotal = Number(CiiReader.InCurrency(totals.Children("TaxTotalAmount"), currency)),
            GrandTotal = Number(totals.Child("GrandTotalAmount")),
            Prepaid = Number(totals.Child("TotalPrepaidAmount")),
            Rounding = Number(totals.Child("RoundingAmount")),
            DuePayable = Number(totals.Child("DuePayableAmount")),
            LineNetAmounts = transaction.Children("IncludedSupplyChainTradeLineItem").Where(CountsTowardsTotals)
                .Select(l => Number(l.At("SpecifiedLineTradeSettlement", "SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount"))).ToList(),
            Breakdown = settlement.Children("ApplicableTradeTax").Select(t => new VatBreakdown(t.Child("CategoryCode").Text(),
                Number(t.Child("RateApplicablePercent")), Number(t.Child("BasisAmount")), Number(t.Child("CalculatedAmount")))).ToList(),
        };
    }

    public static EInvoiceFacts FromUbl(XElement root, string? specificationId)
    {
        var seller = root.At("AccountingSupplierParty", "Party");
        var buyer = root.At("AccountingCustomerParty", "Party");
        var totals = root.Child("LegalMonetaryTotal");
        var currency = root.Child("DocumentCurrencyCode").Text();
        // The VAT total in the invoice's currency carries the breakdown; a second total may restate it in the VAT
        // accounting currency (BT-111).
        var taxTotal = root.Children("TaxTotal").FirstOrDefault(t => (string?)t.Child("TaxAmount")?.Attribute("currencyID") == currency)
            ?? root.Child("TaxTotal");
        return new EInvoiceFacts
        {
            SpecificationId = specificationId,
            Number = root.Child("ID").Text(),
            IssueDate = root.Child("IssueDate").Text(),
            TypeCode = (root.Child("InvoiceTypeCode") ?? root.Child("CreditNoteTypeCode")).Text(),
            Currency = currency,
            SellerName = seller.At("PartyLegalEntity", "RegistrationName").Text(),
            SellerHasAddress = seller.Child("PostalAddress") is not null,
            SellerCountry = seller.At("PostalAddress", "Country", "IdentificationCode").Text(),
            SellerVatId = seller.Children("PartyTaxScheme").FirstOrDefault(s => s.At("TaxScheme", "ID").Text() == "VAT").Child("CompanyID").Text(),
            BuyerName = buyer.At("PartyLegalEntity", "RegistrationName").Text(),
            BuyerHasAddress = buyer.Child("PostalAddress") is not null,
            BuyerCountry = buyer.At("PostalAddress", "Country", "IdentificationCode").Text(),
            LineTotal = Number(totals.Child("LineExtensionAmount")),
            AllowanceTotal = Number(totals.Child("AllowanceTotalAmount")),
            ChargeTotal = Number(totals.Child("ChargeTotalAmount")),
            TaxBasisTotal = Number(totals.Child("TaxExclusiveAmount")),
            TaxTotal = Number(taxTotal.Child("TaxAmount")),
            GrandTotal = Number(totals.Child("TaxInclusiveAmount")),
            Prepaid = Number(totals.Child("PrepaidAmount")),
            Rounding = Number(totals.Child("PayableRoundingAmount")),
            DuePayable = Number(totals.Child("PayableAmount")),
            LineNetAmounts = root.Elements().Where(e => e.Name.LocalName is "InvoiceLine" or "CreditNoteLine")
                .Select(l => Number(l.Child("LineExtensionAmount"))).ToList(),
            Breakdown = taxTotal.Children("TaxSubtotal").Select(s => new VatBreakdown(s.At("TaxCategory", "ID").Text(),
                Number(s.At("TaxCategory", "Percent")), Number(s.Child("TaxableAmount")), Number(s.Child("TaxAmount")))).ToList(),
        };
    }

    /// <summary>
    /// EXTENDED's sub-invoice lines: a line with a parent (ParentLineID) is included in its parent's amount, and an
    /// INFORMATION line is not charged, so only the other top-level lines add up to the line total (BT-106).
    /// </summary>
    private static bool CountsTowardsTotals(XElement line)
    {
        var document = line.Child("AssociatedDocumentLineDocument");
        return document.Child("ParentLineID").Text() is null && document.Child("LineStatusReasonCode").Text() != "INFORMATION";
    }

    private static decimal? Number(XElement? element) => element.TryDecimal(out var value) ? value : null;
}
