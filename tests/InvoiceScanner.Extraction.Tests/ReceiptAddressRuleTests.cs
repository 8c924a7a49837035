using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>Receipt rules for the vendor address: where it starts, which lines join it and what ends it.</summary>
public sealed class ReceiptAddressRuleTests : ReceiptPartyRuleTestBase
{
    [Fact]
    public void An_address_line_ending_in_a_comma_continues_on_the_next_line()
    {
        var lines = Lines("THREE FRIENDS BISTRO", "109, SS21/1A,", "DAMANSARA UTAMA", "TEL: 03-1234 5678");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.95, 0.01), (0.02, 0.37), (0.01, 0.9), (0.01, 0.02)), "test");
        Assert.Equal("109, SS21/1A, DAMANSARA UTAMA", address!.Value);
    }

    [Fact]
    public void The_first_address_lines_join_upwards_up_to_the_tax_number_line()
    {
        var lines = Lines("CONTOH STATIONERY SDN BHD", "GST REG NO : 001032990000", "F-G-01 JALAN SS 6/5B", "DATARAN CONTOH, KELANA JAYA", "47301 PETALING JAYA, SELANGOR", "03-7880 0000");
        var scores = Scores((0.99, 0.01), (0.01, 0.05), (0.01, 0.23), (0.01, 0.46), (0.01, 0.97), (0.01, 0.05));
        var (_, address) = VendorDecoder.Decode(lines, scores, "test");
        Assert.Equal("F-G-01 JALAN SS 6/5B DATARAN CONTOH, KELANA JAYA 47301 PETALING JAYA, SELANGOR", address!.Value);

        // A line that starts with the premises number and names a street leads even where the scorer doubts it (a shop it never saw).
        var doubted = Scores((0.99, 0.01), (0.01, 0.05), (0.01, 0.05), (0.01, 0.46), (0.01, 0.97), (0.01, 0.05));
        var (_, premises) = VendorDecoder.Decode(lines, doubted, "test");
        Assert.Equal("F-G-01 JALAN SS 6/5B DATARAN CONTOH, KELANA JAYA 47301 PETALING JAYA, SELANGOR", premises!.Value);

        // Without a leading street line above it, the unmarked line stays out.
        var noStreet = Lines("CONTOH STATIONERY SDN BHD", "GST REG NO : 001032990000", "SHOP 2 CONTOH MALL", "DATARAN CONTOH, KELANA JAYA", "47301 PETALING JAYA, SELANGOR", "03-7880 0000");
        var (_, shorter) = VendorDecoder.Decode(noStreet, doubted, "test");
        Assert.Equal("47301 PETALING JAYA, SELANGOR", shorter!.Value);
    }

    [Fact]
    public void A_premises_line_naming_a_street_or_ending_in_a_comma_joins_the_address_below_it_however_the_scorer_doubts_it()
    {
        var lines = Lines("CONTOH BOOKS", "NO 1&3, JALAN CONTOH DELIMA 12,", "WANGSA LINK, WANGSA MAJU,", "53300 KUALA LUMPUR", "TEL: 03-1234 5678");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.95, 0.01), (0.01, 0.13), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("NO 1&3, JALAN CONTOH DELIMA 12, WANGSA LINK, WANGSA MAJU, 53300 KUALA LUMPUR", address!.Value);

        // A premises line that goes on to the next one joins too.
        var level = Lines("CONTOH BOOKS", "L4-17 (B), LEVEL 4,", "WANGSA LINK, WANGSA MAJU,", "53300 KUALA LUMPUR", "TEL: 03-1234 5678");
        var (_, withLevel) = VendorDecoder.Decode(level, Scores((0.95, 0.01), (0.01, 0.13), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("L4-17 (B), LEVEL 4, WANGSA LINK, WANGSA MAJU, 53300 KUALA LUMPUR", withLevel!.Value);

        // Without the street word or the comma it is left to the scorer.
        var unit = Lines("CONTOH BOOKS", "NO 1&3, CONTOH DELIMA 12", "WANGSA LINK, WANGSA MAJU,", "53300 KUALA LUMPUR", "TEL: 03-1234 5678");
        var (_, shorter) = VendorDecoder.Decode(unit, Scores((0.95, 0.01), (0.01, 0.13), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("WANGSA LINK, WANGSA MAJU, 53300 KUALA LUMPUR", shorter!.Value);
    }

    [Fact]
    public void A_stop_line_after_a_trailing_comma_does_not_join_the_address()
    {
        var lines = Lines("CONTOH TRADING", "75, JALAN SS 22/19, DAMANSARA JAYA, 47400 PJ,", "TEL: 03-1234 5678");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.95, 0.01), (0.01, 0.99), (0.01, 0.3)), "test");
        Assert.Equal("75, JALAN SS 22/19, DAMANSARA JAYA, 47400 PJ,", address!.Value);
    }

    [Fact]
    public void A_label_in_front_of_the_address_is_dropped()
    {
        var lines = Lines("CONTOH MART SDN BHD", "HQ ADD: LOT 11995, BATU 2, JALAN KAPAR", "41400 KLANG, SELANGOR", "TEL: 03-1234 5678");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.95, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR", address!.Value);
    }

    [Fact]
    public void A_branch_name_line_above_the_premises_number_is_not_part_of_the_address()
    {
        var lines = Lines("KEDAI CONTOH SDN BHD", "TAMAN MELATI OUTLET", "NO 12, JALAN MELATI 3,", "TAMAN MELATI, 53100 KUALA LUMPUR", "TEL: 03-1234 5678");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.99, 0.01), (0.05, 0.9), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("NO 12, JALAN MELATI 3, TAMAN MELATI, 53100 KUALA LUMPUR", address!.Value);

        // A line naming a street is part of the address even above the premises number.
        var street = Lines("KEDAI CONTOH SDN BHD", "JALAN MELATI UTAMA", "90 GROUND FLOOR", "JALAN CONTOH", "TEL: 03-1234 5678");
        var (_, withStreet) = VendorDecoder.Decode(street, Scores((0.99, 0.01), (0.05, 0.9), (0.01, 0.99), (0.01, 0.99), (0.01, 0.01)), "test");
        Assert.Equal("JALAN MELATI UTAMA 90 GROUND FLOOR JALAN CONTOH", withStreet!.Value);
    }

    [Fact]
    public void A_postcode_printed_on_its_own_line_closes_the_address()
    {
        var lines = Lines("CONTOH BOOKS", "LOT F1 & 2, CONTOH MALL", "NO 1, JLN PJU 1A/4", "47301", "GST REG NO : 000123456789");
        var (_, address) = VendorDecoder.Decode(lines, Scores((0.95, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.1), (0.01, 0.01)), "test");
        Assert.Equal("LOT F1 & 2, CONTOH MALL NO 1, JLN PJU 1A/4 47301", address!.Value);
    }

    [Fact]
    public void A_branch_line_between_the_postcode_line_and_the_tax_block_ends_the_address()
    {
        var lines = Lines("CONTOH MART S/B (123456-X)", "LOT 5, JALAN CONTOH,", "TAMAN CONTOH", "41150 KLANG, SELANGOR", "1234-TAMAN MELATI", "GST ID. NO : 000123456789");
        PartyLineScore[] Scored(double tail) => [.. Scores((0.99, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.99), (0.01, tail), (0.01, 0.01))];
        Assert.Equal("LOT 5, JALAN CONTOH, TAMAN CONTOH 41150 KLANG, SELANGOR 1234-TAMAN MELATI", VendorDecoder.Decode(lines, Scored(0.4), "test").Address!.Value);
        // Not when the scorer finds it unlikely.
        Assert.Equal("LOT 5, JALAN CONTOH, TAMAN CONTOH 41150 KLANG, SELANGOR", VendorDecoder.Decode(lines, Scored(0.1), "test").Address!.Value);

        // Nor when more header lines follow before the phone/tax block.
        var more = Lines("CONTOH MART S/B (123456-X)", "LOT 5, JALAN CONTOH,", "TAMAN CONTOH", "41150 KLANG, SELANGOR", "1234-TAMAN MELATI", "SELAMAT DATANG", "GST ID. NO : 000123456789");
        var (_, address) = VendorDecoder.Decode(more, Scores((0.99, 0.01), (0.01, 0.99), (0.01, 0.99), (0.01, 0.99), (0.01, 0.4), (0.01, 0.01), (0.01, 0.01)), "test");
        Assert.Equal("LOT 5, JALAN CONTOH, TAMAN CONTOH 41150 KLANG, SELANGOR", address!.Value);
    }

    [Theory]
    [InlineData("NO.12A,JLN SS2/60", true)]
    [InlineData("30, JLN CONTOH 7", true)]
    [InlineData("LOT F/L2.4, LEVEL 2", true)]
    [InlineData("G-26, GRD FLOOR", true)]
    [InlineData("BANDAR BARU CONTOH", false)]
    [InlineData("NOMBOR SATU", false)]
    public void Premises_numbers_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.StartsWithPremisesNumber(text));

    [Theory]
    [InlineData("GST REG NO : 001032994816", true)]
    [InlineData("(GST ID NO : 001147416576)", true)]
    [InlineData("CO-REG:860671-D", true)]
    [InlineData("TEL: 03-7805 7889", false)]
    [InlineData("54,JALAN SS23/11.", false)]
    public void Tax_and_registration_lines_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.IsTaxIdLine(text));
}
