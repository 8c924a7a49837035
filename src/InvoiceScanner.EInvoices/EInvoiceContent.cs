using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// What a syntax reader maps from the XML: the field set and the lines, and the VAT breakdown and document-level
/// allowances and charges that <see cref="ExtractionResult"/> carries beside them. Deconstructs into the fields and
/// the lines.
/// </summary>
internal sealed record EInvoiceContent(InvoiceFields Fields, IReadOnlyList<LineItem> Lines)
{
    public IReadOnlyList<TaxSubtotal> TaxBreakdown { get; init; } = [];
    public IReadOnlyList<AllowanceCharge> AllowancesCharges { get; init; } = [];

    /// <summary>Maps <paramref name="invoice"/> with the reader of its syntax.</summary>
    public static EInvoiceContent Read(EInvoiceXml invoice, FieldReader read) =>
        invoice.Kind.Syntax is EInvoiceSyntax.Cii or EInvoiceSyntax.ZugferdV1
            ? CiiReader.Read(invoice.Document.Root!, read)
            : UblReader.Read(invoice.Document.Root!, read);
}
