using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// What a UBL invoice says beyond its totals: how to pay (PaymentMeans, BG-16), the VAT breakdown (TaxSubtotal, BG-23)
/// and the document-level allowances and charges (AllowanceCharge, BG-20, BG-21).
/// </summary>
internal static class UblSettlement
{
    public static InvoiceFields Payment(InvoiceFields fields, XElement root, FieldReader read)
    {
        // The payment means that names the payee's account (an invoice may list others, e.g. a card, first).
        var all = root.Children("PaymentMeans").ToList();
        var means = all.FirstOrDefault(m => m.Child("PayeeFinancialAccount") is not null) ?? all.FirstOrDefault();
        var account = means.Child("PayeeFinancialAccount");
        return fields with
        {
            PaymentMeansCode = read.Text(means.Child("PaymentMeansCode")),
            Iban = read.Text(account.Child("ID")),
            AccountHolder = read.Text(account.Child("Name")),
            Bic = read.Text(account.At("FinancialInstitutionBranch", "ID")),
            MandateReference = read.Text(all.Select(m => m.At("PaymentMandate", "ID")).FirstOrDefault(id => id.Text() is not null)),
            RemittanceInformation = read.Text(means.Child("PaymentID") ?? all.Select(m => m.Child("PaymentID")).FirstOrDefault(id => id.Text() is not null)),
        };
    }

    /// <summary>The breakdown of the VAT total in the document's currency (another may restate the total in the VAT accounting currency).</summary>
    public static IReadOnlyList<TaxSubtotal> TaxBreakdown(XElement root, FieldReader read)
    {
        var currency = root.Child("DocumentCurrencyCode").Text();
        var totals = root.Children("TaxTotal").Where(t => t.Child("TaxSubtotal") is not null).ToList();
        var total = totals.FirstOrDefault(t => (string?)t.Child("TaxAmount")?.Attribute("currencyID") == currency) ?? totals.FirstOrDefault();
        return total.Children("TaxSubtotal").Select(subtotal =>
        {
            var category = subtotal.Child("TaxCategory");
            return new TaxSubtotal
            {
                Category = read.Text(category.Child("ID")),
                Rate = read.Amount(category.Child("Percent")),
                Basis = read.Amount(subtotal.Child("TaxableAmount")),
                Amount = read.Amount(subtotal.Child("TaxAmount")),
                ExemptionReason = read.Text(category.Child("TaxExemptionReason")),
                ExemptionCode = read.Text(category.Child("TaxExemptionReasonCode")),
            };
        }).ToList();
    }

    public static IReadOnlyList<AllowanceCharge> AllowancesCharges(XElement root, FieldReader read) =>
        root.Children("AllowanceCharge").Select(item => new AllowanceCharge(CiiSettlement.IndicatorIsTrue(item.Child("ChargeIndicator")))
        {
            Amount = read.Amount(item.Child("Amount")),
            Basis = read.Amount(item.Child("BaseAmount")),
            Percent = read.Amount(item.Child("MultiplierFactorNumeric")),
            Reason = read.Text(item.Child("AllowanceChargeReason")),
            ReasonCode = read.Text(item.Child("AllowanceChargeReasonCode")),
            TaxCategory = read.Text(item.At("TaxCategory", "ID")),
            TaxRate = read.Amount(item.At("TaxCategory", "Percent")),
        }).ToList();
}
