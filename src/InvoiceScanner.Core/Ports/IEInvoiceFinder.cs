using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;

namespace InvoiceScanner.Core.Ports;

/// <summary>
/// What the search for an upload's e-invoice found: the e-invoice, or none; and when a PDF attaches one that cannot be
/// read (broken XML under a standard name), what is wrong with it, so that a person reading the page knows.
/// </summary>
public sealed record EInvoiceSearch(EInvoiceFile? EInvoice, string? UnreadableAttachment = null)
{
    public static EInvoiceSearch None { get; } = new(EInvoice: null);
}

/// <summary>Finds the structured e-invoice in an upload: the file itself when it is XML, else one attached to a PDF.</summary>
public interface IEInvoiceFinder
{
    /// <summary>
    /// The e-invoice in <paramref name="content"/>; none when a PDF carries none (it is then read from its pages).
    /// Throws <see cref="Invoices.DocumentRejectedException"/> for an XML upload that cannot be read
    /// (INVALID_XML) or is no invoice (NOT_AN_INVOICE).
    /// </summary>
    EInvoiceSearch Search(DocumentKind kind, ReadOnlyMemory<byte> content);
}
