using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Tests;

public sealed class ExtractorTests
{
    private static ExtractionResult Extract(OcrDocument doc, ExtractionOptions? options = null) =>
        new LocalInvoiceExtractor().Extract(doc, options ?? ExtractionOptions.Default);

    private static DocumentBuilder Invoice() => new DocumentBuilder()
        .Line("ACME TRADING SDN BHD")
        .Line("12, JALAN MAJU 3, 81100 JOHOR BAHRU")
        .Line("TEL: 07-1234567")
        .Row((0.05, "INVOICE NO: INV-2041"), (0.6, "DATE: 25/12/2018"));

    [Fact]
    public void Reads_a_receipt_and_explains_its_choices()
    {
        var doc = Invoice()
            .Row((0.05, "WIDGET A"), (0.5, "2"), (0.6, "10.00"), (0.8, "20.00"))
            .Row((0.05, "SUBTOTAL"), (0.8, "20.00"))
            .Row((0.05, "GST 6%"), (0.8, "1.20"))
            .Row((0.05, "TOTAL"), (0.8, "RM 21.20"))
            .Row((0.05, "CASH"), (0.8, "50.00"))
            .Row((0.05, "CHANGE"), (0.8, "28.80"))
            .Build();
        var r = Extract(doc);
        Assert.Equal(21.20m, r.Fields.Total!.Value);
        Assert.Equal(20.00m, r.Fields.Subtotal!.Value);
        Assert.Equal(1.20m, r.Fields.Tax!.Value);
        Assert.Equal("MYR", r.Fields.Currency!.Value);
        Assert.Equal(new DateOnly(2018, 12, 25), r.Fields.InvoiceDate!.Value);
        Assert.Equal("25/12/2018", r.Fields.InvoiceDate.Raw);
        Assert.Equal("INV-2041", r.Fields.InvoiceNumber!.Value);
        Assert.Equal("ACME TRADING SDN BHD", r.Fields.VendorName!.Value);
        Assert.NotNull(r.Fields.Total.Evidence);
        Assert.Contains(r.Fields.Total.Trace, t => t.Contains("chose", StringComparison.Ordinal));
        Assert.DoesNotContain(r.ReviewReasons, x => x.Code == ReviewCodes.TotalMismatch);
        Assert.InRange(r.Confidence, 0, 1);
        var item = Assert.Single(r.LineItems);
        Assert.Equal(2m, item.Quantity!.Value);
        Assert.Equal(10.00m, item.UnitPrice!.Value);
        Assert.Equal(20.00m, item.Amount!.Value);
    }

    [Fact]
    public void Arithmetic_picks_the_untaxed_subtotal_among_several_subtotal_labels()
    {
        var doc = new DocumentBuilder()
            .Line("FACTUUR.")
            .Row((0.05, "Factuurdatum: 19 april 2014"))
            .Row((0.05, "Exclusief BTW"), (0.3, "€ 593,36"), (0.7, "Subtotaal"), (0.85, "€ 717,97"))
            .Row((0.05, "BTW 21%"), (0.3, "€ 124,61"))
            .Row((0.7, "Totaal"), (0.85, "€ 717,97"))
            .Build();
        var r = Extract(doc);
        Assert.Equal(717.97m, r.Fields.Total!.Value);
        Assert.Equal(593.36m, r.Fields.Subtotal!.Value);
        Assert.Equal(124.61m, r.Fields.Tax!.Value);
        Assert.Equal("EUR", r.Fields.Currency!.Value);
        Assert.Equal(new DateOnly(2014, 4, 19), r.Fields.InvoiceDate!.Value);
    }

    [Fact]
    public void Total_mismatch_is_a_review_reason()
    {
        var doc = Invoice()
            .Row((0.05, "SUBTOTAL"), (0.8, "20.00"))
            .Row((0.05, "TAX"), (0.8, "1.00"))
            .Row((0.05, "TOTAL"), (0.8, "RM 25.00"))
            .Build();
        var r = Extract(doc);
        Assert.Contains(r.ReviewReasons, x => x.Code == ReviewCodes.TotalMismatch && x.Field == FieldNames.Total);
        Assert.True(r.NeedsReview);
    }

    [Fact]
    public void Line_items_that_do_not_add_up_are_a_review_reason()
    {
        var doc = Invoice()
            .Row((0.05, "DESCRIPTION"), (0.5, "QTY"), (0.6, "PRICE"), (0.8, "AMOUNT"))
            .Row((0.05, "WIDGET A"), (0.5, "1"), (0.6, "10.00"), (0.8, "10.00"))
            .Row((0.05, "WIDGET B"), (0.5, "1"), (0.6, "5.00"), (0.8, "5.00"))
            .Row((0.05, "TOTAL"), (0.8, "RM 30.00"))
            .Build();
        var r = Extract(doc);
        Assert.Equal(2, r.LineItems.Count);
        Assert.Contains(r.ReviewReasons, x => x.Code == ReviewCodes.LineItemsMismatch);
    }

