using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Receipt rules for the total (rounding, chained totals, labels) and the vendor/address decoder (name and
/// address spans), on hand-made layouts with invented names and numbers.
/// </summary>
public sealed class ReceiptRuleTests
{
    private static ExtractionResult Extract(OcrDocument doc) => new LocalInvoiceExtractor().Extract(doc, ExtractionOptions.Default);

    private static DocumentBuilder Receipt() => new DocumentBuilder()
        .Line("KEDAI CONTOH SDN BHD")
        .Line("12, JALAN CONTOH 3, 81100 JOHOR BAHRU")
        .Row((0.05, "DATE: 25/12/2018"))
        .Gap(15);

    [Fact]
    public void The_sale_date_printed_with_its_time_beats_dates_inside_item_codes()
    {
        // The date with a time is printed low on the slip, below item lines whose codes read as dates.
        var doc = new DocumentBuilder()
            .Line("KEDAI CONTOH SDN BHD")
            .Line("12, JALAN CONTOH 3, 81100 JOHOR BAHRU")
            .Gap(3)
            .Row((0.05, "HD03-04-06 - 5/40/160"), (0.8, "15.00"))
            .Row((0.05, "CK 11-22-31 - 10/400"), (0.8, "4.00"))
            .Row((0.05, "TOTAL"), (0.8, "19.00"))
            .Gap(6)
            .Row((0.05, "19-09-17 15:39 SH01 ZJ03"))
            .Build();
        var date = Extract(doc).Fields.InvoiceDate!;
        Assert.Equal(new DateOnly(2017, 9, 19), date.Value);
        Assert.Contains(date.Trace, t => t.Contains("glued to letters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("19-09-17 15:39 SH01", true)]
    [InlineData("DATE: 13/03/2017 03:00:42PM", true)]
    [InlineData("05/03/2018 TIME: 7:07", true)]
    [InlineData("19-09-17 SH01 15:39", false)]
    [InlineData("19-09-17  12.50", false)]
    public void A_clock_time_right_after_a_date_is_recognised(string text, bool expected)
    {
        var match = Parsing.DateParser.FindAll(text)[0];
        Assert.Equal(expected, DateFieldsExtractor.IsFollowedByTime(text, match));
    }

    [Theory]
    [InlineData("AMOUNT TO BE PAID :", AmountRole.Due)]
    [InlineData("AMT PAID INCL. GST :", AmountRole.Total)]
    [InlineData("TOTAL AFTER ADJ INCL GST", AmountRole.Total)]
    [InlineData("SUBTOTAL (QTY 4)", AmountRole.Subtotal)]
    [InlineData("SUBTOTAL (QTY", AmountRole.Quantity)]
    [InlineData("SERV CHARGE 10%", AmountRole.ServiceCharge)]
    [InlineData("ROUNDING ADJ", AmountRole.Rounding)]
    [InlineData("AMT PAID EXCL. GST :", AmountRole.Subtotal)]
    public void Receipt_labels_get_their_role(string label, AmountRole expected) =>
        Assert.Equal(expected, Labels.ClassifyAmountLabel(label).Role);

    [Fact]
    public void An_unsigned_rounding_is_applied_downwards_when_the_rounded_total_is_printed_below()
    {
        var doc = Receipt()
            .Row((0.05, "ITEM A"), (0.8, "30.91"))
            .Row((0.05, "TOTAL"), (0.8, "RM 30.91"))
            .Row((0.05, "ROUNDING ADJUSTMENT"), (0.8, "RM 0.01"))
            .Row((0.05, "TOTAL ROUNDED"), (0.8, "RM 30.90"))
            .Row((0.05, "CASH"), (0.8, "RM 51.00"))
            .Row((0.05, "CHANGE"), (0.8, "RM 20.10"))
            .Build();
        Assert.Equal(30.90m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void A_rounding_does_not_promote_an_amount_printed_above_the_total_or_off_the_cash_grid()
    {
        // 10.45 − 0.01 = 10.44 is printed in the tax summary below, but rounding lands on multiples of 0.05.
        var doc = Receipt()
            .Row((0.05, "ITEM A"), (0.8, "11.60"))
            .Row((0.05, "ITEM DISCOUNT 10%"), (0.8, "-1.16"))
            .Row((0.05, "ROUNDING ADJ"), (0.8, "0.01"))
            .Row((0.05, "TOTAL INCLUSIVE GST:"), (0.8, "10.45"))
            .Row((0.05, "CASH"), (0.8, "20.00"))
            .Row((0.05, "CHANGE"), (0.8, "9.55"))
            .Row((0.05, "SR 6%"), (0.5, "9.85"), (0.65, "0.59"), (0.8, "10.44"))
            .Build();
        Assert.Equal(10.45m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void The_amount_after_the_rounding_line_is_the_total_even_when_a_subtotal_equals_the_unrounded_one()
    {
        var doc = Receipt()
            .Row((0.05, "1X 000008204363"), (0.8, "14.99"))
            .Row((0.05, "ITEM PROMO @9.99"), (0.8, "-5.00"))
            .Row((0.05, "1X 000001018506"), (0.8, "88.38"))
            .Row((0.05, "SUB-TOTAL"), (0.8, "98.37"))
            .Row((0.05, "TOTAL SALES INCL GST"), (0.8, "98.37"))
            .Row((0.05, "ROUNDING ADJ"), (0.8, "-0.02"))
            .Row((0.05, "TOTAL AFTER ADJ INCL GST"), (0.8, "98.35"))
            .Row((0.05, "CASH"), (0.8, "100.00"))
            .Row((0.05, "GST SUMMARY"), (0.5, "AMOUNT"), (0.8, "TAX"))
            .Row((0.05, "TOTAL"), (0.5, "92.80"), (0.8, "5.57"))
            .Build();
        Assert.Equal(98.35m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void A_later_total_that_adds_tax_charges_and_rounding_to_an_earlier_total_is_the_total()
    {
        var doc = Receipt()
            .Row((0.05, "QTY DESCRIPTION"), (0.8, "TOTAL(RM)"))
            .Row((0.05, "1 106"), (0.8, "33.00"))
            .Row((0.05, "TOTAL SALES AMOUNT"), (0.8, "33.00"))
            .Row((0.05, "GST 6%"), (0.8, "1.98"))
            .Row((0.05, "ROUNDING ADJUSTMENT"), (0.8, "0.02"))
            .Row((0.05, "TOTAL"), (0.8, "35.00"))
            .Row((0.05, "CASH"), (0.8, "55.00"))
            .Row((0.05, "SR = 6%"), (0.5, "33.00"), (0.8, "1.98"))
            .Build();
        Assert.Equal(35.00m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void Without_a_clear_total_label_the_amount_that_subtotal_plus_tax_explains_wins()
    {
        var doc = Receipt()
            .Row((0.05, "2 * RM 33.02"), (0.8, "=RM 66.04"))
            .Row((0.05, "SUB TOTAL  :"), (0.6, "RM"), (0.8, "68.87"))
            .Row((0.05, "GST/TAX 6%  :"), (0.6, "RM"), (0.8, "4.13"))
            .Row((0.05, "TO  :"), (0.6, "RM"), (0.8, "73.00"))
            .Build();
        Assert.Equal(73.00m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void A_discount_printed_above_the_subtotal_is_not_subtracted_again()
    {
        var doc = Receipt()
            .Row((0.05, "22241 SCISSORS"), (0.8, "18.00"))
            .Row((0.05, "64542 TWEEZER"), (0.8, "17.90"))
            .Row((0.05, "21434 WIPES"), (0.8, "7.90"))
            .Row((0.05, "PWP LESS 30% MAR 18"), (0.8, "-2.37"))
            .Row((0.05, "SUBTOTAL (QTY 4)"), (0.8, "RM41.43"))
            .Row((0.05, "ROUNDING"), (0.8, "RM0.02"))
            .Row((0.05, "SUBTOTAL (QTY 4)"), (0.8, "RM41.45"))
            .Row((0.05, "CASH"), (0.8, "RM51.50"))
            .Row((0.05, "RATE"), (0.3, "NET(RM)"), (0.5, "GST(RM)"), (0.8, "TOTAL(RM)"))
            .Row((0.05, "S 6.00%"), (0.3, "39.09"), (0.5, "2.34"), (0.8, "41.43"))
            .Build();
        var total = Extract(doc).Fields.Total!;
        Assert.Equal(41.45m, total.Value);
        Assert.Equal("RM41.45", total.Raw);
    }

    [Fact]
    public void A_paid_amount_is_still_the_total_when_arithmetic_says_so_and_an_earlier_total_is_not_overtaken_without_it()
    {
        // "ACCEPTED TOTAL 2.00" is cash tendered: nothing adds up to it, so the earlier labelled total stays.
        var doc = Receipt()
            .Row((0.05, "TOTAL AMOUNT"), (0.8, "1.50 RM"))
            .Row((0.05, "ACCEPTED TOTAL"), (0.8, "2.00 RM"))
            .Row((0.05, "CHANGE"), (0.8, "0.50 RM"))
            .Row((0.05, "GST 0%"), (0.5, "0.00"), (0.8, "0.00 RM"))
            .Build();
        Assert.Equal(1.50m, Extract(doc).Fields.Total!.Value);
    }

    [Fact]
    public void A_credit_note_total_under_a_strong_label_may_be_negative_but_a_negative_discount_is_never_the_total()
    {
        var credit = Receipt()
            .Row((0.05, "DESCRIPTION"), (0.8, "AMT(RM)"))
            .Row((0.05, "WHITE BREAD"), (0.8, "4.26"))
            .Row((0.05, "TOTAL 0% SUPPLIES:"), (0.8, "12.98"))
            .Row((0.05, "MUFFIN RETURNED"), (0.8, "-11.25"))
            .Row((0.05, "TOTAL 6% SUPPLIES (EXCL. GST):"), (0.8, "-13.87"))
            .Row((0.05, "GST:"), (0.8, "-0.84"))
            .Row((0.05, "TOTAL PAYABLE:"), (0.8, "-1.73"))
            .Build();
        Assert.Equal(-1.73m, Extract(credit).Fields.Total!.Value);

        var sale = Receipt()
            .Row((0.05, "ITEM A"), (0.8, "20.00"))
            .Row((0.05, "TOTAL DISCOUNT"), (0.8, "-5.00"))
            .Row((0.05, "TOTAL"), (0.8, "15.00"))
            .Build();
        Assert.Equal(15.00m, Extract(sale).Fields.Total!.Value);
    }

    // ----- vendor / address decoder -----

    private static IReadOnlyList<LayoutLine> Lines(params string[] texts)
    {
        var builder = new DocumentBuilder();
        foreach (var t in texts) builder.Line(t);
        return DocumentLayout.Build(builder.Build()).Lines;
    }

    private static IReadOnlyList<PartyLineScore> Scores(params (double Company, double Address)[] p) =>
        p.Select(x => new PartyLineScore(x.Company, x.Address)).ToList();

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
    public void A_registered_company_line_beats_a_brand_line_of_about_the_same_score()
    {
        var lines = Lines("SCOOPY ICE CREAM", "DESA CITY", "GOLDEN CONE SDN BHD (169609-A)", "A-16-1, TOWER A, JALAN CONTOH");
        var (vendor, _) = VendorDecoder.Decode(lines, Scores((0.45, 0.01), (0.3, 0.3), (0.44, 0.01), (0.01, 0.95)), "test");
        Assert.Equal("GOLDEN CONE SDN BHD", vendor!.Value);

        var (clearBrand, _) = VendorDecoder.Decode(lines, Scores((0.9, 0.01), (0.3, 0.3), (0.44, 0.01), (0.01, 0.95)), "test");
        Assert.Equal("SCOOPY ICE CREAM", clearBrand!.Value);
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
    [InlineData("NO.12A,JLN SS2/60", true)]
    [InlineData("30, JLN CONTOH 7", true)]
    [InlineData("LOT F/L2.4, LEVEL 2", true)]
    [InlineData("G-26, GRD FLOOR", true)]
    [InlineData("BANDAR BARU CONTOH", false)]
    [InlineData("NOMBOR SATU", false)]
    public void Premises_numbers_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.StartsWithPremisesNumber(text));

    [Theory]
    [InlineData("RESTAURANT SDN BHD", true)]
    [InlineData("BAKERY 000965911-P", true)]
    [InlineData("LIAN CHI VEGETARIAN", false)]
    [InlineData("1234", false)]
    public void Generic_name_lines_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.IsGenericNameOnly(text));

    [Theory]
    [InlineData("GST REG NO : 001032994816", true)]
    [InlineData("(GST ID NO : 001147416576)", true)]
    [InlineData("CO-REG:860671-D", true)]
    [InlineData("TEL: 03-7805 7889", false)]
    [InlineData("54,JALAN SS23/11.", false)]
    public void Tax_and_registration_lines_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, PartyText.IsTaxIdLine(text));
}
