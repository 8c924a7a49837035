using System.Xml.Linq;

namespace InvoiceScanner.EInvoices;

/// <summary>An XML e-invoice, loaded safely and recognised.</summary>
public sealed record EInvoiceXml(EInvoiceKind Kind, XDocument Document)
{
    /// <summary>
    /// Loads <paramref name="content"/> with <see cref="SafeXml"/> and recognises its syntax. Throws
    /// DocumentRejectedException: INVALID_XML for XML that is malformed or refused (DTD, too deep, too large),
    /// NOT_AN_INVOICE for well-formed XML of another kind.
    /// </summary>
    public static EInvoiceXml Read(ReadOnlyMemory<byte> content)
    {
        var document = SafeXml.Load(content);
        return new EInvoiceXml(EInvoiceKind.Of(document), document);
    }
}
