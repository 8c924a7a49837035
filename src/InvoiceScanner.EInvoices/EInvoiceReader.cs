using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.EInvoices.Validation;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Maps an e-invoice's XML onto the invoice field set exactly: every value as the XML states it, confidence 1.0,
/// traced to the element it came from. The engine name says the syntax and profile, e.g. "einvoice: CII, EN16931".
/// Every EN 16931 rule the XML breaks is a review reason named by its rule id.
/// </summary>
public static class EInvoiceReader
{
    public static ExtractionResult Read(EInvoiceXml invoice)
    {
        var engine = EngineName(invoice.Kind);
        var read = new FieldReader(engine);
        var root = invoice.Document.Root!;
        var (fields, lines) = invoice.Kind.Syntax is EInvoiceSyntax.Cii or EInvoiceSyntax.ZugferdV1
            ? CiiReader.Read(root, read)
            : UblReader.Read(root, read);
        var reasons = read.Notes.Select(note => new ReviewReason("EINVOICE_VALUE_UNREADABLE", note)).ToList();
        reasons.AddRange(RulesBroken(invoice, root));
        return new ExtractionResult(fields, lines, reasons, 1.0, engine);
    }

    /// <summary>
    /// The EN 16931 rules the invoice breaks; ZUGFeRD 1.0 predates the standard, so its documents are only read.
    /// </summary>
    private static IReadOnlyList<ReviewReason> RulesBroken(EInvoiceXml invoice, XElement root) => invoice.Kind.Syntax switch
    {
        EInvoiceSyntax.Cii => En16931Rules.Check(FactsReader.FromCii(root, invoice.Kind.Profile), invoice.Kind.ProfileName),
        EInvoiceSyntax.UblInvoice or EInvoiceSyntax.UblCreditNote => En16931Rules.Check(FactsReader.FromUbl(root, invoice.Kind.Profile), invoice.Kind.ProfileName),
        _ => [],
    };

    public static string EngineName(EInvoiceKind kind)
    {
        var syntax = kind.Syntax switch
        {
            EInvoiceSyntax.Cii => "CII",
            EInvoiceSyntax.ZugferdV1 => "ZUGFeRD 1.0",
            EInvoiceSyntax.UblInvoice => "UBL Invoice",
            _ => "UBL CreditNote",
        };
        return kind.ProfileName is { } profile ? $"einvoice: {syntax}, {profile}" : $"einvoice: {syntax}";
    }
}
