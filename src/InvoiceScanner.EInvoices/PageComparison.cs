using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Where a hybrid PDF's page says something else than its XML: for the number, dates, seller, totals, currency and IBAN,
/// the page disagrees when it was read, confidently, with another value and the XML's value is printed nowhere on it.
/// A value the page does not show, shows in a form the page reader missed or in part, or was only guessed at, is no
/// disagreement.
/// </summary>
public static class PageComparison
{
    public const string Code = "PDF_XML_MISMATCH";

    public static IReadOnlyList<ReviewReason> Compare(InvoiceFields xml, PrintedValues printed, InvoiceFields page, double confident)
    {
        var reasons = new List<ReviewReason>();
        void Check<T>(string field, string label, Field<T>? fromXml, Field<T>? fromPage, Func<T, T, bool> same, Func<T, bool> isPrinted)
        {
            if (fromXml is null || fromPage is null || fromPage.Confidence < confident || same(fromXml.Value, fromPage.Value) || isPrinted(fromXml.Value))
                return;
            reasons.Add(new ReviewReason(Code,
                $"The page shows '{fromPage.Raw}' as the {label}, which the attached XML states as '{fromXml.Raw}'; the XML governs.", field));
        }

        Check(FieldNames.InvoiceNumber, "invoice number", xml.InvoiceNumber, page.InvoiceNumber, SameOrShortened, printed.HasIdentifier);
        Check(FieldNames.InvoiceDate, "invoice date", xml.InvoiceDate, page.InvoiceDate, (a, b) => a == b, printed.HasDate);
        // A due date worked out from the payment terms' sentence is not one the XML states to compare the page with.
        var statedDue = xml.DueDate is { } due && !due.Flags.Contains(PaymentTermsDueDate.DerivedFlag) ? due : null;
        Check(FieldNames.DueDate, "due date", statedDue, page.DueDate, (a, b) => a == b, printed.HasDate);
        Check(FieldNames.VendorName, "seller", xml.VendorName, page.VendorName,
            (a, b) => TextKey.Compact(a) == TextKey.Compact(b), printed.HasName);
        Check(FieldNames.Total, "total", xml.Total, page.Total, (a, b) => Math.Abs(a) == Math.Abs(b), printed.HasAmount);
        Check(FieldNames.AmountDue, "amount due", xml.AmountDue, page.AmountDue, (a, b) => Math.Abs(a) == Math.Abs(b), printed.HasAmount);
        Check(FieldNames.Currency, "currency", xml.Currency, page.Currency, (a, b) => a == b, printed.HasCurrency);
        // An account to pay printed on the page but not in the XML is how a tampered invoice diverts a payment.
        Check(FieldNames.Iban, "IBAN", xml.Iban, page.Iban, (a, b) => TextKey.Compact(a) == TextKey.Compact(b), printed.HasIdentifier);
        return reasons;
    }

    /// <summary>
    /// The same number, or the page printing its first part ("Nr. 00.123.456.7" of "00.123.456.7-2014-1": a contract
    /// number whose invoices add a suffix); a few characters in common are no evidence either way.
    /// </summary>
    private static bool SameOrShortened(string xml, string page)
    {
        var (a, b) = (TextKey.Compact(xml), TextKey.Compact(page));
        return a == b || (b.Length >= 6 && a.StartsWith(b, StringComparison.Ordinal));
    }
}
