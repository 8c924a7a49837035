using System.Xml.Linq;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.EInvoices;

/// <summary>The XML syntaxes an EN 16931 invoice travels in.</summary>
public enum EInvoiceSyntax
{
    /// <summary>UN/CEFACT Cross Industry Invoice D16B: ZUGFeRD 2.x, Factur-X, XRechnung CII.</summary>
    Cii,

    /// <summary>ZUGFeRD 1.0's CrossIndustryDocument (the CII draft it was built on).</summary>
    ZugferdV1,

    /// <summary>OASIS UBL 2.1 Invoice: XRechnung UBL, Peppol BIS Billing 3.</summary>
    UblInvoice,

    /// <summary>OASIS UBL 2.1 CreditNote.</summary>
    UblCreditNote,
}

/// <summary>What an XML document is, decided by its root element and namespace (never by its file name).</summary>
/// <param name="Profile">The specification it claims to follow (CII guideline id, UBL CustomizationID), as written.</param>
public sealed record EInvoiceKind(EInvoiceSyntax Syntax, string? Profile)
{
    public const string CiiNamespace = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    public const string ZugferdV1Namespace = "urn:ferd:CrossIndustryDocument:invoice:1p0";
    public const string UblInvoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public const string UblCreditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    private const string UblBasicNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    /// <summary>
    /// The profile in the names the standards use (MINIMUM, BASIC WL, BASIC, COMFORT, EN16931, EXTENDED, XRECHNUNG,
    /// PEPPOL), read from <see cref="Profile"/>; null when it names none of them. MINIMUM and BASIC WL carry no lines.
    /// </summary>
    public string? ProfileName => Profile?.ToLowerInvariant() switch
    {
        null => null,
        var p when p.Contains("xrechnung", StringComparison.Ordinal) => "XRECHNUNG",
        var p when p.Contains("peppol", StringComparison.Ordinal) => "PEPPOL",
        var p when p.Contains("minimum", StringComparison.Ordinal) => "MINIMUM",
        var p when p.Contains("basicwl", StringComparison.Ordinal) => "BASIC WL",
        var p when p.Contains("extended", StringComparison.Ordinal) => "EXTENDED",
        var p when p.Contains("comfort", StringComparison.Ordinal) => "COMFORT",
        var p when p.Contains("basic", StringComparison.Ordinal) => "BASIC",
        var p when p.Contains("en16931", StringComparison.Ordinal) => "EN16931",
        _ => null,
    };

    /// <summary>The specification family a CII profile belongs to, when its identifier names one (Factur-X, ZUGFeRD 2.x).</summary>
    public string? Family => Syntax != EInvoiceSyntax.Cii ? null : Profile?.ToLowerInvariant() switch
    {
        var p when p?.Contains("factur-x", StringComparison.Ordinal) == true => "Factur-X",
        var p when p?.Contains("zugferd", StringComparison.Ordinal) == true => "ZUGFeRD",
        _ => null,
    };

    /// <summary>Recognises the syntax; anything else is <see cref="ErrorCodes.NotAnInvoice"/>, naming what it is.</summary>
    public static EInvoiceKind Of(XDocument document)
    {
        var root = document.Root ?? throw new DocumentRejectedException(ErrorCodes.InvalidXml, "The XML has no root element.");
        var ns = root.Name.NamespaceName;
        return (root.Name.LocalName, ns) switch
        {
            ("CrossIndustryInvoice", CiiNamespace) => new(EInvoiceSyntax.Cii, GuidelineId(root)),
            ("CrossIndustryDocument", ZugferdV1Namespace) => new(EInvoiceSyntax.ZugferdV1, GuidelineId(root)),
            ("Invoice", UblInvoiceNamespace) => new(EInvoiceSyntax.UblInvoice, CustomizationId(root)),
            ("CreditNote", UblCreditNoteNamespace) => new(EInvoiceSyntax.UblCreditNote, CustomizationId(root)),
            _ => throw new DocumentRejectedException(ErrorCodes.NotAnInvoice,
                $"The XML is a <{root.Name.LocalName}>{(ns.Length > 0 ? $" in namespace {ns}" : "")}, not an invoice or credit note in CII, ZUGFeRD 1.0 or UBL 2.1."),
        };
    }

    // CII: ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID (ZUGFeRD 1.0: SpecifiedExchangedDocumentContext).
    private static string? GuidelineId(XElement root) =>
        root.Elements().FirstOrDefault(e => e.Name.LocalName is "ExchangedDocumentContext" or "SpecifiedExchangedDocumentContext")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == "GuidelineSpecifiedDocumentContextParameter")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == "ID")?.Value.Trim() is { Length: > 0 } id ? id : null;

    private static string? CustomizationId(XElement root) =>
        root.Element(XName.Get("CustomizationID", UblBasicNamespace))?.Value.Trim() is { Length: > 0 } id ? id : null;
}
