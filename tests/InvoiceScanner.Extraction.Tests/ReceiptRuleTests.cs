using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Receipt rules for the date (the sale date beside its time) and the total (rounding, chained totals, labels), on
/// hand-made layouts with invented names and numbers. The vendor/address decoder is in <see cref="ReceiptVendorRuleTests"/>
/// and <see cref="ReceiptAddressRuleTests"/>.
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
}
