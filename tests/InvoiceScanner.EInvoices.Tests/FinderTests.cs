using System.Text;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.EInvoices.Pdf;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>An upload's e-invoice: the XML itself, or the one a hybrid PDF carries, found by name or by content.</summary>
public sealed class FinderTests
{
    private static readonly byte[] Cii = Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii);
    private readonly EInvoiceFinder _finder = new();

    private static string Dataset(string folder) => SharedFolder.Require(Path.Combine("datasets", "einvoices", folder));

    [Fact]
    public void An_xml_upload_is_its_own_einvoice()
    {
        var found = _finder.Find(DocumentKind.Xml, Cii)!;

        Assert.Equal("CII, EN16931", found.Syntax);
        Assert.Null(found.AttachmentName);
        Assert.Equal("INV-1", EInvoiceReader.Read(EInvoiceFinder.Load(found)).Fields.InvoiceNumber!.Value);
    }

    [Theory]
    [InlineData("<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><ID>1</ID></Order>", ErrorCodes.NotAnInvoice)]
    [InlineData("<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">", ErrorCodes.InvalidXml)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", ErrorCodes.InvalidXml)]
    public void An_xml_upload_that_is_no_readable_invoice_is_refused_with_a_code(string xml, string code)
    {
        var refused = Assert.Throws<DocumentRejectedException>(() => _finder.Find(DocumentKind.Xml, Encoding.UTF8.GetBytes(xml)));

        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public void A_pdf_attachment_under_a_standard_name_is_found()
    {
        var pdf = MinimalPdf.Build(["Invoice INV-1"], ("factur-x.xml", Cii));

        var found = _finder.Find(DocumentKind.Pdf, pdf)!;

        Assert.Equal("factur-x.xml", found.AttachmentName);
        Assert.Equal(166.60m, EInvoiceReader.Read(EInvoiceFinder.Load(found)).Fields.Total!.Value);
    }

    [Fact]
    public void An_invoice_attached_under_another_name_is_found_by_its_content_and_other_attachments_are_passed_over()
    {
        var order = "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>"u8.ToArray();
        var pdf = MinimalPdf.Build(["Invoice INV-1"], ("terms.txt", "Pay within 30 days"u8.ToArray()), ("order.xml", order), ("rechnung-2024.xml", Cii));

        Assert.Equal(3, PdfAttachments.Read(pdf).Count);
        Assert.Equal("rechnung-2024.xml", _finder.Find(DocumentKind.Pdf, pdf)!.AttachmentName);
    }

    [Fact]
    public void A_pdf_without_an_invoice_attached_goes_to_its_pages()
    {
        Assert.Null(_finder.Find(DocumentKind.Pdf, MinimalPdf.Build(["Invoice 1"])));
        Assert.Null(_finder.Find(DocumentKind.Pdf, MinimalPdf.Build(["Invoice 1"], ("order.xml", "<Order/>"u8.ToArray()))));
        Assert.Null(_finder.Find(DocumentKind.Pdf, "%PDF-1.7 not really a PDF %%EOF"u8.ToArray()));
        Assert.Null(_finder.Find(DocumentKind.Png, Cii));
    }

    public static TheoryData<string> HybridPdfs() => DatasetFiles("pdf", "*.pdf");

    public static TheoryData<string> InvalidFiles() => DatasetFiles("invalid", "*");

    private static TheoryData<string> DatasetFiles(string folder, string pattern)
    {
        var data = new TheoryData<string>();
        var path = SharedFolder.Path is { } shared ? Path.Combine(shared, "datasets", "einvoices", folder) : null;
        if (path is not null && Directory.Exists(path))
            foreach (var file in Directory.GetFiles(path, pattern).Order())
                data.Add(Path.GetFileName(file));
        else
            data.Add("(../shared/datasets/einvoices is not present)");
        return data;
    }

    [Theory]
    [MemberData(nameof(HybridPdfs))]
    public void Every_hybrid_pdf_of_the_dataset_yields_its_xml(string file)
    {
        var found = _finder.Find(DocumentKind.Pdf, File.ReadAllBytes(Path.Combine(Dataset("pdf"), file)));

        Assert.NotNull(found);
        Assert.Equal(file.StartsWith("zugferd1p0-", StringComparison.Ordinal) ? "ZUGFeRD 1.0" : "CII", found.Syntax.Split(',')[0]);
        var fields = EInvoiceReader.Read(EInvoiceFinder.Load(found)).Fields;
        Assert.NotNull(fields.InvoiceNumber);
        Assert.NotNull(fields.Total);
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Every_file_that_breaks_the_standard_ends_with_an_invoice_none_or_a_code_never_a_crash(string file)
    {
        var content = File.ReadAllBytes(Path.Combine(Dataset("invalid"), file));
        var kind = FileSniffer.Sniff(content).Kind;
        Assert.NotNull(kind);

        try
        {
            var found = _finder.Find(kind.Value, content);
            if (found is not null)
                Assert.NotNull(EInvoiceReader.Read(EInvoiceFinder.Load(found)).Engine);
        }
        catch (DocumentRejectedException refused)
        {
            Assert.Equal(DocumentKind.Xml, kind);
            Assert.Contains(refused.Code, new[] { ErrorCodes.InvalidXml, ErrorCodes.NotAnInvoice });
        }
    }

    [Fact]
    public void A_broken_attachment_under_a_standard_name_is_named_and_the_pdf_goes_to_its_pages()
    {
        var broken = MinimalPdf.Build(["Invoice"], ("factur-x.xml", "<?xml version=\"1.0\" encoding=\"nonsense\"?><a/>"u8.ToArray()));
        var order = MinimalPdf.Build(["Invoice"], ("order.xml", "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>"u8.ToArray()));

        var search = _finder.Search(DocumentKind.Pdf, broken);

        Assert.Null(search.EInvoice);
        Assert.Contains("factur-x.xml", search.UnreadableAttachment, StringComparison.Ordinal);
        Assert.Contains(ErrorCodes.InvalidXml, search.UnreadableAttachment, StringComparison.Ordinal);
        Assert.Equal(EInvoiceSearch.None, _finder.Search(DocumentKind.Pdf, order));
    }

    [Fact]
    public void A_pdf_carrying_zugferd_1_and_2_is_read_as_2()
    {
        var pdf = MinimalPdf.Build(["Invoice"], ("ZUGFeRD-invoice.xml", Cii), ("zugferd-invoice.xml", Cii));

        Assert.Equal("zugferd-invoice.xml", _finder.Find(DocumentKind.Pdf, pdf)!.AttachmentName);
    }
}
