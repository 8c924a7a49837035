using System.Text.Json;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.CloudEngines.Tests;

public sealed class TextractExpenseMapperTests
{
    private static readonly HashSet<string> KnownFields =
    [
        FieldNames.VendorName, FieldNames.VendorAddress, FieldNames.VendorPhone, FieldNames.VendorTaxId, FieldNames.ReceiverName,
        FieldNames.ReceiverAddress, FieldNames.InvoiceNumber, FieldNames.InvoiceDate, FieldNames.DueDate, FieldNames.PoNumber,
        FieldNames.PaymentTerms, FieldNames.Subtotal, FieldNames.Tax, FieldNames.Total, FieldNames.AmountDue, FieldNames.AmountPaid,
        FieldNames.Discount, FieldNames.Currency, TextractFieldTypes.Other,
    ];

    private static readonly HashSet<string> KnownCells =
    [
        FieldNames.ItemDescription, FieldNames.ItemQuantity, FieldNames.ItemUnitPrice, FieldNames.ItemAmount, FieldNames.ItemProductCode, TextractFieldTypes.Other,
    ];

    private static OcrDocument Map(string name)
    {
        var response = Fixtures.AnalyzeExpense(name);
        return TextractExpenseMapper.ToOcrDocument(response.ExpenseDocuments!, response.DocumentMetadata?.Pages);
    }

    [Fact]
    public void Mega_market_receipt_has_its_total_with_currency_and_lines_from_blocks()
    {
        var response = Fixtures.AnalyzeExpense("receipt-mega-market");
        var document = TextractExpenseMapper.ToOcrDocument(response.ExpenseDocuments!, response.DocumentMetadata?.Pages);

        Assert.Equal("textract", document.Engine);
        var page = Assert.Single(document.Pages);
        var blocks = response.ExpenseDocuments![0].Blocks!;
        Assert.Equal(blocks.Count(b => b.BlockType == "LINE"), page.Lines.Count);
        Assert.Equal(blocks.Count(b => b.BlockType == "WORD"), page.Lines.Sum(l => l.Words.Count));
        Assert.Equal("MEGA BIGBOK", page.Lines[0].Text);

        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal("$1810.46", total.Text);
        Assert.Equal("USD", total.CurrencyCode);
        Assert.Equal("TOTAL", total.Label);
        Assert.InRange(total.Confidence, 0.99, 1.0);
        Assert.Equal(1, total.Evidence!.Page);
        Assert.Equal("$1810.46", total.Evidence.Line);
        Assert.InRange(total.Evidence.Box.Left, 0.64, 0.66);

        Assert.Equal("USD", Assert.Single(document.Candidates, c => c.Field == FieldNames.Currency).Text);
        // NAME (group VENDOR) and VENDOR_NAME are one reading at one place: one candidate, keeping the group.
        var vendor = Assert.Single(document.Candidates, c => c.Field == FieldNames.VendorName && c.Text == "MEGA MARKET PLUS");
        Assert.Equal("VENDOR", vendor.Group);
        Assert.Contains(document.Candidates, c => c is { Field: TextractFieldTypes.Other, Label: "CHANGE DUE", Text: "0.00" });

        Assert.Equal(4, document.LineItemCandidates.Count);
        var first = document.LineItemCandidates[0];
        Assert.Equal("LG FLATSCREEN 65", Assert.Single(first.Cells, c => c.Field == FieldNames.ItemDescription).Text);
        Assert.Equal("$899.99 S", Assert.Single(first.Cells, c => c.Field == FieldNames.ItemAmount).Text);
    }

