using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Documents addressed to a buyer are booked by their buyer and number, so review asks for them; a value printed again
/// under its own label is surer; media orders name their seller by station or property.
/// </summary>
public sealed class AddressedDocumentTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    private static DocumentBuilder Invoice(string? buyerLine, bool withNumber = true)
    {
        var builder = new DocumentBuilder().Line("Harbour Joinery Ltd").Line("4 Quay Street, Leith, Edinburgh EH6 6LX").Gap()
            .Line("Bill to:");
        if (buyerLine is not null)
            builder.Line(buyerLine);
        builder.Gap();
        if (withNumber)
            builder.Row((0.05, "Invoice No: HJ-2201"), (0.6, "Date: 07/02/2024"));
        else
            builder.Row((0.6, "Date: 07/02/2024"));
        return builder.Row((0.05, "Oak staircase, fitted"), (0.8, "£2,450.00"))
            .Row((0.05, "Net Total"), (0.8, "£2,450.00"))
            .Row((0.05, "VAT @ 20%"), (0.8, "£490.00"))
            .Row((0.05, "Invoice Total"), (0.8, "£2,940.00"));
    }

    [Fact]
    public void A_document_that_labels_a_buyer_but_names_none_asks_for_one()
    {
        var result = Read(Invoice(null));

        Assert.Null(result.Fields.ReceiverName);
        Assert.Contains(result.ReviewReasons, r => r.Code == ReviewCodes.MissingBuyer && r.Field == FieldNames.ReceiverName);
    }

    [Fact]
    public void A_document_addressed_to_a_buyer_without_a_number_asks_for_one()
    {
        var result = Read(Invoice("Morningside Bakery Ltd", withNumber: false));

        Assert.Equal("Morningside Bakery Ltd", result.Fields.ReceiverName?.Value);
        Assert.Contains(result.ReviewReasons, r => r.Code == ReviewCodes.MissingNumber);
        Assert.DoesNotContain(Read(Invoice("Morningside Bakery Ltd")).ReviewReasons, r => r.Code is ReviewCodes.MissingNumber or ReviewCodes.MissingBuyer);
    }

    [Fact]
    public void A_till_receipt_needs_neither_buyer_nor_number()
    {
        var result = Read(new DocumentBuilder().Line("KEDAI RUNCIT MAJU SDN BHD").Line("NO 5, JALAN BESAR, 43000 KAJANG")
            .Line("STATION: CASHIER").Row((0.05, "DATE: 12/03/2018")).Row((0.05, "MILO 1KG"), (0.8, "15.90")).Row((0.05, "TOTAL"), (0.8, "15.90")));

        Assert.Equal("KEDAI RUNCIT MAJU SDN BHD", result.Fields.VendorName?.Value);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code is ReviewCodes.MissingBuyer or ReviewCodes.MissingNumber);
    }

    [Fact]
    public void A_media_order_names_its_seller_beside_the_property_cell()
    {
        var fields = Read(new DocumentBuilder().Row((0.6, "INVOICE")).Row((0.05, "Property"), (0.2, "WFLD"), (0.55, "Order #"), (0.7, "953959"))
            .Row((0.05, "Advertiser"), (0.2, "Warren for President")).Gap(2).Row((0.5, "Gross Total"), (0.8, "$1,200.00"))).Fields;

        Assert.Equal("WFLD", fields.VendorName?.Value);
    }

    /// <summary>
    /// A broadcaster's contract laid out as a form of heading rows: the station under "Property" beside other headings,
    /// the contract's date under "Original Date / Revision" in a row that starts with the station's phone and the
    /// campaign; lower down, the schedule's "Air Date" column lists the spots' dates.
    /// </summary>
    private static DocumentBuilder BroadcastContract() => new DocumentBuilder()
        .Row((0.03, "Contract Agreement Between:"), (0.7, "Print Date"), (0.77, "11/02/21"))
        .Row((0.2, "KQRS"), (0.66, "Contract / Revision"), (0.81, "Alt Order #"))
        .Row((0.2, "PO Box 120"), (0.68, "508812"), (0.81, "7731005"))
        .Row((0.2, "Bozeman, MT 59715"), (0.5, "Advertiser"), (0.79, "Original Date / Revision"))
        .Row((0.2, "(406) 555-0142"), (0.5, "Friends of Dana Whitfield"), (0.8, "11/02/21"), (0.9, "/ 11/02/21"))
        .Row((0.03, "And:"), (0.15, "Plainview Media Buying LLC"))
        .Row((0.6, "Property"), (0.7, "Account Executive"), (0.91, "Office"))
        .Row((0.6, "KQRS"), (0.7, "Lena Ortiz"), (0.91, "Regional"))
        .Gap(8)
        .Row((0.05, "Line"), (0.2, "Air Date"), (0.45, "Program"), (0.9, "Amount"))
        .Row((0.05, "1"), (0.2, "11/15/21"), (0.45, "Morning News"), (0.9, "$120.00"))
        .Row((0.05, "2"), (0.2, "11/16/21"), (0.45, "Evening News"), (0.9, "$180.00"))
        .Row((0.6, "Gross Total"), (0.9, "$300.00"));

    [Fact]
    public void A_form_of_heading_rows_names_the_station_under_property_and_the_date_under_its_heading()
    {
        var fields = Read(BroadcastContract()).Fields;

        Assert.Equal("KQRS", fields.VendorName?.Value);
        Assert.Contains(fields.VendorName!.Trace, t => t.Contains("under the seller's cell", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2021, 11, 2), fields.InvoiceDate?.Value);
        Assert.Contains(fields.InvoiceDate!.Trace, t => t.Contains("date label 'Original Date / Revision'", StringComparison.Ordinal));
    }

    /// <summary>A freelancer's invoice: the sender's name and e-mail over the bill-to and ship-to blocks, the customer's shop under the latter.</summary>
    private static DocumentBuilder Freelancer() => new DocumentBuilder()
        .Row((0.08, "Priya Ramaswamy"), (0.75, "INVOICE"))
        .Row((0.08, "priya.r@example.net"))
        .Row((0.75, "# 2024-017"))
        .Row((0.71, "Date:"), (0.84, "Mar 4, 2024"))
        .Row((0.08, "Bill To:"), (0.3, "Ship To:"))
        .Row((0.08, "Owen Hartley"), (0.3, "Hartley Cycles Ltd"))
        .Row((0.08, "owen@example.org"), (0.3, "owen@example.org"), (0.68, "Due Date:"), (0.83, "Apr 3, 2024"))
        .Row((0.63, "Balance Due:"), (0.86, "$340.00"))
        .Row((0.07, "Item"), (0.6, "Quantity"), (0.77, "Rate"), (0.87, "Amount"))
        .Row((0.07, "Wheel truing"), (0.6, "8"), (0.75, "$42.50"), (0.87, "$340.00"))
        .Row((0.71, "Total:"), (0.87, "$340.00"));

    [Fact]
    public void The_vendor_is_never_read_from_under_a_bill_to_or_ship_to_label()
    {
        var fields = Read(Freelancer()).Fields;

        Assert.Equal("Priya Ramaswamy", fields.VendorName?.Value);
        Assert.Equal("Owen Hartley", fields.ReceiverName?.Value);
    }

    private static DocumentBuilder TwoTotals(bool totalRepeated, bool rivalRepeated)
    {
        var builder = new DocumentBuilder().Line("Harbour Joinery Ltd").Row((0.05, "Invoice No: HJ-2201"), (0.6, "Date: 07/02/2024"))
            .Row((0.05, "Net Total"), (0.8, "£4,417.50"))
            .Row((0.05, "Invoice Total"), (0.8, "£5,301.00")).Gap(3);
        if (totalRepeated)
            builder.Row((0.05, "Amount payable"), (0.8, "£5,301.00"));
        if (rivalRepeated)
            builder.Row((0.05, "Net amount"), (0.8, "£4,417.50"));
        return builder;
    }

    [Fact]
    public void A_value_printed_again_under_its_own_label_is_surer_unless_its_rival_is_too()
    {
        var once = Read(TwoTotals(false, false)).Fields.Total!;
        var twice = Read(TwoTotals(true, false)).Fields.Total!;
        var both = Read(TwoTotals(true, true)).Fields.Total!;

        Assert.Equal(5301.00m, twice.Value);
        Assert.True(twice.Confidence > once.Confidence + 0.05, $"{once.Confidence} → {twice.Confidence}: {string.Join(" / ", twice.Trace)}");
        Assert.Contains(twice.Trace, t => t.Contains("same value under", StringComparison.Ordinal));
        Assert.DoesNotContain(both.Trace, t => t.Contains("same value under", StringComparison.Ordinal));
    }
}
