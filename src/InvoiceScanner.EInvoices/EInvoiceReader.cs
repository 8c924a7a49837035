using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Maps an e-invoice's XML onto the invoice field set exactly: every value as the XML states it, confidence 1.0,
/// traced to the element it came from. The engine name says the syntax and profile, e.g. "einvoice: CII, EN16931".
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
        return new ExtractionResult(fields, lines, reasons, 1.0, engine);
    }

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