    [Fact]
    public void Amazon_invoice_without_blocks_gets_lines_made_from_its_fields()
    {
        var document = Map("invoice-amazon-123PQR456");

        var page = Assert.Single(document.Pages);
        Assert.Contains(page.Lines, l => l.Text == "Grand Total $6231.09");
        Assert.Contains(page.Lines, l => l.Text == "INVOICE # 123PQR456");
        Assert.Contains(page.Lines, l => l.Text == "Product 2 2 $106.04 $212.08");
        Assert.All(page.Lines, l => Assert.NotEmpty(l.Words));
        Assert.True(page.Lines.Zip(page.Lines.Skip(1)).All(p => Math.Round(p.First.Box.CenterY, 2) <= Math.Round(p.Second.Box.CenterY, 2)), "lines run top to bottom");

        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal(("$6231.09", "Grand Total"), (total.Text, total.Label));
        Assert.Equal("Grand Total $6231.09", total.Evidence!.Line);
        Assert.Equal("$6169.40", Assert.Single(document.Candidates, c => c.Field == FieldNames.Subtotal).Text);
        Assert.Equal("123PQR456", Assert.Single(document.Candidates, c => c.Field == FieldNames.InvoiceNumber).Text);
        Assert.Equal("12-3456789", Assert.Single(document.Candidates, c => c.Field == FieldNames.VendorTaxId).Text);
        Assert.Equal("098ZYX7654", Assert.Single(document.Candidates, c => c.Field == FieldNames.PoNumber).Text);
        Assert.Equal("The Receiver", Assert.Single(document.Candidates, c => c.Field == FieldNames.ReceiverAddress).Evidence!.Line);
        Assert.Equal(2, document.Candidates.Count(c => c.Field == FieldNames.VendorPhone));
        Assert.DoesNotContain(document.Candidates, c => c.Field == FieldNames.Currency);

        Assert.Equal(4, document.LineItemCandidates.Count);
        var product2 = document.LineItemCandidates[2].Cells;
        Assert.Equal(["Product 2", "2", "$106.04", "$212.08"],
            new[] { FieldNames.ItemDescription, FieldNames.ItemQuantity, FieldNames.ItemUnitPrice, FieldNames.ItemAmount }
                .Select(name => Assert.Single(product2, c => c.Field == name).Text));
        Assert.All(product2, c => Assert.Equal("Product 2 2 $106.04 $212.08", c.Evidence!.Line));
    }

    [Fact]
    public void Receipt_without_summary_fields_has_no_candidates_but_all_line_items()
    {
        var response = Fixtures.AnalyzeExpense("receipt-no-summary-fields");
        var document = TextractExpenseMapper.ToOcrDocument(response.ExpenseDocuments!, response.DocumentMetadata?.Pages);

        Assert.Empty(document.Candidates);
        Assert.Equal(29, document.LineItemCandidates.Count);
        Assert.All(document.LineItemCandidates, row => Assert.Contains(row.Cells, c => c.Field == FieldNames.ItemDescription));
        var first = document.LineItemCandidates[0].Cells;
        Assert.Equal("04987176039347", Assert.Single(first, c => c.Field == FieldNames.ItemProductCode).Text);
        Assert.Equal("659.00 Y", Assert.Single(first, c => c.Field == FieldNames.ItemAmount).Text);
        Assert.Equal(response.ExpenseDocuments![0].Blocks!.Count(b => b.BlockType == "LINE"), Assert.Single(document.Pages).Lines.Count);
    }

    [Fact]
    public void Missing_geometry_gives_null_evidence()
    {
        var fixture = TextractExpenseMapper.ToOcrDocument(Fixtures.AnalyzeExpense("edge-missing-geometry").ExpenseDocuments!, 1);
        Assert.Single(fixture.Pages);
        Assert.Empty(fixture.Candidates); // its only field is an empty CITY

        var noGeometry = new ExpenseDocument
        {
            SummaryFields =
            [
                new ExpenseField
                {
                    Type = new ExpenseType { Text = "TOTAL", Confidence = 99 },
                    LabelDetection = new ExpenseDetection { Text = "TOTAL", Confidence = 98 },
                    ValueDetection = new ExpenseDetection { Text = "$12.00", Confidence = 97 },
                    PageNumber = 1,
                },
            ],
        };
        var document = TextractExpenseMapper.ToOcrDocument([noGeometry]);
        var total = Assert.Single(document.Candidates);
        Assert.Equal((FieldNames.Total, "$12.00", 0.97), (total.Field, total.Text, Math.Round(total.Confidence, 2)));
        Assert.Null(total.Evidence);
        Assert.Equal("TOTAL $12.00", Assert.Single(Assert.Single(document.Pages).Lines).Text);
    }

    [Fact]
    public void Two_page_async_result_has_two_pages_with_candidates_on_both()
    {
        var response = Fixtures.TwoPageAnalysis();
        var document = TextractExpenseMapper.ToOcrDocument(response.ExpenseDocuments!, response.DocumentMetadata?.Pages);

        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        Assert.Equal(44, document.Pages[0].Lines.Count);
        Assert.Equal(33, document.Pages[1].Lines.Count);
        Assert.Contains(document.Candidates, c => c.Field == FieldNames.InvoiceNumber && c.Evidence!.Page == 1);
        Assert.Contains(document.Candidates, c => c.Field == FieldNames.InvoiceNumber && c.Evidence!.Page == 2);

        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal(("$5,715.00", "USD", 2), (total.Text, total.CurrencyCode, total.Evidence!.Page));
        Assert.Equal("Thursday, 26 March 2020", Assert.Single(document.Candidates, c => c.Field == FieldNames.DueDate).Text);
        Assert.Equal("Abstractors and Design Co.", Assert.Single(document.Candidates, c => c.Field == FieldNames.ReceiverAddress).Evidence!.Line);

        Assert.Equal(5, document.LineItemCandidates.Count(r => r.Page == 1));
        Assert.Equal(3, document.LineItemCandidates.Count(r => r.Page == 2));
    }