    [Fact]
    public void An_amount_whose_thousands_a_space_split_off_is_put_back_together_when_quantity_times_price_says_so()
    {
        // OCR read "1 159,60 €" with a point; "1 159.60" alone would be a quantity and an amount.
        var doc = new DocumentBuilder()
            .Line("FACTURE N° F-2024-0157")
            .Row((0.05, "Désignation"), (0.5, "Qté"), (0.62, "Prix unit. HT"), (0.8, "Montant HT"))
            .Row((0.05, "Suspension laiton"), (0.5, "4"), (0.62, "289.90 €"), (0.8, "1 159.60 €"))
            .Row((0.05, "Applique murale"), (0.5, "2"), (0.62, "100.00 €"), (0.8, "200.00 €"))
            .Row((0.05, "Total HT"), (0.8, "1 359,60 €"))
            .Build();
        var r = Extract(doc);
        Assert.Equal([1159.60m, 200.00m], r.LineItems.Select(i => i.Amount!.Value));
        Assert.Equal("1 159.60", r.LineItems[0].Amount!.Raw);
        Assert.DoesNotContain(r.ReviewReasons, x => x.Code == ReviewCodes.LineItemsMismatch);
    }

    [Fact]
    public void Missing_total_and_currency_are_review_reasons_and_currency_is_never_defaulted()
    {
        var doc = new DocumentBuilder().Line("SOME SHOP").Line("DATE: 25/12/2018").Line("THANK YOU").Build();
        var r = Extract(doc);
        Assert.Null(r.Fields.Total);
        Assert.Null(r.Fields.Currency);
        Assert.Contains(r.ReviewReasons, x => x.Code == ReviewCodes.MissingTotal);
        Assert.Contains(r.ReviewReasons, x => x.Code == ReviewCodes.MissingCurrency);
    }

    [Fact]
    public void Bare_dollar_is_usd_with_a_flag_and_lower_confidence()
    {
        var doc = new DocumentBuilder().Line("SHOP").Line("DATE: 25/12/2018").Row((0.05, "TOTAL"), (0.8, "$8.20")).Build();
        var currency = Extract(doc).Fields.Currency!;
        Assert.Equal("USD", currency.Value);
        Assert.Contains("AMBIGUOUS_CURRENCY", currency.Flags);
        Assert.True(currency.Confidence < 0.8);
    }

    [Fact]
    public void Ambiguous_date_is_flagged_unless_something_settles_it()
    {
        static OcrDocument Doc(string extra) => new DocumentBuilder().Line("SHOP").Line("DATE: 03/04/2018").Line(extra)
            .Row((0.05, "TOTAL"), (0.8, "8.20")).Build();

        var unsettled = Extract(Doc("THANK YOU"));
        Assert.Contains(ReviewCodes.AmbiguousDate, unsettled.Fields.InvoiceDate!.Flags);
        Assert.Contains(unsettled.ReviewReasons, x => x.Code == ReviewCodes.AmbiguousDate);

        var us = Extract(Doc("THANK YOU"), new ExtractionOptions("en-US"));
        Assert.Equal(new DateOnly(2018, 3, 4), us.Fields.InvoiceDate!.Value);
        Assert.DoesNotContain(us.ReviewReasons, x => x.Code == ReviewCodes.AmbiguousDate);

        var gb = Extract(Doc("THANK YOU"), new ExtractionOptions("en-GB"));
        Assert.Equal(new DateOnly(2018, 4, 3), gb.Fields.InvoiceDate!.Value);

        var settledByOtherDate = Extract(Doc("PRINTED 25/04/2018"));
        Assert.Equal(new DateOnly(2018, 4, 3), settledByOtherDate.Fields.InvoiceDate!.Value);
        Assert.Empty(settledByOtherDate.Fields.InvoiceDate.Flags);
    }

    [Fact]
    public void Low_confidence_key_field_is_a_review_reason()
    {
        var doc = new DocumentBuilder().Line("SHOP").Line("DATE: 25/12/2018").Row((0.05, "TOTAL"), (0.8, "8.20")).Build();
        var strict = Extract(doc, new ExtractionOptions(ReviewThreshold: 0.9999));
        Assert.Contains(strict.ReviewReasons, x => x.Code == ReviewCodes.LowConfidence);
        var lenient = Extract(doc, new ExtractionOptions(ReviewThreshold: 0.0));
        Assert.DoesNotContain(lenient.ReviewReasons, x => x.Code == ReviewCodes.LowConfidence);
    }

