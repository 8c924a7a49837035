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

    /// <summary>"person" for a value a person set (PATCH /invoices/{id}); absent for a value an engine read.</summary>
    public string? Source { get; init; }

    /// <summary>Who set a person's value (the caller's user id) and when.</summary>
    public string? CorrectedBy { get; init; }
    public DateTimeOffset? CorrectedAt { get; init; }

    /// <summary>What the engine had read before a person's correction; absent when it had read nothing.</summary>
    public Field<T>? Machine { get; init; }
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

    // What EN 16931 e-invoices carry besides the above; a page read fills some (document type, period, contract, tax basis,
    // IBAN, BIC) and leaves the rest null.

    /// <summary>
    /// The kind of document: invoice, credit-note, corrective, prepayment, self-billed, self-billed-credit-note,
    /// partial, partial-final, final, debit-note, proforma or other; <see cref="Field{T}.Raw"/> is the UNTDID 1001
    /// code (BT-3) it was read from.
    /// </summary>
    public Field<string>? DocumentType { get; init; }
    /// <summary>The seller's trading name (BT-28) when it differs from the legal name.</summary>
    public Field<string>? VendorTradingName { get; init; }
    /// <summary>The seller's local tax number (BT-32, scheme FC), also when a VAT id is given.</summary>
    public Field<string>? VendorTaxNumber { get; init; }
    /// <summary>The seller's legal registration id (BT-30), e.g. a trade register number.</summary>
    public Field<string>? VendorRegistrationId { get; init; }
    /// <summary>The seller's e-mail: the electronic address (BT-34) when it is one, else the contact's (BT-43).</summary>
    public Field<string>? VendorEmail { get; init; }
    /// <summary>The seller's contact person or department (BT-41).</summary>
    public Field<string>? VendorContact { get; init; }
    public Field<string>? ReceiverTradingName { get; init; }
    /// <summary>The buyer's VAT id (BT-48).</summary>
    public Field<string>? ReceiverTaxId { get; init; }
    public Field<string>? ReceiverRegistrationId { get; init; }
    public Field<string>? ReceiverEmail { get; init; }
    public Field<string>? ReceiverContact { get; init; }
    /// <summary>The actual delivery date (BT-72).</summary>
    public Field<DateOnly>? DeliveryDate { get; init; }
    /// <summary>The invoicing (service) period (BT-73, BT-74).</summary>
    public Field<DateOnly>? ServicePeriodStart { get; init; }
    public Field<DateOnly>? ServicePeriodEnd { get; init; }
    /// <summary>The buyer's reference (BT-10), e.g. a German Leitweg-ID.</summary>
    public Field<string>? BuyerReference { get; init; }
    /// <summary>BT-12.</summary>
    public Field<string>? ContractReference { get; init; }
    /// <summary>BT-11.</summary>
    public Field<string>? ProjectReference { get; init; }
    /// <summary>The number of the invoice this one corrects or credits (BT-25).</summary>
    public Field<string>? PrecedingInvoice { get; init; }
    /// <summary>Sum of the document-level allowances (BT-107); <see cref="Discount"/> states the same.</summary>
    public Field<decimal>? AllowanceTotal { get; init; }
    /// <summary>Sum of the document-level charges (BT-108).</summary>
    public Field<decimal>? ChargeTotal { get; init; }
    /// <summary>The total without VAT (BT-109): line net total minus allowances plus charges.</summary>
    public Field<decimal>? TaxBasis { get; init; }
    /// <summary>The rounding amount (BT-114).</summary>
    public Field<decimal>? Rounding { get; init; }
    /// <summary>The UNTDID 4461 payment means code (BT-81) as written, e.g. 58 (SEPA credit transfer), 59 (SEPA direct debit).</summary>
    public Field<string>? PaymentMeansCode { get; init; }
    /// <summary>The payee's account id (BT-84), an IBAN for SEPA.</summary>
    public Field<string>? Iban { get; init; }
    /// <summary>The payee's bank (BT-86).</summary>
    public Field<string>? Bic { get; init; }
    /// <summary>The payee's account name (BT-85).</summary>
    public Field<string>? AccountHolder { get; init; }
    /// <summary>The direct-debit mandate reference (BT-89).</summary>
    public Field<string>? MandateReference { get; init; }
    /// <summary>What the payer should quote with the payment (BT-83).</summary>
    public Field<string>? RemittanceInformation { get; init; }
    /// <summary>The document's notes (BT-22), one per line.</summary>
    public Field<string>? Note { get; init; }
}

public sealed record LineItem(int Page)
{
    public Field<string>? Description { get; init; }
    public Field<decimal>? Quantity { get; init; }
    public Field<decimal>? UnitPrice { get; init; }
    public Field<decimal>? Amount { get; init; }
    /// <summary>The seller's item id (BT-155).</summary>
    public Field<string>? ProductCode { get; init; }

    // What EN 16931 e-invoice lines carry besides the above; OCR engines leave these null.

