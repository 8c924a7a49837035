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