    [Fact]
    public void Repeated_totals_stay_separate_candidates()
    {
        var totals = Map("clinic-invoice-1258").Candidates.Where(c => c.Field == FieldNames.Total).ToList();
        Assert.Equal(["Balance", "Fee", "Total", "Total Charges", "Total Paid"], totals.Select(t => t.Label!).Order());
    }

    [Fact]
    public void Older_format_statement_maps_discount_and_due_date_and_skips_empty_values()
    {
        var document = Map("hospital-statement-4544");
        Assert.Equal("$-1,136.16", Assert.Single(document.Candidates, c => c.Field == FieldNames.Discount).Text);
        Assert.All(document.Candidates.Where(c => c.Field == FieldNames.DueDate), c => Assert.Equal("01/28/2017", c.Text));
        Assert.DoesNotContain(document.Candidates, c => c.Field == FieldNames.PaymentTerms); // "VISA" with an empty value
        Assert.Contains(document.Candidates, c => c is { Field: FieldNames.Total, Text: "$4,544.65" });
        Assert.NotEmpty(Assert.Single(document.Pages).Lines);
    }

    [Fact]
    public void Costco_receipt_maps_vendor_and_total()
    {
        var document = Map("receipt-costco");
        Assert.Equal("costco", Assert.Single(document.Candidates, c => c.Field == FieldNames.VendorName).Text);
        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal(("$38.48", "AMOUNT:"), (total.Text, total.Label));
        Assert.Equal(3, document.LineItemCandidates.Count);
    }

    public static TheoryData<string> AllFixtures => new(Fixtures.AnalyzeExpenseNames);

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Every_fixture_maps_to_a_consistent_document(string name)
    {
        var document = Map(name);

        Assert.NotEmpty(document.Pages);
        var pages = document.Pages.Select(p => p.Number).ToHashSet();
        foreach (var line in document.AllLines)
        {
            Assert.False(string.IsNullOrWhiteSpace(line.Text));
            Assert.InRange(line.Confidence, 0, 1);
            AssertInPage(line.Box);
        }
        foreach (var candidate in document.Candidates.Concat(document.LineItemCandidates.SelectMany(r => r.Cells)))
        {
            Assert.False(string.IsNullOrWhiteSpace(candidate.Text));
            Assert.InRange(candidate.Confidence, 0, 1);
            if (candidate.Evidence is { } evidence)
            {
                Assert.Contains(evidence.Page, pages);
                Assert.False(string.IsNullOrWhiteSpace(evidence.Line));
                AssertInPage(evidence.Box);
            }
        }
        Assert.All(document.Candidates, c => Assert.Contains(c.Field, KnownFields));
        Assert.All(document.LineItemCandidates.SelectMany(r => r.Cells), c => Assert.Contains(c.Field, KnownCells));
        if (name != "edge-missing-geometry")
            Assert.NotEmpty(document.AllLines);
    }

    [Fact]
    public void Detect_document_text_blocks_become_lines_and_words()
    {
        var single = JsonSerializer.Deserialize(Fixtures.Text("textract/detect-document-text/single-page-1.detect-document-text.json"),
            TextractJsonContext.Default.DetectDocumentTextResponse)!;
        var document = TextractBlockMapper.ToOcrDocument(single);
        Assert.Equal(24, Assert.Single(document.Pages).Lines.Count);
        Assert.Equal(51, document.AllLines.Sum(l => l.Words.Count));

        var multi = JsonSerializer.Deserialize(Fixtures.Text("textract/detect-document-text/multipage-doc.get-document-text-detection.json"),
            TextractJsonContext.Default.DetectDocumentTextResponse)!;
        var pages = TextractBlockMapper.ToOcrDocument(multi).Pages;
        Assert.Equal(2, pages.Count);
        Assert.Equal(50, pages.Sum(p => p.Lines.Count));
        Assert.Equal(106, pages.Sum(p => p.Lines.Sum(l => l.Words.Count)));
    }

    private static void AssertInPage(Core.Documents.BoundingBox box)
    {
        Assert.InRange(box.Left, 0, 1);
        Assert.InRange(box.Top, 0, 1);
        Assert.InRange(box.Right, 0, 1);
        Assert.InRange(box.Bottom, 0, 1);
    }
}
