namespace InvoiceScanner.Core.Documents;

/// <summary>
/// A structured e-invoice found in an upload: the uploaded XML itself, or the XML attached to a hybrid PDF
/// (Factur-X, ZUGFeRD). It travels with the OCR document so that ExtractData reads it instead of the page.
/// </summary>
/// <param name="Xml">The XML as loaded (safely: no DTD), re-serialised without comments.</param>
/// <param name="Syntax">What it is, e.g. "CII, EN16931" or "UBL Invoice, XRECHNUNG".</param>
/// <param name="AttachmentName">The PDF attachment's file name; null when the upload was the XML.</param>
public sealed record EInvoiceFile(string Xml, string Syntax, string? AttachmentName = null);