    [Fact]
    public void Line_items_continue_across_a_page_break_without_merging_or_splitting_rows()
    {
        var doc = new DocumentBuilder()
            .Line("ACME GMBH")
            .Row((0.05, "Invoice No: 4711"), (0.6, "Date: 2018-03-04"))
            .Row((0.05, "Description"), (0.55, "Qty"), (0.65, "Unit Price"), (0.85, "Amount"))
            .Row((0.05, "Steel bolts M8"), (0.55, "10"), (0.65, "1.50"), (0.85, "15.00"))
            .Row((0.05, "zinc plated"))
            .Row((0.05, "Washers"), (0.55, "20"), (0.65, "0.25"), (0.85, "5.00"))
            .Row((0.4, "Page 1 / 2"))
            .NewPage()
            .Row((0.05, "Description"), (0.55, "Qty"), (0.65, "Unit Price"), (0.85, "Amount"))
            .Row((0.05, "Hex nuts"), (0.55, "4"), (0.65, "2.00"), (0.85, "8.00"))
            .Row((0.05, "[SKU-99] Spanner"), (0.55, "1"), (0.65, "12.00"), (0.85, "12.00"))
            .Row((0.6, "Subtotal"), (0.85, "40.00"))
            .Row((0.6, "VAT 19%"), (0.85, "7.60"))
            .Row((0.6, "Total EUR"), (0.85, "47.60"))
            .Build();
        var r = Extract(doc);
        Assert.Equal(4, r.LineItems.Count);
        Assert.Equal(["Steel bolts M8\nzinc plated", "Washers", "Hex nuts", "Spanner"], r.LineItems.Select(i => i.Description!.Value));
        Assert.Equal([1, 1, 2, 2], r.LineItems.Select(i => i.Page));
        Assert.Equal([15.00m, 5.00m, 8.00m, 12.00m], r.LineItems.Select(i => i.Amount!.Value));
        Assert.Equal([10m, 20m, 4m, 1m], r.LineItems.Select(i => i.Quantity!.Value));
        Assert.Equal("SKU-99", r.LineItems[3].ProductCode!.Value);
        Assert.Equal(47.60m, r.Fields.Total!.Value);
        Assert.Equal(40.00m, r.Fields.Subtotal!.Value);
        Assert.DoesNotContain(r.ReviewReasons, x => x.Code is ReviewCodes.LineItemsMismatch or ReviewCodes.TotalMismatch);
    }

    [Fact]
    public void Engine_candidates_are_strong_and_arithmetic_chooses_among_several_totals()
    {
        var evidence = new Evidence(1, new BoundingBox(0.7, 0.8, 0.1, 0.02), "TOTAL 107.00");
        FieldCandidate C(string field, string text, double conf) => new(field, text, conf, evidence) { Label = field.ToUpperInvariant() };
        var doc = new DocumentBuilder()
            .Line("SOME STORE")
            .Line("DATE 2018-03-04")
            .Row((0.05, "Subtotal"), (0.8, "100.00"))
            .Row((0.05, "Tax"), (0.8, "7.00"))
            .Row((0.05, "Total"), (0.8, "107.00"))
            .Row((0.05, "Amount tendered"), (0.8, "110.00"))
            .Build([
                C(FieldNames.Total, "110.00", 0.9),
                C(FieldNames.Total, "107.00", 0.85),
                C(FieldNames.VendorName, "Some Store Inc.", 0.95),
                C(FieldNames.InvoiceNumber, "R-778", 0.9),
                new FieldCandidate(FieldNames.Total, "107.00", 0.85, evidence) { CurrencyCode = "CAD" },
            ]);
        var r = Extract(doc);
        Assert.Equal(107.00m, r.Fields.Total!.Value);
        Assert.Contains(r.Fields.Total.Trace, t => t.Contains("agreed", StringComparison.Ordinal));
        Assert.Contains(r.Fields.Total.Trace, t => t.Contains("110", StringComparison.Ordinal));
        Assert.Equal("R-778", r.Fields.InvoiceNumber!.Value);
        Assert.Equal("CAD", r.Fields.Currency!.Value);
    }

    [Fact]
    public void Engine_line_item_candidates_are_used()
    {
        var ev = new Evidence(1, new BoundingBox(0.1, 0.5, 0.5, 0.02), "Coffee 2 3.50 7.00");
        var doc = new DocumentBuilder().Line("CAFE").Row((0.05, "TOTAL"), (0.8, "7.00")).Build() with
        {
            LineItemCandidates =
            [
                new LineItemCandidate(1, [
                    new FieldCandidate(FieldNames.ItemDescription, "Coffee", 0.9, ev),
                    new FieldCandidate(FieldNames.ItemQuantity, "2", 0.9, ev),
                    new FieldCandidate(FieldNames.ItemUnitPrice, "3.50", 0.9, ev),
                    new FieldCandidate(FieldNames.ItemAmount, "$7.00", 0.9, ev),
                ]),
            ],
        };
        var item = Assert.Single(Extract(doc).LineItems);
        Assert.Equal("Coffee", item.Description!.Value);
        Assert.Equal(7.00m, item.Amount!.Value);
        Assert.Equal(2m, item.Quantity!.Value);
    }

    [Fact]
    public void Empty_document_gives_review_reasons_not_exceptions()
    {
        var r = Extract(new OcrDocument("test", []));
        Assert.Null(r.Fields.Total);
        Assert.Equal("rules", r.Engine);
        Assert.Contains(r.ReviewReasons, x => x.Code == ReviewCodes.MissingVendor);
    }
}
