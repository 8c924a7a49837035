namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// A station's order or invoice to an agency: the gross is what the schedule is worth, the agency keeps its commission
/// and passes on the net. The page's arithmetic (net + commission = gross, the commission its printed rate) tells the net
/// from a total; without a commission the net stays whatever its label makes it. A totals row counts its spots before its money.
/// </summary>
public sealed class AgencyCommissionTests
{
    private static DocumentBuilder Station() => new DocumentBuilder().Line("KUTV").Line("Contract # 4374657").Gap(2);

    [Fact]
    public void A_grand_total_with_the_commission_and_the_net_below_it_is_the_total_and_the_net_is_due()
    {
        var fields = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.05, "Grand Total:"), (0.3, "98"), (0.45, "$25,150.00"))
            .Row((0.05, "Commission %"), (0.3, "15.00"))
            .Row((0.05, "Phone/Fax  /  Commission"), (0.45, "$3,772.50"))
            .Row((0.05, "CPE  Net Total"), (0.45, "$21,377.50")).Build()).Fields;

        Assert.Equal(25150.00m, fields.Total?.Value);
        Assert.Equal(21377.50m, fields.AmountDue?.Value);
    }

    [Fact]
    public void The_net_of_the_commission_is_no_rival_of_the_gross_so_the_total_is_not_held_for_it()
    {
        var result = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.05, "Gross Total"), (0.45, "$238.00"), (0.6, "Total Spots"), (0.8, "14"))
            .Row((0.05, "Net 30-Payment is due within 30 days"), (0.6, "Commission"), (0.8, "$35.70"))
            .Row((0.05, "Net Total"), (0.45, "$202.30")).Build());

        Assert.Equal(238.00m, result.Fields.Total?.Value);
        Assert.DoesNotContain(result.Fields.Total!.Trace, t => t.Contains("202.30", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == "LOW_CONFIDENCE" && r.Field == "Total");
    }

    [Fact]
    public void A_totals_rows_count_before_its_money_is_no_total()
    {
        var result = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.05, "Totals"), (0.3, "91"), (0.45, "$9,865.00")).Build());

        Assert.Equal(9865.00m, result.Fields.Total?.Value);
        Assert.DoesNotContain(result.Fields.Total!.Trace, t => t.Contains("'91'", StringComparison.Ordinal));
    }

    [Fact]
    public void Whole_dollars_with_the_sign_in_front_are_money_so_the_count_before_them_is_no_total()
    {
        var result = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.02, "Total 7 Spots for:"), (0.30, "$165"), (0.56, "7"), (0.62, "$165"), (0.80, "0.0")).Build());

        Assert.Equal(165.00m, result.Fields.Total?.Value);
        Assert.DoesNotContain(result.Fields.Total!.Trace, t => t.Contains("'7'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Net Total")]
    [InlineData("NetTotal")]
    public void Where_only_the_net_and_the_commission_print_the_gross_is_worked_out_and_says_so(string netLabel)
    {
        var fields = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.05, "Commission %"), (0.3, "15.00"))
            .Row((0.05, "Commission"), (0.45, "$210.00"))
            .Row((0.05, netLabel), (0.45, "$1,190.00")).Build()).Fields;

        Assert.Equal(1400.00m, fields.Total?.Value);
        Assert.Contains(fields.Total!.Trace, t => t.Contains("1190.00 + agency commission 210.00", StringComparison.Ordinal));
        Assert.Equal(1190.00m, fields.AmountDue?.Value);
    }

    [Fact]
    public void A_commission_that_is_not_the_printed_rate_of_net_plus_commission_leaves_the_net_the_total()
    {
        // 100 is not 15 % of 1,290: some other commission, nothing says the net is of it.
        var fields = new LocalInvoiceExtractor().Extract(Station()
            .Row((0.05, "Commission %"), (0.3, "15.00"))
            .Row((0.05, "Commission"), (0.45, "$100.00"))
            .Row((0.05, "Net Total"), (0.45, "$1,190.00")).Build()).Fields;

        Assert.Equal(1190.00m, fields.Total?.Value);
    }

    [Fact]
    public void A_receipts_nett_total_after_a_discount_stays_the_total()
    {
        var fields = new LocalInvoiceExtractor().Extract(new DocumentBuilder().Line("KEDAI RUNCIT ABC").Line("TAX INVOICE")
            .Row((0.05, "SUBTOTAL"), (0.7, "20.00"))
            .Row((0.05, "DISCOUNT"), (0.7, "-2.00"))
            .Row((0.05, "NETT TOTAL"), (0.7, "18.00")).Build()).Fields;

        Assert.Equal(18.00m, fields.Total?.Value);
        Assert.Null(fields.AmountDue);
    }
}
