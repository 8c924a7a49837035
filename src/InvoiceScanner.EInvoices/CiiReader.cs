using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Reads a UN/CEFACT Cross Industry Invoice (D16B: ZUGFeRD 2.x, Factur-X, XRechnung CII) or ZUGFeRD 1.0's
/// CrossIndustryDocument, whose elements differ only in a few container names (given here as alternatives).
/// </summary>
internal static class CiiReader
{
    public static (InvoiceFields Fields, IReadOnlyList<LineItem> Lines) Read(XElement root, FieldReader read)
    {
        var document = root.Child("ExchangedDocument") ?? root.Child("HeaderExchangedDocument");
        var transaction = root.Child("SupplyChainTradeTransaction") ?? root.Child("SpecifiedSupplyChainTradeTransaction");
        var agreement = transaction.Child("ApplicableHeaderTradeAgreement") ?? transaction.Child("ApplicableSupplyChainTradeAgreement");
        var settlement = transaction.Child("ApplicableHeaderTradeSettlement") ?? transaction.Child("ApplicableSupplyChainTradeSettlement");
        var totals = settlement.Child("SpecifiedTradeSettlementHeaderMonetarySummation") ?? settlement.Child("SpecifiedTradeSettlementMonetarySummation");
        var terms = settlement.Child("SpecifiedTradePaymentTerms");
        var seller = agreement.Child("SellerTradeParty");
        var buyer = agreement.Child("BuyerTradeParty");
        var currency = settlement.Child("InvoiceCurrencyCode");

        var fields = new InvoiceFields
        {
            VendorName = read.Text(seller.Child("Name")),
            VendorAddress = Address(seller, read),
            VendorPhone = read.Text(seller.At("DefinedTradeContact", "TelephoneUniversalCommunication", "CompleteNumber")),
            VendorTaxId = read.Text(TaxRegistration(seller)),
            ReceiverName = read.Text(buyer.Child("Name")),
            ReceiverAddress = Address(buyer, read),
            InvoiceNumber = read.Text(document.Child("ID")),
            InvoiceDate = read.Date(document.At("IssueDateTime", "DateTimeString")),
            DueDate = read.Date(terms.At("DueDateDateTime", "DateTimeString")),
            PoNumber = read.Text(agreement.At("BuyerOrderReferencedDocument", "IssuerAssignedID") ?? agreement.At("BuyerOrderReferencedDocument", "ID")),
            PaymentTerms = read.Text(terms.Child("Description")),
            Subtotal = read.Amount(totals.Child("LineTotalAmount")),
            Tax = read.Amount(InCurrency(totals.Children("TaxTotalAmount"), currency.Text())),
            Total = read.Amount(totals.Child("GrandTotalAmount")),
            AmountDue = read.Amount(totals.Child("DuePayableAmount")),
            AmountPaid = read.Amount(totals.Child("TotalPrepaidAmount")),
            Discount = read.Amount(totals.Child("AllowanceTotalAmount")),
            Currency = read.Text(currency),
        };
        var lines = transaction.Children("IncludedSupplyChainTradeLineItem").Select(line => Line(line, read)).ToList();
        return (fields, lines);
    }

    private static LineItem Line(XElement line, FieldReader read)
    {
        var product = line.Child("SpecifiedTradeProduct");
        var agreement = line.Child("SpecifiedLineTradeAgreement") ?? line.Child("SpecifiedSupplyChainTradeAgreement");
        var delivery = line.Child("SpecifiedLineTradeDelivery") ?? line.Child("SpecifiedSupplyChainTradeDelivery");
        var settlement = line.Child("SpecifiedLineTradeSettlement") ?? line.Child("SpecifiedSupplyChainTradeSettlement");
        return new LineItem(1)
        {
            Description = read.Text(product.Child("Name")),
            Quantity = read.Amount(delivery.Child("BilledQuantity")),
            UnitPrice = read.Amount(agreement.At("NetPriceProductTradePrice", "ChargeAmount")),
            Amount = read.Amount(settlement.At("SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount")
                ?? settlement.At("SpecifiedTradeSettlementMonetarySummation", "LineTotalAmount")),
            ProductCode = read.Text(product.Child("SellerAssignedID")),
        };
    }

    private static Field<string>? Address(XElement? party, FieldReader read)
    {
        var address = party.Child("PostalTradeAddress");
        return read.Address([address.Child("LineOne"), address.Child("LineTwo"), address.Child("LineThree")],
            address.Child("PostcodeCode"), address.Child("CityName"), address.Child("CountrySubDivisionName"), address.Child("CountryID"));
    }

    /// <summary>The VAT id (scheme VA, BT-31/BT-48), else the local tax number (scheme FC, BT-32).</summary>
    private static XElement? TaxRegistration(XElement? party)
    {
        var ids = party.Children("SpecifiedTaxRegistration").Select(r => r.Child("ID")).OfType<XElement>().ToList();
        return ids.FirstOrDefault(id => (string?)id.Attribute("schemeID") == "VA") ?? ids.FirstOrDefault(id => (string?)id.Attribute("schemeID") == "FC");
    }

    /// <summary>The tax total in the invoice's currency (a second one may state it in the VAT accounting currency).</summary>
    internal static XElement? InCurrency(IEnumerable<XElement> amounts, string? currency)
    {
        var all = amounts.ToList();
        return all.FirstOrDefault(a => (string?)a.Attribute("currencyID") == currency) ?? all.FirstOrDefault();
    }
}
