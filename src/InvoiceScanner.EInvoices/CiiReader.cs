using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Reads a UN/CEFACT Cross Industry Invoice (D16B: ZUGFeRD 2.x, Factur-X, XRechnung CII) or ZUGFeRD 1.0's
/// CrossIndustryDocument, whose elements differ only in a few container names (given here as alternatives). The parties
/// are read by <see cref="CiiParties"/>, payment, VAT breakdown and allowances by <see cref="CiiSettlement"/>.
/// </summary>
internal static class CiiReader
{
    public static EInvoiceContent Read(XElement root, FieldReader read)
    {
        var transaction = root.Child("SupplyChainTradeTransaction") ?? root.Child("SpecifiedSupplyChainTradeTransaction");
        var agreement = transaction.Child("ApplicableHeaderTradeAgreement") ?? transaction.Child("ApplicableSupplyChainTradeAgreement");
        var settlement = transaction.Child("ApplicableHeaderTradeSettlement") ?? transaction.Child("ApplicableSupplyChainTradeSettlement");

        var fields = Header(root, transaction, agreement, settlement, read);
        fields = CiiParties.Read(fields, agreement, read);
        fields = CiiSettlement.Payment(fields, settlement, read);
        var lines = transaction.Children("IncludedSupplyChainTradeLineItem").Select(line => Line(line, read)).ToList();
        return new EInvoiceContent(fields, lines)
        {
            TaxBreakdown = CiiSettlement.TaxBreakdown(settlement, read),
            AllowancesCharges = CiiSettlement.AllowancesCharges(settlement, read),
        };
    }

    /// <summary>The document's own data: number, kind, dates, notes, references and totals.</summary>
    private static InvoiceFields Header(XElement root, XElement? transaction, XElement? agreement, XElement? settlement, FieldReader read)
    {
        var document = root.Child("ExchangedDocument") ?? root.Child("HeaderExchangedDocument");
        var delivery = transaction.Child("ApplicableHeaderTradeDelivery") ?? transaction.Child("ApplicableSupplyChainTradeDelivery");
        var totals = settlement.Child("SpecifiedTradeSettlementHeaderMonetarySummation") ?? settlement.Child("SpecifiedTradeSettlementMonetarySummation");
        var terms = settlement.Child("SpecifiedTradePaymentTerms");
        var period = settlement.Child("BillingSpecifiedPeriod");
        var currency = settlement.Child("InvoiceCurrencyCode");
        return new InvoiceFields
        {
            InvoiceNumber = read.Text(document.Child("ID")),
            DocumentType = read.Code(document.Child("TypeCode"), DocumentTypes.Describe),
            InvoiceDate = read.Date(document.At("IssueDateTime", "DateTimeString")),
            DueDate = read.Date(terms.At("DueDateDateTime", "DateTimeString")),
            DeliveryDate = read.Date(delivery.At("ActualDeliverySupplyChainEvent", "OccurrenceDateTime", "DateTimeString")),
            ServicePeriodStart = read.PeriodBound(period.At("StartDateTime", "DateTimeString"), end: false),
            ServicePeriodEnd = read.PeriodBound(period.At("EndDateTime", "DateTimeString"), end: true),
            Note = read.Joined(document.Children("IncludedNote").Select(n => n.Child("Content")), "\n"),
            PoNumber = read.Text(Reference(agreement, "BuyerOrderReferencedDocument")),
            BuyerReference = read.Text(agreement.Child("BuyerReference")),
            ContractReference = read.Text(Reference(agreement, "ContractReferencedDocument")),
            ProjectReference = read.Text(agreement.At("SpecifiedProcuringProject", "ID")),
            PrecedingInvoice = read.Text(Reference(settlement, "InvoiceReferencedDocument")),
            PaymentTerms = read.Text(terms.Child("Description")),
            Subtotal = read.Amount(totals.Child("LineTotalAmount")),
            AllowanceTotal = read.Amount(totals.Child("AllowanceTotalAmount")),
            ChargeTotal = read.Amount(totals.Child("ChargeTotalAmount")),
            TaxBasis = read.Amount(totals.Child("TaxBasisTotalAmount")),
            Tax = read.Amount(InCurrency(totals.Children("TaxTotalAmount"), currency.Text())),
            Rounding = read.Amount(totals.Child("RoundingAmount")),
            Total = read.Amount(totals.Child("GrandTotalAmount")),
            AmountPaid = read.Amount(totals.Child("TotalPrepaidAmount")),
            AmountDue = read.Amount(totals.Child("DuePayableAmount")),
            Discount = read.Amount(totals.Child("AllowanceTotalAmount")),
            Currency = read.Text(currency),
        };
    }

    /// <summary>A referenced document's id: IssuerAssignedID in D16B, ID in ZUGFeRD 1.0.</summary>
    private static XElement? Reference(XElement? parent, string document) =>
        parent.At(document, "IssuerAssignedID") ?? parent.At(document, "ID");

    private static LineItem Line(XElement line, FieldReader read)
    {
        var document = line.Child("AssociatedDocumentLineDocument");
        var product = line.Child("SpecifiedTradeProduct");
        var agreement = line.Child("SpecifiedLineTradeAgreement") ?? line.Child("SpecifiedSupplyChainTradeAgreement");
        var delivery = line.Child("SpecifiedLineTradeDelivery") ?? line.Child("SpecifiedSupplyChainTradeDelivery");
        var settlement = line.Child("SpecifiedLineTradeSettlement") ?? line.Child("SpecifiedSupplyChainTradeSettlement");
        var tax = settlement.Child("ApplicableTradeTax");
        var period = settlement.Child("BillingSpecifiedPeriod");
        return new LineItem(1)
        {
            LineId = read.Text(document.Child("LineID")),
            Description = read.Text(product.Child("Name")),
            Quantity = read.Amount(delivery.Child("BilledQuantity")),
            UnitCode = read.Attribute(delivery.Child("BilledQuantity"), "unitCode"),
            UnitPrice = read.Amount(agreement.At("NetPriceProductTradePrice", "ChargeAmount")),
            GrossPrice = read.Amount(agreement.At("GrossPriceProductTradePrice", "ChargeAmount")),
            Amount = read.Amount(settlement.At("SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount")
                ?? settlement.At("SpecifiedTradeSettlementMonetarySummation", "LineTotalAmount")),
            TaxCategory = read.Text(tax.Child("CategoryCode")),
            TaxRate = read.Amount(Rate(tax)),
            ProductCode = read.Text(product.Child("SellerAssignedID")),
            BuyerItemId = read.Text(product.Child("BuyerAssignedID")),
            Note = read.Joined(document.Children("IncludedNote").Select(n => n.Child("Content")), "\n"),
            PeriodStart = read.PeriodBound(period.At("StartDateTime", "DateTimeString"), end: false),
            PeriodEnd = read.PeriodBound(period.At("EndDateTime", "DateTimeString"), end: true),
        };
    }

    /// <summary>A trade tax's rate: RateApplicablePercent in D16B, ApplicablePercent in ZUGFeRD 1.0.</summary>
    internal static XElement? Rate(XElement? tax) => tax.Child("RateApplicablePercent") ?? tax.Child("ApplicablePercent");

    /// <summary>The tax total in the invoice's currency (a second one may state it in the VAT accounting currency).</summary>
    internal static XElement? InCurrency(IEnumerable<XElement> amounts, string? currency)
    {
        var all = amounts.ToList();
        return all.FirstOrDefault(a => (string?)a.Attribute("currencyID") == currency) ?? all.FirstOrDefault();
    }
}
