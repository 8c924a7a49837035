using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.EInvoices;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>E-invoices through the local stack as a client sends them: an XML upload and hybrid PDFs reach COMPLETED with the XML's values.</summary>
public sealed class EInvoiceEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_xml_einvoice_completes_with_its_exact_values()
    {
        var token = fixture.Stack.CreateToken("e2e-xml");

        var invoice = await fixture.ScanAsync(token, "rechnung.xml", "application/xml", Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii), Cancellation);

        Assert.Equal("COMPLETED", invoice.Status);
        Assert.Equal(("einvoice-xml", "CII, EN16931"), (invoice.Document?.Kind, invoice.Document?.EInvoice));
        Assert.Equal("einvoice: CII, EN16931", invoice.Engine);
        Assert.Equal(("INV-1", 166.60m, 146.60m, "EUR"),
            (invoice.Fields?.InvoiceNumber?.Value, invoice.Fields?.Total?.Value, invoice.Fields?.AmountDue?.Value, invoice.Fields?.Currency?.Value));
        Assert.Equal(1.0, invoice.Fields!.Total!.Confidence);
        Assert.Equal(2, invoice.LineItems?.Count);
    }

    [Fact]
    public async Task A_hybrid_pdf_made_by_hand_completes_with_its_xml_values_after_its_page_was_read()
    {
        var token = fixture.Stack.CreateToken("e2e-hybrid");
        var pdf = MinimalPdf.Build(["Seller GmbH", "Invoice INV-1 of 01.03.2024", "Total 166.60 EUR", "Due 146.60 EUR"],
            ("factur-x.xml", Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii)));

        var invoice = await fixture.ScanAsync(token, "invoice.pdf", "application/pdf", pdf, Cancellation);

        Assert.Equal("COMPLETED", invoice.Status);
        Assert.Equal(("pdf+einvoice", "factur-x.xml", (int?)1), (invoice.Document?.Kind, invoice.Document?.EInvoiceAttachment, invoice.Document?.Pages));
        Assert.Equal((146.60m, "Seller GmbH"), (invoice.Fields?.AmountDue?.Value, invoice.Fields?.VendorName?.Value));
    }

    [Theory]
    [InlineData("pdf/EN16931_Einfach.pdf", "application/pdf")]
    [InlineData("pdf/facturx-F20220027-EN16931.pdf", "application/pdf")]
    [InlineData("xml/ubl/XRECHNUNG_Reisekostenabrechnung.ubl.xml", "text/xml")]
    public async Task A_sample_einvoice_completes_with_every_value_its_xml_states(string file, string contentType)
    {
        var content = await File.ReadAllBytesAsync(SharedFolder.Require(Path.Combine("datasets", "einvoices", file)), Cancellation);
        var kind = file.EndsWith(".pdf", StringComparison.Ordinal) ? DocumentKind.Pdf : DocumentKind.Xml;
        var expected = EInvoiceReader.Read(EInvoiceFinder.Load(new EInvoiceFinder().Find(kind, content)!));
        var token = fixture.Stack.CreateToken("e2e-samples");

        var invoice = await fixture.ScanAsync(token, Path.GetFileName(file), contentType, content, Cancellation);

        Assert.Equal("COMPLETED", invoice.Status);
        Assert.Equal(expected.Engine, invoice.Engine);
        Assert.Equal(Values(expected.Fields), Values(invoice.Fields!));
        Assert.Equal(expected.LineItems.Select(l => (l.Description?.Value, l.Amount?.Value)), invoice.LineItems!.Select(l => (l.Description?.Value, l.Amount?.Value)));
    }

    private static List<string> Values(InvoiceFields f) =>
    [
        $"{f.VendorName?.Value}|{f.VendorAddress?.Value}|{f.VendorTaxId?.Value}|{f.ReceiverName?.Value}|{f.ReceiverAddress?.Value}",
        $"{f.InvoiceNumber?.Value}|{f.InvoiceDate?.Value}|{f.DueDate?.Value}|{f.PoNumber?.Value}|{f.PaymentTerms?.Value}|{f.Currency?.Value}",
        $"{f.Subtotal?.Value}|{f.Tax?.Value}|{f.Total?.Value}|{f.AmountDue?.Value}|{f.AmountPaid?.Value}|{f.Discount?.Value}",
    ];
}
