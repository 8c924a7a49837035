namespace InvoiceScanner.Core.Extraction;

/// <summary>
/// One row of the VAT breakdown (BG-23): the category (BT-118, e.g. S, Z, E, AE, K), the rate in percent (BT-119), the
/// taxable amount (BT-116), the tax (BT-117) and, for an exempt category, why (BT-120 text, BT-121 VATEX code).
/// </summary>
public sealed record TaxSubtotal
{
    public Field<string>? Category { get; init; }
    public Field<decimal>? Rate { get; init; }
    public Field<decimal>? Basis { get; init; }
    public Field<decimal>? Amount { get; init; }
    public Field<string>? ExemptionReason { get; init; }
    public Field<string>? ExemptionCode { get; init; }
}

/// <summary>
/// A document-level allowance (BG-20, <see cref="IsCharge"/> false) or charge (BG-21, true): the amount (BT-92/99), the
/// base amount and percentage it may be computed from (BT-93/100, BT-94/101), the reason as text and UNTDID 5189/7161
/// code (BT-97/104, BT-98/105) and the VAT category and rate it falls under (BT-95/102, BT-96/103).
/// </summary>
public sealed record AllowanceCharge(bool IsCharge)
{
    public Field<decimal>? Amount { get; init; }
    public Field<decimal>? Basis { get; init; }
    public Field<decimal>? Percent { get; init; }
    public Field<string>? Reason { get; init; }
    public Field<string>? ReasonCode { get; init; }
    public Field<string>? TaxCategory { get; init; }
    public Field<decimal>? TaxRate { get; init; }
}
