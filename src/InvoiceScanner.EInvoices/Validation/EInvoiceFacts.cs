namespace InvoiceScanner.EInvoices.Validation;

/// <summary>One VAT breakdown row (BG-23): category (BT-118), rate (BT-119), basis (BT-116), amount (BT-117).</summary>
internal sealed record VatBreakdown(string? Category, decimal? Rate, decimal? Basis, decimal? Amount);

/// <summary>
/// What the EN 16931 rules that decide money and identity look at, read from either syntax. A null means the
/// element is absent (or does not parse, which the reader reports on its own).
/// </summary>
internal sealed record EInvoiceFacts
{
    public string? SpecificationId { get; init; }
    public string? Number { get; init; }
    public string? IssueDate { get; init; }
    public string? TypeCode { get; init; }
    public string? Currency { get; init; }
    public string? SellerName { get; init; }
    public bool SellerHasAddress { get; init; }
    public string? SellerCountry { get; init; }
    public string? SellerVatId { get; init; }
    public string? BuyerName { get; init; }
    public bool BuyerHasAddress { get; init; }
    public string? BuyerCountry { get; init; }
    public decimal? LineTotal { get; init; }
    public decimal? AllowanceTotal { get; init; }
    public decimal? ChargeTotal { get; init; }
    public decimal? TaxBasisTotal { get; init; }
    public decimal? TaxTotal { get; init; }
    public decimal? GrandTotal { get; init; }
    public decimal? Prepaid { get; init; }
    public decimal? Rounding { get; init; }
    public decimal? DuePayable { get; init; }
    public IReadOnlyList<decimal?> LineNetAmounts { get; init; } = [];
    public IReadOnlyList<VatBreakdown> Breakdown { get; init; } = [];
}
