using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// An item row's quantity and unit price: header columns that do not multiply out give way to a quantity and a unit price
/// written as money that do; where the row has none, the header's reading stands and the validator names the row.
/// </summary>
public sealed class ItemColumnTests
{
    private static ExtractionResult Read(params (double X, string Text)[][] items)
    {
        var builder = new DocumentBuilder()
            .Line("Harbour Media LLC").Line("Invoice # 7731").Line("Invoice Date 03/02/2024").Gap(2)
            .Row((0.05, "Description"), (0.45, "Qty"), (0.6, "Rate"), (0.75, "VAT %"), (0.88, "Amount"));
        foreach (var item in items)
            builder = builder.Row(item);
        return new LocalInvoiceExtractor().Extract(builder.Gap(2).Row((0.6, "Total"), (0.88, $"${items.Sum(i => decimal.Parse(i[^1].Text.TrimStart('$'), System.Globalization.CultureInfo.InvariantCulture)):0.00}")).Build());
    }

    [Fact]
    public void A_count_under_the_price_header_gives_way_to_the_money_rate_that_multiplies_out()
    {
        // Ad-buy schedules print a rating or a spot count under or beside the rate's header.
        var result = Read([(0.05, "Morning News :30"), (0.45, "10"), (0.6, "4"), (0.7, "$65.00"), (0.88, "$650.00")],
            [(0.05, "Evening News :30"), (0.45, "5"), (0.6, "3"), (0.7, "$85.00"), (0.88, "$425.00")]);

        Assert.Equal([(10m, 65.00m, 650.00m), (5m, 85.00m, 425.00m)],
            result.LineItems.Select(i => (i.Quantity!.Value, i.UnitPrice!.Value, i.Amount!.Value)));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.LineItemArithmetic);
    }

    [Fact]
    public void A_row_that_does_not_multiply_out_with_any_money_price_keeps_its_header_reading_and_is_named()
    {
        // 2 × 8.00 is not 20.00 (a misread 10.00); 1 × 20 is, but 20 is the VAT rate and 1 a pack size: neither is money.
        var result = Read([(0.05, "Widgets"), (0.45, "2"), (0.52, "1"), (0.6, "8.00"), (0.75, "20"), (0.88, "20.00")]);

        var item = Assert.Single(result.LineItems);
        Assert.Equal((2m, 8.00m, 20.00m), (item.Quantity!.Value, item.UnitPrice!.Value, item.Amount!.Value));
        Assert.Contains(result.ReviewReasons, r => r.Code == ReviewCodes.LineItemArithmetic);
    }
}
