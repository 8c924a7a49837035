using System.Globalization;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices.Validation;

/// <summary>
/// The EN 16931 business rules that decide money and identity, each broken one reported as a review reason whose
/// code is the rule id. Profile-aware: MINIMUM carries no lines, no sum of line amounts and no buyer address; BASIC WL
/// carries no lines.
/// </summary>
internal static class En16931Rules
{
    public static IReadOnlyList<ReviewReason> Check(EInvoiceFacts f, string? profileName)
    {
        var broken = new List<ReviewReason>();
        void Require(string rule, bool present, string what, string? field = null)
        {
            if (!present)
                broken.Add(new ReviewReason(rule, $"{rule}: the invoice must have {what}.", field));
        }

        var minimum = profileName == "MINIMUM";
        var withoutLines = minimum || profileName == "BASIC WL";
        Require("BR-01", f.SpecificationId is not null, "a specification identifier (BT-24)");
        Require("BR-02", f.Number is not null, "an invoice number (BT-1)", FieldNames.InvoiceNumber);
        Require("BR-03", f.IssueDate is not null, "an issue date (BT-2)", FieldNames.InvoiceDate);
        Require("BR-04", f.TypeCode is not null, "an invoice type code (BT-3)");
        Require("BR-05", f.Currency is not null, "an invoice currency code (BT-5)", FieldNames.Currency);
        Require("BR-06", f.SellerName is not null, "the seller's name (BT-27)", FieldNames.VendorName);
        Require("BR-07", f.BuyerName is not null, "the buyer's name (BT-44)", FieldNames.ReceiverName);
        Require("BR-08", f.SellerHasAddress, "the seller's postal address (BG-5)", FieldNames.VendorAddress);
        Require("BR-09", f.SellerCountry is not null, "the seller's country code (BT-40)", FieldNames.VendorAddress);
        if (!minimum)
        {
            Require("BR-10", f.BuyerHasAddress, "the buyer's postal address (BG-8)", FieldNames.ReceiverAddress);
            Require("BR-11", f.BuyerCountry is not null, "the buyer's country code (BT-55)", FieldNames.ReceiverAddress);
            Require("BR-12", f.LineTotal is not null, "the sum of invoice line net amounts (BT-106)", FieldNames.Subtotal);
        }
        Require("BR-13", f.TaxBasisTotal is not null, "the invoice total without VAT (BT-109)");
        Require("BR-14", f.GrandTotal is not null, "the invoice total with VAT (BT-112)", FieldNames.Total);
        Require("BR-15", f.DuePayable is not null, "the amount due for payment (BT-115)", FieldNames.AmountDue);
        if (!withoutLines)
            Require("BR-16", f.LineNetAmounts.Count > 0, "at least one invoice line (BG-25)");

        broken.AddRange(Arithmetic(f, withoutLines));
        if (f.SellerVatId is { } vatId && !VatIdShape.HasCountryPrefix(vatId))
            broken.Add(new ReviewReason("BR-CO-09", $"BR-CO-09: the seller's VAT identifier '{vatId}' does not start with a country code (ISO 3166-1 alpha-2).", FieldNames.VendorTaxId));
        return broken;
    }

    private static IEnumerable<ReviewReason> Arithmetic(EInvoiceFacts f, bool withoutLines)
    {
        if (!withoutLines && f.LineTotal is { } lineTotal && f.LineNetAmounts.Count > 0 && f.LineNetAmounts.All(a => a is not null)
            && f.LineNetAmounts.Sum(a => a!.Value) is var sum && sum != lineTotal)
            yield return Mismatch("BR-CO-10", "the sum of invoice line net amounts (BT-106)", lineTotal, "the sum of the lines' net amounts (BT-131)", sum, FieldNames.Subtotal);
        if (f.LineTotal is { } lines && f.TaxBasisTotal is { } basis && lines - (f.AllowanceTotal ?? 0) + (f.ChargeTotal ?? 0) is var expectedBasis && basis != expectedBasis)
            yield return Mismatch("BR-CO-13", "the total without VAT (BT-109)", basis, "line total − allowances + charges (BT-106 − BT-107 + BT-108)", expectedBasis, null);
        if (f.TaxTotal is { } tax && f.Breakdown.Count > 0 && f.Breakdown.All(b => b.Amount is not null) && f.Breakdown.Sum(b => b.Amount!.Value) is var breakdownSum && tax != breakdownSum)
            yield return Mismatch("BR-CO-14", "the VAT total (BT-110)", tax, "the sum of the VAT breakdown amounts (BT-117)", breakdownSum, FieldNames.Tax);
        if (f.GrandTotal is { } grand && f.TaxBasisTotal is { } taxBasis && taxBasis + (f.TaxTotal ?? 0) is var expectedGrand && grand != expectedGrand)
            yield return Mismatch("BR-CO-15", "the total with VAT (BT-112)", grand, "total without VAT + VAT total (BT-109 + BT-110)", expectedGrand, FieldNames.Total);
        if (f.DuePayable is { } due && f.GrandTotal is { } total && total - (f.Prepaid ?? 0) + (f.Rounding ?? 0) is var expectedDue && due != expectedDue)
            yield return Mismatch("BR-CO-16", "the amount due (BT-115)", due, "total with VAT − paid + rounding (BT-112 − BT-113 + BT-114)", expectedDue, FieldNames.AmountDue);
        foreach (var row in f.Breakdown)
        {
            if (row is { Basis: { } b, Rate: { } rate, Amount: { } amount } && Cents(amount) != Cents(b * rate / 100))
                yield return Mismatch("BR-CO-17", $"the VAT amount of category {row.Category} at {Text(rate)} % (BT-117)", amount, "its basis × rate, rounded to cents (BT-116 × BT-119 / 100)", Cents(b * rate / 100) / 100m, FieldNames.Tax);
        }
    }

    /// <summary>Cents as XPath's round() gives them (half toward positive infinity), as the standard's own checks do.</summary>
    private static decimal Cents(decimal amount) => Math.Floor(amount * 100 + 0.5m);

    private static ReviewReason Mismatch(string rule, string what, decimal stated, string expectedWhat, decimal expected, string? field) =>
        new(rule, $"{rule}: {what} is {Text(stated)}, but {expectedWhat} is {Text(expected)}.", field);

    private static string Text(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
