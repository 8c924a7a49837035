using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Core.Extraction;

/// <summary>
/// One extracted value. <see cref="Raw"/> is the text it was read from; <see cref="Trace"/> says which rule
/// or model chose it and which candidates lost; <see cref="Flags"/> carries warnings such as AMBIGUOUS_DATE.
/// </summary>
public sealed record Field<T>(T Value, string Raw, double Confidence, Evidence? Evidence = null)
{
    public IReadOnlyList<string> Trace { get; init; } = [];
    public IReadOnlyList<string> Flags { get; init; } = [];
}

/// <summary>The invoice field set (what Textract AnalyzeExpense normalises on invoices and receipts).</summary>
public sealed record InvoiceFields
{
    public Field<string>? VendorName { get; init; }
    public Field<string>? VendorAddress { get; init; }
    public Field<string>? VendorPhone { get; init; }
    public Field<string>? VendorTaxId { get; init; }
    public Field<string>? ReceiverName { get; init; }
    public Field<string>? ReceiverAddress { get; init; }
    public Field<string>? InvoiceNumber { get; init; }
    public Field<DateOnly>? InvoiceDate { get; init; }
    public Field<DateOnly>? DueDate { get; init; }
    public Field<string>? PoNumber { get; init; }
    public Field<string>? PaymentTerms { get; init; }
    public Field<decimal>? Subtotal { get; init; }
    public Field<decimal>? Tax { get; init; }
    public Field<decimal>? Total { get; init; }
    public Field<decimal>? AmountDue { get; init; }
    public Field<decimal>? AmountPaid { get; init; }
    public Field<decimal>? Discount { get; init; }
    /// <summary>ISO 4217 code; null when nothing on the document says it (never defaulted).</summary>
    public Field<string>? Currency { get; init; }
}

public sealed record LineItem(int Page)
{
    public Field<string>? Description { get; init; }
    public Field<decimal>? Quantity { get; init; }
    public Field<decimal>? UnitPrice { get; init; }
    public Field<decimal>? Amount { get; init; }
    public Field<string>? ProductCode { get; init; }
}

/// <summary>Why an invoice needs a person to look at it, e.g. TOTAL_MISMATCH or LOW_CONFIDENCE.</summary>
public sealed record ReviewReason(string Code, string Message, string? Field = null);

public sealed record ExtractionResult(
    InvoiceFields Fields,
    IReadOnlyList<LineItem> LineItems,
    IReadOnlyList<ReviewReason> ReviewReasons,
    double Confidence,
    string Engine)
{
    public bool NeedsReview => ReviewReasons.Count > 0;
}

/// <summary>
/// Settings per deployment or request. <see cref="LocaleHint"/> (e.g. "en-US" month-first, "en-GB"
/// day-first) settles ambiguous dates; without it an ambiguous date is flagged, not guessed.
/// </summary>
public sealed record ExtractionOptions(string? LocaleHint = null, double ReviewThreshold = 0.8)
{
    public static ExtractionOptions Default { get; } = new();
}

/// <summary>Names used in <see cref="FieldCandidate.Field"/>; equal to the <see cref="InvoiceFields"/> property names.</summary>
public static class FieldNames
{
    public const string VendorName = nameof(InvoiceFields.VendorName);
    public const string VendorAddress = nameof(InvoiceFields.VendorAddress);
    public const string VendorPhone = nameof(InvoiceFields.VendorPhone);
    public const string VendorTaxId = nameof(InvoiceFields.VendorTaxId);
    public const string ReceiverName = nameof(InvoiceFields.ReceiverName);
    public const string ReceiverAddress = nameof(InvoiceFields.ReceiverAddress);
    public const string InvoiceNumber = nameof(InvoiceFields.InvoiceNumber);
    public const string InvoiceDate = nameof(InvoiceFields.InvoiceDate);
    public const string DueDate = nameof(InvoiceFields.DueDate);
    public const string PoNumber = nameof(InvoiceFields.PoNumber);
    public const string PaymentTerms = nameof(InvoiceFields.PaymentTerms);
    public const string Subtotal = nameof(InvoiceFields.Subtotal);
    public const string Tax = nameof(InvoiceFields.Tax);
    public const string Total = nameof(InvoiceFields.Total);
    public const string AmountDue = nameof(InvoiceFields.AmountDue);
    public const string AmountPaid = nameof(InvoiceFields.AmountPaid);
    public const string Discount = nameof(InvoiceFields.Discount);
    public const string Currency = nameof(InvoiceFields.Currency);
    // Line-item cells
    public const string ItemDescription = "Description";
    public const string ItemQuantity = "Quantity";
    public const string ItemUnitPrice = "UnitPrice";
    public const string ItemAmount = "Amount";
    public const string ItemProductCode = "ProductCode";
}
