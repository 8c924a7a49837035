using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

public sealed class PartyTextTests
{
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
