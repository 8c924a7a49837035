using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>Confidence drives NEEDS_REVIEW: independent evidence must raise it, its absence must not.</summary>
public sealed class ConfidenceTests
{
    private static ExtractionResult Extract(DocumentBuilder doc) => new LocalInvoiceExtractor().Extract(doc.Build(), ExtractionOptions.Default);

    private static DocumentBuilder UkInvoice(string totalLabel) => new DocumentBuilder()
        .Line("Harbour Joinery Ltd")
        .Line("4 Quay Street, Leith, Edinburgh EH6 6LX")
        .Row((0.05, "Invoice No: HJ-2201"), (0.6, "Date: 07/02/2024"))
        .Row((0.05, "Oak staircase, fitted"), (0.8, "£2,450.00"))
        .Row((0.05, "Net Total"), (0.8, "£4,417.50"))
        .Row((0.05, "VAT @ 20%"), (0.8, "£883.50"))
        .Row((0.05, totalLabel), (0.8, "£5,301.00"));

    [Fact]
    public void A_total_its_subtotal_and_tax_add_up_to_is_confident_even_beside_a_similar_label()
    {
        var total = Extract(UkInvoice("Invoice Total")).Fields.Total!;

        Assert.Equal(5301.00m, total.Value);
        Assert.True(total.Confidence >= 0.9, $"confidence {total.Confidence}: {string.Join(" / ", total.Trace)}");
        Assert.Contains(total.Trace, t => t.Contains("= total 5301.00", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_arithmetic_the_close_rival_keeps_the_total_in_doubt()
    {
        // The tax no longer explains the difference: nothing corroborates either "total".
        var doc = new DocumentBuilder()
            .Line("Harbour Joinery Ltd")
            .Row((0.05, "Net Total"), (0.8, "£4,417.50"))
            .Row((0.05, "Invoice Total"), (0.8, "£5,301.00"));

        var total = Extract(doc).Fields.Total!;

        Assert.True(total.Confidence < 0.8, $"confidence {total.Confidence}");
    }

    [Fact]
    public void A_vendor_name_printed_again_elsewhere_is_more_certain_than_the_line_score_alone()
    {
        var vendor = new Field<string>("Nordlicht Software GmbH", "Nordlicht Software GmbH", 0.7);
        var repeated = Layout("Nordlicht Software GmbH", "Rechnung", "Nordlicht  software GmbH · Hafenstraße 27 · Hamburg");
        var alone = Layout("Nordlicht Software GmbH", "Rechnung", "Vielen Dank für Ihren Auftrag");

        var corroborated = VendorCorroboration.Corroborate(vendor, repeated)!;

        Assert.Equal("Nordlicht Software GmbH", corroborated.Value);
        Assert.Equal(0.88, corroborated.Confidence, 3);
        Assert.Contains(corroborated.Trace, t => t.Contains("printed again", StringComparison.Ordinal));
        Assert.Same(vendor, VendorCorroboration.Corroborate(vendor, alone));
        // Short names repeat by accident ("SHELL" in "SHELLFISH"): no credit for those.
        var shortName = vendor with { Value = "ABC" };
        Assert.Same(shortName, VendorCorroboration.Corroborate(shortName, Layout("ABC", "ABC DEF")));
    }

    private static DocumentLayout Layout(params string[] lines)
    {
        var builder = new DocumentBuilder();
        foreach (var line in lines)
            builder.Line(line);
        return DocumentLayout.Build(builder.Build());
    }
}
