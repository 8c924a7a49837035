using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.EInvoices.Validation;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Maps an e-invoice's XML onto the invoice field set exactly: every value as the XML states it, confidence 1.0,
/// traced to the element it came from. The engine name says the syntax and profile, e.g. "einvoice: CII, EN16931".
/// A due date stated only in the payment terms is derived from them (<see cref="PaymentTermsDueDate"/>), marked so.
/// Every EN 16931 rule the XML breaks is a review reason named by its rule id; an IBAN whose check digits fail is flagged.
/// </summary>
public static class EInvoiceReader
{
    /// <summary>The flag on an iban whose check digits fail: a transfer to it would bounce.</summary>
    public const string IbanCheckDigitsFlag = "IBAN_CHECK_DIGITS";

    public static ExtractionResult Read(EInvoiceXml invoice)
    {
        var engine = EngineName(invoice.Kind);
        var read = new FieldReader(engine);
        var content = EInvoiceContent.Read(invoice, read);
        var reasons = read.Notes.Select(note => new ReviewReason("EINVOICE_VALUE_UNREADABLE", note)).ToList();
        reasons.AddRange(RulesBroken(invoice, invoice.Document.Root!));
        var fields = content.Fields with
        {
            VendorTaxId = FlagUnusualVatId(content.Fields.VendorTaxId, content.Fields.VendorTaxNumber),
            ReceiverTaxId = FlagUnusualVatId(content.Fields.ReceiverTaxId, null),
            DueDate = content.Fields.DueDate ?? PaymentTermsDueDate.Derive(content.Fields.PaymentTerms, content.Fields.InvoiceDate),
            Iban = FlagFailedIban(content.Fields.Iban, content.Fields.PaymentMeansCode),
        };
        return new ExtractionResult(fields, content.Lines, reasons, 1.0, engine)
        {
            TaxBreakdown = content.TaxBreakdown,
            AllowancesCharges = content.AllowancesCharges,
        };
    }

    /// <summary>A VAT id whose number does not have its country's length or form; the local tax number it may fall back to is none.</summary>
    private static Field<string>? FlagUnusualVatId(Field<string>? vatId, Field<string>? taxNumber) =>
        vatId is { Value: var id } && id != taxNumber?.Value && VatIdShape.HasCountryPrefix(id) && !VatIdShape.IsValid(id)
            ? vatId with { Flags = [.. vatId.Flags, VatIdShape.UnusualShapeFlag] }
            : vatId;

    /// <summary>
    /// An account stated as an IBAN (by its shape, or by SEPA credit transfer, code 58) whose check digits fail: flagged for
    /// whoever pays, not held for review — the XML is what the seller's system states, and EN 16931 has no check-digit rule
    /// (a page's failing IBAN, which may be our misreading, is INVALID_IBAN).
    /// </summary>
    private static Field<string>? FlagFailedIban(Field<string>? iban, Field<string>? meansCode) =>
        iban is { Value: var account } && Ibans.Normalise(account) is null && (Ibans.HasShape(account) || meansCode?.Value == "58")
            ? iban with { Flags = [.. iban.Flags, IbanCheckDigitsFlag] }
            : iban;

    /// <summary>
    /// The EN 16931 rules the invoice breaks; ZUGFeRD 1.0 predates the standard, so its documents are only read.
    /// </summary>
    private static IReadOnlyList<ReviewReason> RulesBroken(EInvoiceXml invoice, XElement root) => invoice.Kind.Syntax switch
    {
        EInvoiceSyntax.Cii => En16931Rules.Check(FactsReader.FromCii(root, invoice.Kind.Profile), invoice.Kind.ProfileName),
        EInvoiceSyntax.UblInvoice or EInvoiceSyntax.UblCreditNote => En16931Rules.Check(FactsReader.FromUbl(root, invoice.Kind.Profile), invoice.Kind.ProfileName),
        _ => [],
    };

    public static string EngineName(EInvoiceKind kind) => "einvoice: " + SyntaxName(kind);

    /// <summary>The syntax and profile, e.g. "CII, EN16931", "CII, Factur-X BASIC" or "UBL Invoice, XRECHNUNG".</summary>
    public static string SyntaxName(EInvoiceKind kind)
    {
        var syntax = kind.Syntax switch
        {
            EInvoiceSyntax.Cii => "CII",
            EInvoiceSyntax.ZugferdV1 => "ZUGFeRD 1.0",
            EInvoiceSyntax.UblInvoice => "UBL Invoice",
            _ => "UBL CreditNote",
        };
        var profile = kind.Family is { } family ? $"{family} {kind.ProfileName}".TrimEnd() : kind.ProfileName;
        return profile is null ? syntax : $"{syntax}, {profile}";
    }
}
