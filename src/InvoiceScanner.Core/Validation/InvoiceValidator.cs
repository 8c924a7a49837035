using System.Globalization;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Core.Validation;

/// <summary>Review reason codes this engine emits.</summary>
public static class ReviewCodes
{
    public const string TotalMismatch = "TOTAL_MISMATCH";
    public const string LineItemsMismatch = "LINE_ITEMS_MISMATCH";
    public const string LineItemArithmetic = "LINE_ITEM_ARITHMETIC";
    public const string MissingTotal = "MISSING_TOTAL";
    public const string MissingDate = "MISSING_DATE";
    public const string MissingVendor = "MISSING_VENDOR";
    public const string MissingCurrency = "MISSING_CURRENCY";
    public const string MissingBuyer = "MISSING_BUYER";
    public const string MissingNumber = "MISSING_NUMBER";
    public const string LowConfidence = "LOW_CONFIDENCE";
    public const string AmbiguousDate = "AMBIGUOUS_DATE";
    public const string DueBeforeInvoiceDate = "DUE_BEFORE_INVOICE_DATE";
    /// <summary>The same file (SHA-256) was uploaded before by the same user; the reason names that invoice.</summary>
    public const string DuplicateFile = "DUPLICATE_FILE";
    /// <summary>The same vendor's invoice with the same number (and total) was read before; the reason names that invoice.</summary>
    public const string PossibleDuplicate = "POSSIBLE_DUPLICATE";
    /// <summary>
    /// The invoice asks payment to an account its vendor's approved invoices never named: the diverted-payment fraud
    /// (a vendor's mail taken over, "our bank details have changed") until someone confirms it with the vendor.
    /// </summary>
    public const string VendorAccountChanged = "VENDOR_ACCOUNT_CHANGED";
    /// <summary>
    /// The page prints an IBAN whose check digits fail (ISO 13616): a payment to it bounces, so a digit is misprinted or
    /// was misread. A doubt: setting the iban field settles it.
    /// </summary>
    public const string InvalidIban = "INVALID_IBAN";

    /// <summary>
    /// Reasons a person's approval cannot simply accept (it needs an override with a reason): the figures contradict
    /// each other, what booking needs is missing, or it may be paid twice (a duplicate) or to someone else (an account the
    /// vendor never used). Doubts (low confidence, an ambiguous date) are what approval settles.
    /// </summary>
    public static bool Blocks(string code) => BlockingCheck(code) || code is DuplicateFile or PossibleDuplicate or VendorAccountChanged;

    private static bool BlockingCheck(string code) => code is TotalMismatch or LineItemsMismatch or LineItemArithmetic
        or MissingTotal or MissingDate or MissingVendor or MissingCurrency or DueBeforeInvoiceDate;

    /// <summary>Whether <see cref="InvoiceValidator.Validate"/> decides this reason from the fields alone (so a correction re-decides it).</summary>
    public static bool IsCheck(string code) => BlockingCheck(code) || code is MissingBuyer or MissingNumber or AmbiguousDate;
}

/// <summary>
/// Arithmetic and completeness checks: subtotal + tax − discount + charges = total (within rounding), Σ line amounts =
/// subtotal (or total), qty × unit price = amount; key fields present and above the review threshold.
/// </summary>
public static class InvoiceValidator
{
    /// <summary>Cash rounding (e.g. to 0.05) and per-line tax rounding make a few cents of slack normal.</summary>
    public const decimal Tolerance = 0.05m;

