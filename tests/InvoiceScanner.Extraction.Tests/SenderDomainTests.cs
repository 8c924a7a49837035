using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// The seller named by its own web or mail domain where nothing else tells the letterhead from the customer's block: an
/// ERP's layout with a logo text, the seller's address and the customer's address side by side, the site in the footer.
/// </summary>
public sealed class SenderDomainTests
{
    private static string? Vendor(string footer, string? customerLine = null)
    {
        var builder = new DocumentBuilder()
            .Row((0.8, "Global Wholesaler"))
            .Row((0.05, "Azure Interior"))
            .Row((0.05, "4557 De Silva St"))
            .Row((0.05, "Fremont CA 94538"))
            .Row((0.6, "YourCompany, Mitchell Admin"))
            .Row((0.6, "215 Vine St"))
            .Row((0.6, customerLine ?? "Scranton PA 18503"))
            .Row((0.05, "Invoice INV/2023/03/0008"))
            .Row((0.05, "Invoice Date: 03/20/2023"))
            .Row((0.5, "Total"), (0.85, "$ 279.84"))
            .Gap(3)
            .Row((0.2, footer));
        return new LocalInvoiceExtractor().Extract(builder.Build()).Fields.VendorName?.Value;
    }

    [Theory]
    [InlineData("(870)-931-0505 info@azure-interior.com http://www.azure-interior.com")]
    [InlineData("Visit us: www.azureinterior.co.uk")]
    [InlineData("https://azure.com/contact")]       // the name's first word, as "hetzner.de" is Hetzner Online GmbH's
    public void The_line_its_domain_spells_is_the_seller(string footer) =>
        Assert.Equal("Azure Interior", Vendor(footer));

    [Theory]
    [InlineData("azure.interior@gmail.com")]        // a mail provider's domain names nobody
    [InlineData("www.azureint.com")]                // not the name's first words, only letters of them
    public void A_providers_domain_or_one_that_only_begins_the_name_names_no_seller(string footer) =>
        Assert.NotEqual("Azure Interior", Vendor(footer));

    [Fact]
    public void A_name_and_domain_printed_in_the_customers_block_are_the_customers()
    {
        var document = new DocumentBuilder().Row((0.05, "Muster Handel")).Row((0.05, "Bill To:"))
            .Row((0.05, "Azure Interior")).Row((0.05, "www.azure-interior.com")).Row((0.05, "Fremont CA 94538")).Build();

        Assert.Null(SenderDomain.Find(new ExtractionContext(document, ExtractionOptions.Default).Layout, null));
    }
}
