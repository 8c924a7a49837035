using System.Text;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Extraction;
using InvoiceScanner.SampleInvoices;
using static InvoiceScanner.FakeAws.Tests.Fake;

namespace InvoiceScanner.FakeAws.Tests;

/// <summary>Synchronous AnalyzeExpense through the project's own signed client and OCR engine.</summary>
public sealed class AnalyzeExpenseTests
{
    public static TheoryData<string> OnePage => new(OnePageSamples.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(OnePage))]
    public async Task A_sample_invoice_comes_back_as_an_OcrDocument_whose_total_candidate_is_the_printed_total(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);
        var key = $"uploads/user-1/01KAQ4N0Z6X8F0M6TV2C9R7B3D/{name}.pdf";
        var objects = new InMemoryS3ObjectReader().Put(Bucket, key, sample.RenderPdf(), "application/pdf");
        await using var server = await StartAsync(objects);

        var pdf = sample.RenderPdf();
        var document = await Engine(server).RecognizeAsync(new OcrInput(Bucket, key, DocumentKind.Pdf, pdf), Ct);

        Assert.Equal("textract", document.Engine);
        var page = Assert.Single(document.Pages);
        Assert.NotEmpty(page.Lines);
        var total = Assert.Single(document.Candidates, c => c.Field == FieldNames.Total);
        Assert.Equal(sample.Expected.Total, Amount(total.Text));
        Assert.NotNull(total.Evidence);
        Assert.Contains(total.Text.Trim(), total.Evidence!.Line, StringComparison.Ordinal);
        Assert.Equal(sample.Expected.Currency, total.CurrencyCode);
        Assert.Contains(document.Candidates, c => c.Field == FieldNames.InvoiceNumber && c.Text.Contains(sample.Expected.InvoiceNumber, StringComparison.Ordinal));

        // What ExtractData would do next: the rules engine merges Textract's candidates.
        var extracted = new LocalInvoiceExtractor().Extract(document, new ExtractionOptions(sample.Expected.Locale));
        Assert.Equal(sample.Expected.Total, extracted.Fields.Total?.Value);
    }

    [Fact]
    public async Task The_response_has_the_shape_of_a_real_AnalyzeExpense_answer()
    {
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var objects = new InMemoryS3ObjectReader().Put(Bucket, "uploads/a b/invoice.pdf", sample.RenderPdf());
        await using var server = await StartAsync(objects);

        var response = await Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = "uploads/a b/invoice.pdf" } },
        }, Ct);

        Assert.Equal(1, response.DocumentMetadata?.Pages);
        var expense = Assert.Single(response.ExpenseDocuments!);
        Assert.Equal(1, expense.ExpenseIndex);

        var blocks = expense.Blocks!;
        var byId = blocks.ToDictionary(b => b.Id!);
        var pageBlock = Assert.Single(blocks, b => b.BlockType == "PAGE");
        var lines = blocks.Where(b => b.BlockType == "LINE").ToList();
        Assert.Equal(lines.Select(l => l.Id), pageBlock.Relationships!.Single(r => r.Type == "CHILD").Ids);
        foreach (var line in lines)
        {
            Assert.InRange(line.Confidence!.Value, 0, 100);
            var words = line.Relationships!.Single(r => r.Type == "CHILD").Ids!.Select(id => byId[id]).ToList();
            Assert.All(words, w => Assert.Equal("WORD", w.BlockType));
            Assert.Equal(line.Text, string.Join(' ', words.Select(w => w.Text)));
            var box = line.Geometry!.BoundingBox!;
            Assert.InRange(box.Left, 0, 1);
            Assert.InRange(box.Top + box.Height, 0, 1);
            Assert.Equal(4, line.Geometry.Polygon!.Count);
        }
        Assert.All(blocks.Where(b => b.BlockType == "WORD"), w => Assert.Equal("PRINTED", w.TextType));

        var fields = expense.SummaryFields!;
        var total = Assert.Single(fields, f => f.Type?.Text == "TOTAL");
        Assert.Equal(sample.Expected.Total, Amount(total.ValueDetection!.Text!));
        Assert.Equal("USD", total.Currency?.Code);
        Assert.Equal(1, total.PageNumber);
        Assert.NotNull(total.ValueDetection.Geometry?.BoundingBox);
        Assert.Contains("total", total.LabelDetection?.Text ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains(fields, f => f.Type?.Text == "INVOICE_RECEIPT_ID" && f.ValueDetection?.Text == sample.Expected.InvoiceNumber);
        Assert.Contains(fields, f => f.Type?.Text == "INVOICE_RECEIPT_DATE");
        Assert.Contains(fields, f => f.Type?.Text == "VENDOR_NAME");
        Assert.Contains(fields, f => f.Type?.Text == "NAME" && f.GroupProperties?.Single().Types?.Single() == "VENDOR");

        var rows = Assert.Single(expense.LineItemGroups!).LineItems!;
        Assert.Equal(sample.Expected.LineItems.Count, rows.Count);
        foreach (var row in rows)
        {
            var types = row.LineItemExpenseFields!.Select(f => f.Type!.Text).ToList();
            Assert.Contains("ITEM", types);
            Assert.Contains("PRICE", types);
            Assert.Contains("EXPENSE_ROW", types);
        }
        Assert.Equal(sample.Expected.LineItems.Select(i => (decimal?)i.Amount),
            rows.Select(r => Amount(r.LineItemExpenseFields!.Single(f => f.Type!.Text == "PRICE").ValueDetection!.Text!)));
    }

    [Fact]
    public async Task Document_bytes_are_analysed_too()
    {
        await using var server = await StartAsync(new InMemoryS3ObjectReader());
        var sample = SampleInvoiceCatalog.Get("uk-joinery-invoice");

        var document = await Engine(server).RecognizeAsync(new OcrInput("", "", DocumentKind.Pdf, sample.RenderPdf()), Ct);

        Assert.Equal(sample.Expected.Total, Amount(document.Candidates.Single(c => c.Field == FieldNames.Total).Text));
    }

    [Fact]
    public async Task A_multi_page_pdf_on_the_synchronous_api_is_an_UnsupportedDocumentException()
    {
        var objects = new InMemoryS3ObjectReader().Put(Bucket, "two.pdf", TwoPageSample.RenderPdf());
        await using var server = await StartAsync(objects);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = "two.pdf" } },
        }, Ct));
        Assert.Equal("UnsupportedDocumentException", error.ErrorType);
        Assert.Equal(400, error.StatusCode);

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() =>
            Engine(server).RecognizeAsync(new OcrInput(Bucket, "two.pdf", DocumentKind.Pdf, TwoPageSample.RenderPdf()), Ct));
        Assert.Equal(ErrorCodes.UnsupportedDocument, rejected.Code);
    }

    [Theory]
    [InlineData("notes.txt", "UnsupportedDocumentException")]
    [InlineData("cut.pdf", "BadDocumentException")]
    [InlineData("broken.png", "BadDocumentException")]
    [InlineData("missing.pdf", "InvalidS3ObjectException")]
    public async Task What_Textract_refuses_is_refused_with_its_error(string key, string expected)
    {
        var pdf = SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf();
        var objects = new InMemoryS3ObjectReader()
            .Put(Bucket, "notes.txt", Encoding.UTF8.GetBytes("Invoice 42, total 10.00"))
            .Put(Bucket, "cut.pdf", pdf.AsMemory(0, pdf.Length / 2))
            .Put(Bucket, "broken.png", (byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        await using var server = await StartAsync(objects);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = key } },
        }, Ct));

        Assert.Equal(expected, error.ErrorType);
        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_document_with_neither_or_both_sources_is_an_InvalidParameterException()
    {
        await using var server = await StartAsync(new InMemoryS3ObjectReader());

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = "a.pdf" }, Bytes = [1] },
        }, Ct));

        Assert.Equal("InvalidParameterException", error.ErrorType);
    }
}
