using System.Text;
using System.Xml.Linq;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.EInvoices.Pdf;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Finds an upload's e-invoice: an XML upload must be one (else INVALID_XML or NOT_AN_INVOICE); a PDF may carry
/// one as an attachment, looked for first under the names Factur-X, ZUGFeRD and XRechnung give it, then in any
/// attachment whose root is an invoice, whatever its name.
/// </summary>
public sealed class EInvoiceFinder : IEInvoiceFinder
{
    // Exact names, newest first: a PDF carrying ZUGFeRD 1.0 (ZUGFeRD-invoice.xml) and 2.x beside it is read as 2.x.
    private static readonly string[] StandardNames = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "ZUGFeRD-invoice.xml"];

    public EInvoiceSearch Search(DocumentKind kind, ReadOnlyMemory<byte> content) => kind switch
    {
        DocumentKind.Xml => new(Describe(EInvoiceXml.Read(content), attachmentName: null)),
        DocumentKind.Pdf => FromAttachments(PdfAttachments.Read(content)),
        _ => EInvoiceSearch.None,
    };

    /// <summary>The e-invoice <see cref="Search"/> finds, or null.</summary>
    public EInvoiceFile? Find(DocumentKind kind, ReadOnlyMemory<byte> content) => Search(kind, content).EInvoice;

    private static EInvoiceSearch FromAttachments(IReadOnlyList<PdfAttachment> attachments)
    {
        var ordered = attachments
            .OrderBy(a => Array.IndexOf(StandardNames, a.Name) is var i and >= 0 ? i : StandardNames.Length)
            .ThenBy(a => a.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? 0 : 1);
        string? unreadable = null;
        foreach (var attachment in ordered)
        {
            try
            {
                return new(Describe(EInvoiceXml.Read(attachment.Content), attachment.Name));
            }
            catch (DocumentRejectedException rejected)
            {
                // An order, a picture or a broken file: the next attachment, or the pages, may be the invoice. Only an
                // attachment that claims to be the e-invoice, by its name or by being broken XML, is worth a word.
                if (Array.IndexOf(StandardNames, attachment.Name) >= 0 || rejected.Code == ErrorCodes.InvalidXml && attachment.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    unreadable ??= $"The attached {attachment.Name} is no readable e-invoice ({rejected.Code}: {rejected.Message}); the invoice was read from its pages.";
            }
        }
        return new(EInvoice: null, unreadable);
    }

    private static EInvoiceFile Describe(EInvoiceXml invoice, string? attachmentName) =>
        new(invoice.Document.ToString(SaveOptions.DisableFormatting), EInvoiceReader.SyntaxName(invoice.Kind), attachmentName);

    /// <summary>Loads an <see cref="EInvoiceFile"/> that <see cref="Find"/> produced (it is stored as text).</summary>
    public static EInvoiceXml Load(EInvoiceFile file) => EInvoiceXml.Read(Encoding.UTF8.GetBytes(file.Xml));
}
