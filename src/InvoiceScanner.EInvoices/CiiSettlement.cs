using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// What a CII or ZUGFeRD 1.0 invoice's header settlement says beyond its totals: how to pay (BG-16), the VAT breakdown
/// (BG-23) and the document-level allowances and charges (BG-20, BG-21).
/// </summary>
internal static class CiiSettlement
{
    public static InvoiceFields Payment(InvoiceFields fields, XElement? settlement, FieldReader read)
    {
        // The payment means that names the payee's account (an invoice may list others, e.g. a card, first).
        var all = settlement.Children("SpecifiedTradeSettlementPaymentMeans").ToList();
        var means = all.FirstOrDefault(m => m.Child("PayeePartyCreditorFinancialAccount") is not null) ?? all.FirstOrDefault();
        var account = means.Child("PayeePartyCreditorFinancialAccount");
        return fields with
        {
            PaymentMeansCode = read.Text(means.Child("TypeCode")),
            Iban = read.Text(account.Child("IBANID") ?? account.Child("ProprietaryID")),
            AccountHolder = read.Text(account.Child("AccountName")),
            Bic = read.Text(means.At("PayeeSpecifiedCreditorFinancialInstitution", "BICID")),
            MandateReference = read.Text(settlement.Children("SpecifiedTradePaymentTerms").Select(t => t.Child("DirectDebitMandateID"))
                .FirstOrDefault(id => id.Text() is not null)),
            RemittanceInformation = read.Text(settlement.Child("PaymentReference")),
        };
    }

    public static IReadOnlyList<TaxSubtotal> TaxBreakdown(XElement? settlement, FieldReader read) =>
        settlement.Children("ApplicableTradeTax").Select(tax => new TaxSubtotal
        {
            Category = read.Text(tax.Child("CategoryCode")),
            Rate = read.Amount(CiiReader.Rate(tax)),
            Basis = read.Amount(tax.Child("BasisAmount")),
            Amount = read.Amount(tax.Child("CalculatedAmount")),
            ExemptionReason = read.Text(tax.Child("ExemptionReason")),
            ExemptionCode = read.Text(tax.Child("ExemptionReasonCode")),
        }).ToList();

    /// <summary>
    /// The allowances and charges (SpecifiedTradeAllowanceCharge), then the logistics service charges (freight,
    /// packing: SpecifiedLogisticsServiceCharge, ZUGFeRD 1.0 and EXTENDED), which count into the charge total.
    /// </summary>
    public static IReadOnlyList<AllowanceCharge> AllowancesCharges(XElement? settlement, FieldReader read)
    {
        var stated = settlement.Children("SpecifiedTradeAllowanceCharge").Select(item => new AllowanceCharge(IsCharge(item))
        {
            Amount = read.Amount(item.Child("ActualAmount")),
            Basis = read.Amount(item.Child("BasisAmount")),
            Percent = read.Amount(item.Child("CalculationPercent")),
            Reason = read.Text(item.Child("Reason")),
            ReasonCode = read.Text(item.Child("ReasonCode")),
            TaxCategory = read.Text(item.At("CategoryTradeTax", "CategoryCode")),
            TaxRate = read.Amount(CiiReader.Rate(item.Child("CategoryTradeTax"))),
        });
        var logistics = settlement.Children("SpecifiedLogisticsServiceCharge").Select(item => new AllowanceCharge(IsCharge: true)
        {
            Amount = read.Amount(item.Child("AppliedAmount")),
            Reason = read.Text(item.Child("Description")),
            TaxCategory = read.Text(item.At("AppliedTradeTax", "CategoryCode")),
            TaxRate = read.Amount(CiiReader.Rate(item.Child("AppliedTradeTax"))),
        });
        return stated.Concat(logistics).ToList();
    }

    private static bool IsCharge(XElement item) =>
        IndicatorIsTrue(item.At("ChargeIndicator", "Indicator") ?? item.Child("ChargeIndicator"));

    /// <summary>An xs:boolean: true or 1.</summary>
    internal static bool IndicatorIsTrue(XElement? indicator) => indicator.Text() is "true" or "1";
}