    /// <param name="addressed">
    /// The document is addressed to a buyer (it labels one: "Bill to", "Rechnung an", "Advertiser"): a business document,
    /// booked by its number and its buyer (a till receipt has neither). Without them it needs review; the buyer's doubt
    /// does too (the number's confidence is not yet a probability, so it is not asked).
    /// </param>
    public static IReadOnlyList<ReviewReason> Validate(InvoiceFields fields, IReadOnlyList<LineItem> items, ExtractionOptions options, bool addressed = false)
    {
        var reasons = new List<ReviewReason>();

        if (fields.Total is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingTotal, "No total was found.", FieldNames.Total));
        if (fields.InvoiceDate is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingDate, "No invoice date was found.", FieldNames.InvoiceDate));
        if (fields.VendorName is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingVendor, "No vendor name was found.", FieldNames.VendorName));
        if (fields.Currency is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingCurrency, "Nothing on the document states the currency.", FieldNames.Currency));
        if (addressed && fields.ReceiverName is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingBuyer, "The document labels a buyer, but no buyer's name was read.", FieldNames.ReceiverName));
        if (addressed && fields.InvoiceNumber is null)
            reasons.Add(new ReviewReason(ReviewCodes.MissingNumber, "No document number was found on a document addressed to a buyer.", FieldNames.InvoiceNumber));

        if (fields.InvoiceDate is { } date && date.Flags.Contains(ReviewCodes.AmbiguousDate))
            reasons.Add(new ReviewReason(ReviewCodes.AmbiguousDate,
                $"'{date.Raw}' can be read day-first or month-first and nothing on the document settles it; set a locale hint.", FieldNames.InvoiceDate));
        if (fields.DueDate is { } due && due.Flags.Contains(ReviewCodes.AmbiguousDate))
            reasons.Add(new ReviewReason(ReviewCodes.AmbiguousDate, $"'{due.Raw}' is ambiguous (day/month).", FieldNames.DueDate));
        if (fields.DueDate is { } d2 && fields.InvoiceDate is { } i2 && d2.Value < i2.Value)
            reasons.Add(new ReviewReason(ReviewCodes.DueBeforeInvoiceDate, "The due date is before the invoice date.", FieldNames.DueDate));

        if (CheckTotals(fields) is { } totalMismatch)
            reasons.Add(totalMismatch);
        if (CheckLineItems(fields, items) is { } itemsMismatch)
            reasons.Add(itemsMismatch);
        reasons.AddRange(CheckLineArithmetic(items));

        foreach (var (name, confidence) in KeyFieldConfidences(fields, addressed))
        {
            if (confidence is { } c && c < options.ReviewThreshold)
                reasons.Add(new ReviewReason(ReviewCodes.LowConfidence,
                    $"{name} confidence {c.ToString("0.00", CultureInfo.InvariantCulture)} is below the review threshold {options.ReviewThreshold.ToString("0.00", CultureInfo.InvariantCulture)}.", name));
        }
        return reasons;
    }

    /// <summary>The fields whose absence or doubt sends an invoice to review.</summary>
    public static IEnumerable<(string Name, double? Confidence)> KeyFieldConfidences(InvoiceFields f, bool addressed = false) =>
    [
        (FieldNames.Total, f.Total?.Confidence),
        (FieldNames.InvoiceDate, f.InvoiceDate?.Confidence),
        (FieldNames.VendorName, f.VendorName?.Confidence),
        .. addressed ? new[] { (FieldNames.ReceiverName, f.ReceiverName?.Confidence) } : [],
    ];

    public static ReviewReason? CheckTotals(InvoiceFields f)
    {
        if (f.Total is null)
            return null;
        // The total without VAT (BT-109) and the tax make the total whatever allowances stand between it and the lines' sum.
        if (f.TaxBasis is not null && f.Tax is not null && Math.Abs(f.TaxBasis.Value + f.Tax.Value - f.Total.Value) <= Tolerance)
            return null;
        if (f.Subtotal is null)
            return null;
        var (tax, discount, charges) = (f.Tax?.Value ?? 0, f.Discount?.Value ?? 0, f.ChargeTotal?.Value ?? 0);
        var expected = f.Subtotal.Value + tax - discount + charges;
        var taxIncluded = f.Tax is not null && Math.Abs(f.Subtotal.Value - f.Total.Value) <= Tolerance;
        // A subtotal that with the tax makes the total is the net after the allowances and charges printed beside it.
        var alreadyNet = (discount != 0 || charges != 0) && Math.Abs(f.Subtotal.Value + tax - f.Total.Value) <= Tolerance;
        if (Math.Abs(expected - f.Total.Value) <= Tolerance || taxIncluded || alreadyNet)
            return null;
        var chargesText = charges == 0 ? "" : $" + charges {F(charges)}";
        return new ReviewReason(ReviewCodes.TotalMismatch,
            $"subtotal {F(f.Subtotal.Value)} + tax {F(tax)} − discount {F(discount)}{chargesText} = {F(expected)}, but total is {F(f.Total.Value)}.",
            FieldNames.Total);
    }

    public static ReviewReason? CheckLineItems(InvoiceFields f, IReadOnlyList<LineItem> items)
    {
        var amounts = items.Where(i => i.Amount is not null).Select(i => i.Amount!.Value).ToList();
        if (amounts.Count == 0)
            return null;
        var sum = amounts.Sum();
        var targets = new[] { f.Subtotal?.Value, f.Total?.Value, f.Total is null ? null : f.Total.Value - (f.Tax?.Value ?? 0) }
            .Where(v => v is not null).Select(v => v!.Value).ToList();
        if (targets.Count == 0 || targets.Any(t => Math.Abs(t - sum) <= Tolerance * Math.Max(1, amounts.Count / 4)))
            return null;
        var against = f.Subtotal is not null ? FieldNames.Subtotal : FieldNames.Total;
        return new ReviewReason(ReviewCodes.LineItemsMismatch,
            $"line amounts add up to {F(sum)}, which matches neither subtotal nor total ({string.Join(", ", targets.Distinct().Select(F))}).", against);
    }

    public static IEnumerable<ReviewReason> CheckLineArithmetic(IReadOnlyList<LineItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Quantity is { } q && item.UnitPrice is { } u && item.Amount is { } a)
            {
                var product = q.Value * u.Value;
                // Line discounts make amount ≤ qty × price; flag only what no discount explains.
                if (Math.Abs(product - a.Value) > Tolerance && a.Value > product + Tolerance)
                    yield return new ReviewReason(ReviewCodes.LineItemArithmetic,
                        $"line {i + 1}: {F(q.Value)} × {F(u.Value)} = {F(product)}, but the amount is {F(a.Value)}.", FieldNames.ItemAmount);
            }
        }
    }

    private static string F(decimal v) => v.ToString("0.00##", CultureInfo.InvariantCulture);
}
