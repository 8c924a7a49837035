using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>Receipt rules for the vendor name: which lines it spans and which lines are never part of it.</summary>
public sealed class ReceiptVendorRuleTests : ReceiptPartyRuleTestBase
{
    [Fact]
    public void A_name_line_of_generic_words_takes_the_name_line_above()
    {
        var lines = Lines("SRI MELATI VEGETARIAN", "RESTAURANT SDN BHD", "(1234567-X)", "54, JALAN SS 9/11", "47400 PETALING JAYA", "TEL: 03-1234 5678");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.2, 0.01), (0.99, 0.01), (0.01, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("SRI MELATI VEGETARIAN RESTAURANT SDN BHD", vendor!.Value);
    }

    [Fact]
    public void A_logo_printed_one_word_per_line_is_collected_up_to_four_lines()
    {
        var lines = Lines("3180502", "THE", "BREAD", "GUY", "BAKERY", "117, JALAN CONTOH, TAMAN CONTOH", "TEL:03-9054 0000");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.01, 0.01), (0.5, 0.01), (0.2, 0.01), (0.3, 0.01), (0.9, 0.01), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("THE BREAD GUY BAKERY", vendor!.Value);
    }

    [Fact]
    public void A_distinctive_name_line_is_not_extended()
    {
        var lines = Lines("WELCOME", "GOLDEN SPOON CAFE", "12, JALAN CONTOH", "TEL: 03-1234 5678");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.1, 0.01), (0.95, 0.01), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("GOLDEN SPOON CAFE", vendor!.Value);
    }

    [Fact]
    public void A_registered_company_line_beats_a_brand_line_of_about_the_same_score()
    {
        var lines = Lines("SCOOPY ICE CREAM", "DESA CITY", "GOLDEN CONE SDN BHD (169609-A)", "A-16-1, TOWER A, JALAN CONTOH");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.45, 0.01), (0.3, 0.3), (0.44, 0.01), (0.01, 0.95)), "test");
        Assert.Equal("GOLDEN CONE SDN BHD", vendor!.Value);

        var (clearBrand, _) = VendorDecoder.Decode(lines, Scores((0.9, 0.01), (0.3, 0.3), (0.44, 0.01), (0.01, 0.95)), "test");
        Assert.Equal("SCOOPY ICE CREAM", clearBrand!.Value);
    }

    [Fact]
    public void A_registered_company_line_naming_the_brand_wins_and_its_owner_label_is_dropped()
    {
        var lines = Lines("KEDAI ROTI MANIS", "DIMILIKI: KEDAI ROTI MANIS SDN BHD 1234567-W", "NO 1, JALAN CONTOH 7/10", "47100 PUCHONG SELANGOR");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.09, 0.01), (0.05, 0.01), (0.01, 0.99), (0.01, 0.99)), "test");
        Assert.Equal("KEDAI ROTI MANIS SDN BHD", vendor!.Value);
    }

    [Fact]
    public void When_no_line_reads_as_the_vendor_the_registered_company_name_is_taken_up_to_its_legal_form()
    {
        var lines = Lines("THANK YOU FOR SHOPPING AT KEDAI.COM", "TAMAN CONTOH", "LOT 5, JALAN CONTOH, 47301 PETALING JAYA",
            "KEDAI RUNCIT SB(123456-X) FKA CONTOH STORES SB", "QTY PRICE AMT");
        var unsure = Scores((0.08, 0.01), (0.12, 0.3), (0.01, 0.99), (0.03, 0.01), (0.02, 0.01));
        var (vendor, _) = VendorDecoder.Decode(lines, unsure, "test");
        Assert.Equal("KEDAI RUNCIT SB", vendor!.Value);
        Assert.Contains(vendor.Trace, t => t.Contains("registered company name in line 3", StringComparison.Ordinal));

        // A line the scorer is fairly sure of stays the vendor.
        var sure = Scores((0.08, 0.01), (0.6, 0.3), (0.01, 0.99), (0.03, 0.01), (0.02, 0.01));
        Assert.Equal("TAMAN CONTOH", VendorDecoder.Decode(lines, sure, "test").Vendor!.Value);

        // A legal form without a registration number beside it is not enough.
        var unregistered = Lines("THANK YOU", "TAMAN CONTOH", "LOT 5, JALAN CONTOH, 47301 PETALING JAYA", "KEDAI RUNCIT SDN BHD", "QTY PRICE AMT");
        Assert.Equal("TAMAN CONTOH", VendorDecoder.Decode(unregistered, unsure, "test").Vendor!.Value);

        // The shop's own name heading the receipt, the same business as the registered one, stays the vendor.
        var sameBusiness = Lines("KEDAI STATIONERY SHOP", "TAMAN CONTOH", "LOT 5, JALAN CONTOH, 47301 PETALING JAYA",
            "KEDAI SUPPLY SDN BHD (123456-X)", "QTY PRICE AMT");
        var shopFirst = Scores((0.17, 0.01), (0.12, 0.3), (0.01, 0.99), (0.03, 0.01), (0.02, 0.01));
        Assert.Equal("KEDAI STATIONERY SHOP", VendorDecoder.Decode(sameBusiness, shopFirst, "test").Vendor!.Value);
    }

    [Theory]
    [InlineData("CONTOH BOOK|CO. (M) SDN BHD", 0.3, 0.99, "CONTOH BOOK CO. (M) SDN BHD")]          // starts with "CO. ("
    [InlineData("PASAR RAYA CONTOH|(SEMENYIH) SDN BHD", 0.28, 0.99, "PASAR RAYA CONTOH (SEMENYIH) SDN BHD")] // branch in brackets, then the legal form
    [InlineData("CONTOH HARDWARE ENTERPRISE (SETIA|ALAM) SDN BHD", 0.2, 0.9, "CONTOH HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD")] // closing bracket first
    [InlineData("HOME CONTOH HARDWARE &|ELECTRICAL", 0.9, 0.36, "HOME CONTOH HARDWARE & ELECTRICAL")] // ends with "&"
    [InlineData("CONTOH TRADING|ELECTRICAL", 0.9, 0.36, "CONTOH TRADING")]                         // a whole name: nothing to take
    public void A_name_broken_over_lines_is_taken_whole(string names, double first, double second, string expected)
    {
        var lines = Lines([.. names.Split('|'), "NO 12, JALAN CONTOH 3,", "53100 KUALA LUMPUR", "TEL: 03-1234 5678"]);
        var scores = Scores((first, 0.01), (second, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01));
        Assert.Equal(expected, VendorDecoder.Decode(lines, scores, "test").Vendor!.Value);
    }

    [Theory]
    [InlineData("AEON CONTOH CITY,", 0.15)]        // an address line between the unit and the street
    [InlineData("(CONTOH SHOP (95874))", 0.45)]    // an aside to the name: a shop code, a former name
    public void A_line_shaped_unlike_a_name_gives_way_to_a_slightly_less_likely_name(string unlike, double p)
    {
        var lines = Lines("YHM CONTOH CITY", unlike, "1, JALAN DESA CONTOH,", "81100 JOHOR BAHRU", "TEL: 07-123 4567");
        var scores = Scores((0.13, 0.05), (p, 0.05), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01));
        Assert.Equal("YHM CONTOH CITY", VendorDecoder.Decode(lines, scores, "test").Vendor!.Value);

        // Far likelier, it stays the name.
        var sure = Scores((0.13, 0.05), (0.95, 0.05), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01));
        Assert.Equal(unlike.TrimEnd(','), VendorDecoder.Decode(lines, sure, "test").Vendor!.Value.TrimEnd(','));
    }

    [Theory]
    [InlineData("PRICE")]
    [InlineData("QTY  AMOUNT")]
    [InlineData("CASH")]
    public void Column_headings_and_payment_labels_are_not_the_name(string heading)
    {
        var lines = Lines("CONTOH GIFT & HOME DECO", "27,JALAN CONTOH 13", "81100 JOHOR BAHRU", heading);
        var scores = Scores((0.10, 0.05), (0.04, 0.99), (0.01, 0.99), (0.11, 0.01));
        Assert.Equal("CONTOH GIFT & HOME DECO", VendorDecoder.Decode(lines, scores, "test").Vendor!.Value);
    }

    [Fact]
    public void Once_a_name_goes_on_upwards_a_likely_name_line_above_is_its_beginning()
    {
        var lines = Lines("AIK CONTOH HARDWARE", "ENTERPRISE (SETIA", "ALAM) SDN BHD", "NO 12, JALAN CONTOH 3,", "53100 KUALA LUMPUR");
        var likely = Scores((0.72, 0.01), (0.24, 0.01), (0.9, 0.01), (0.01, 0.99), (0.01, 0.99));
        Assert.Equal("AIK CONTOH HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD", VendorDecoder.Decode(lines, likely, "test").Vendor!.Value);

        // A line above that does not read as a name stays out.
        var unlikely = Scores((0.3, 0.01), (0.24, 0.01), (0.9, 0.01), (0.01, 0.99), (0.01, 0.99));
        Assert.Equal("ENTERPRISE (SETIA ALAM) SDN BHD", VendorDecoder.Decode(lines, unlikely, "test").Vendor!.Value);
    }

    [Fact]
    public void A_label_and_its_value_printed_above_the_name_are_not_part_of_it()
    {
        var doc = new DocumentBuilder()
            .Row((0.05, "WARNING:"), (0.4, "PAPER LOW"))
            .Line("CONTOH TRADING SDN BHD")
            .Line("12, JALAN CONTOH 3, 81100 JOHOR BAHRU")
            .Build();
        var lines = DocumentLayout.Build(doc).Lines;
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.9, 0.01), (0.9, 0.01), (0.99, 0.01), (0.01, 0.99)), "test");
        Assert.Equal("CONTOH TRADING SDN BHD", vendor!.Value);
    }

    [Theory]
    [InlineData("RESTAURANT SDN BHD", true)]
    [InlineData("BAKERY 000965911-P", true)]
    [InlineData("LIAN CHI VEGETARIAN", false)]
    [InlineData("1234", false)]
    public void Generic_name_lines_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.IsGenericNameOnly(text));
}