    /// <summary>The line's id within the invoice (BT-126).</summary>
    public Field<string>? LineId { get; init; }
    /// <summary>The quantity's UN/ECE Rec 20 unit code (BT-130), e.g. H87 (piece), HUR (hour).</summary>
    public Field<string>? UnitCode { get; init; }
    /// <summary>The item's price before the price discount (BT-148).</summary>
    public Field<decimal>? GrossPrice { get; init; }
    /// <summary>The item's VAT category code (BT-151), e.g. S, Z, E, AE.</summary>
    public Field<string>? TaxCategory { get; init; }
    /// <summary>The item's VAT rate in percent (BT-152).</summary>
    public Field<decimal>? TaxRate { get; init; }
    /// <summary>The buyer's item id (BT-156).</summary>
    public Field<string>? BuyerItemId { get; init; }
    /// <summary>BT-127.</summary>
    public Field<string>? Note { get; init; }
    /// <summary>The line's period (BT-134, BT-135).</summary>
    public Field<DateOnly>? PeriodStart { get; init; }
    public Field<DateOnly>? PeriodEnd { get; init; }
}

/// <summary>Why an invoice needs a person to look at it, e.g. TOTAL_MISMATCH or LOW_CONFIDENCE.</summary>
public sealed record ReviewReason(string Code, string Message, string? Field = null)
{
    /// <summary>For DUPLICATE_FILE and POSSIBLE_DUPLICATE: the id of the user's invoice this one repeats; absent otherwise.</summary>
    public string? DuplicateOf { get; init; }
}

public sealed record ExtractionResult(
    InvoiceFields Fields,
    IReadOnlyList<LineItem> LineItems,
    IReadOnlyList<ReviewReason> ReviewReasons,
    double Confidence,
    string Engine)
{
    public bool NeedsReview => ReviewReasons.Count > 0;

    // Never null: a result stored before these existed has no such members, which the generated JSON reader sets to null.

    /// <summary>The VAT breakdown (BG-23), one row per category and rate; empty when the engine reads none.</summary>
    public IReadOnlyList<TaxSubtotal> TaxBreakdown { get; init => field = value ?? []; } = [];

    /// <summary>The document-level allowances (BG-20) and charges (BG-21); empty when the engine reads none.</summary>
    public IReadOnlyList<AllowanceCharge> AllowancesCharges { get; init => field = value ?? []; } = [];

    /// <summary>
    /// The document is addressed to a buyer (it labels one), so it is checked for its buyer and number; kept so that a
    /// person's corrections are validated as the engine validated the document.
    /// </summary>
    public bool Addressed { get; init; }
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
    public const string DocumentType = nameof(InvoiceFields.DocumentType);
    public const string VendorTradingName = nameof(InvoiceFields.VendorTradingName);
    public const string VendorTaxNumber = nameof(InvoiceFields.VendorTaxNumber);
    public const string VendorRegistrationId = nameof(InvoiceFields.VendorRegistrationId);
    public const string VendorEmail = nameof(InvoiceFields.VendorEmail);
    public const string VendorContact = nameof(InvoiceFields.VendorContact);
    public const string ReceiverTradingName = nameof(InvoiceFields.ReceiverTradingName);
    public const string ReceiverTaxId = nameof(InvoiceFields.ReceiverTaxId);
    public const string ReceiverRegistrationId = nameof(InvoiceFields.ReceiverRegistrationId);
    public const string ReceiverEmail = nameof(InvoiceFields.ReceiverEmail);
    public const string ReceiverContact = nameof(InvoiceFields.ReceiverContact);
    public const string DeliveryDate = nameof(InvoiceFields.DeliveryDate);
    public const string ServicePeriodStart = nameof(InvoiceFields.ServicePeriodStart);
    public const string ServicePeriodEnd = nameof(InvoiceFields.ServicePeriodEnd);
    public const string BuyerReference = nameof(InvoiceFields.BuyerReference);
    public const string ContractReference = nameof(InvoiceFields.ContractReference);
    public const string ProjectReference = nameof(InvoiceFields.ProjectReference);
    public const string PrecedingInvoice = nameof(InvoiceFields.PrecedingInvoice);
    public const string AllowanceTotal = nameof(InvoiceFields.AllowanceTotal);
    public const string ChargeTotal = nameof(InvoiceFields.ChargeTotal);
    public const string TaxBasis = nameof(InvoiceFields.TaxBasis);
    public const string Rounding = nameof(InvoiceFields.Rounding);
    public const string PaymentMeansCode = nameof(InvoiceFields.PaymentMeansCode);
    public const string Iban = nameof(InvoiceFields.Iban);
    public const string Bic = nameof(InvoiceFields.Bic);
    public const string AccountHolder = nameof(InvoiceFields.AccountHolder);
    public const string MandateReference = nameof(InvoiceFields.MandateReference);
    public const string RemittanceInformation = nameof(InvoiceFields.RemittanceInformation);
    public const string Note = nameof(InvoiceFields.Note);
    // Line-item cells
    public const string ItemDescription = "Description";
    public const string ItemQuantity = "Quantity";
    public const string ItemUnitPrice = "UnitPrice";
    public const string ItemAmount = "Amount";
    public const string ItemProductCode = "ProductCode";
}
