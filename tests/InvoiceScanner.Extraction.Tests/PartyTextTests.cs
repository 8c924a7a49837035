using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

public sealed class PartyTextTests
{
    [Theory]
    [InlineData("smaystone4@fake.com", true)]
    [InlineData("  accounts@northwind-supplies.co.uk ", true)]
    [InlineData("www.northwind-supplies.com", true)]
    [InlineData("https://northwind.example/billing", true)]
    [InlineData("Northwind Supplies Ltd", false)]
    [InlineData("Café @ Home", false)]
    [InlineData("Northwind Supplies, info@northwind.example", false)]
    public void An_e_mail_or_web_address_alone_on_its_line_is_never_a_name(string line, bool never) =>
        Assert.Equal(never, Fields.Parties.NameShape.IsNeverAName(line));

    [Theory]
    [InlineData("| HON HWA HARDWARE TRADING", "HON HWA HARDWARE TRADING")]
    [InlineData("; NO.113G & 115G, JALAN SETIA", "NO.113G & 115G, JALAN SETIA")]
    [InlineData("— » 176 JLN SUNGEI BESI", "176 JLN SUNGEI BESI")]
    [InlineData(". UNIHAKKA INTERNATIONAL SDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD")]
    // What may start a real name or address stays.
    [InlineData("(M) SDN BHD", "(M) SDN BHD")]
    [InlineData("#01-23 PLAZA SINGAPURA", "#01-23 PLAZA SINGAPURA")]
    [InlineData("'T HUYS BV", "'T HUYS BV")]
    [InlineData("-20, JALAN RIA", "-20, JALAN RIA")]
    [InlineData("& SONS TRADING", "& SONS TRADING")]
    [InlineData("|", "|")]
    public void A_mark_ocr_made_of_the_margin_is_dropped_from_the_start_of_a_line(string line, string expected) =>
        Assert.Equal(expected, PartyText.TrimOcrMargin(line));
}
