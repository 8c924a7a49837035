using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests;

/// <summary>
/// <see cref="LocalOcrEngine"/> on PDFs with a text layer. Images and scans are in <see cref="LocalOcrEngineImageTests"/>,
/// refusals, failures and limits in <see cref="LocalOcrEngineFailureTests"/>.
/// </summary>
// One collection: the three classes were one, and their tool runs and timeouts were measured running one at a time.
[Collection("LocalOcrEngine")]
public sealed class LocalOcrEngineTests : OcrEngineTestBase
{
    public static TheoryData<string> AllSamples => new(SampleInvoiceCatalog.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Reads_every_sample_pdf_from_its_text_layer(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);

        var document = await Engine().RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext", document.Engine);
        Assert.True(document.FromTextLayer);
        Assert.Equal(sample.Expected.PageCount, document.Pages.Count);
        var text = OcrText.Of(document);
        Assert.Contains(sample.Expected.InvoiceNumber, text);
        Assert.Contains(OcrText.Normalize(sample.Expected.TotalAsPrinted), text);
        Assert.Contains(sample.Expected.VendorName, text);
        Assert.Contains(OcrText.Normalize(sample.Expected.InvoiceDateAsPrinted), text);
        Assert.Empty(Temp.Entries);
    }

    [Fact]
    public async Task Two_page_invoice_yields_two_pages_with_the_items_where_they_are_printed()
    {
        var sample = SampleInvoiceCatalog.Get("au-catering-two-page-invoice");

        var document = await Engine().RecognizeAsync(TestFiles.Input(sample.RenderPdf(), DocumentKind.Pdf), Token);

        Assert.Equal([1, 2], document.Pages.Select(p => p.Number));
        foreach (var item in sample.Expected.LineItems)
        {
            var page = document.Pages[item.Page - 1];
            Assert.Contains(page.Lines, l => l.Text.Contains(item.ProductCode!, StringComparison.Ordinal));
        }

        Assert.Contains("Page 2 of 2", OcrText.Of(document.Pages[1]));
        Assert.DoesNotContain(sample.Expected.TotalAsPrinted, OcrText.Of(document.Pages[0]));
    }

    [Fact]
    public async Task A_short_text_page_is_checked_with_ocr_but_its_exact_text_layer_is_kept()
    {
        var pdf = new PdfDocumentBuilder();
        pdf.AddPage(595.28, 841.89).Text(60, 80, "Statement of account for March with all open items listed below", PdfFont.Helvetica, 11);
        pdf.AddPage(595.28, 841.89).Text(60, 80, "Thank you!", PdfFont.HelveticaBold, 14);
        var started = new List<string>();
        var engine = Engine();
        engine.ProcessStarted = p => started.Add(Path.GetFileName(p.StartInfo.FileName));

        var document = await engine.RecognizeAsync(TestFiles.Input(pdf.ToBytes(), DocumentKind.Pdf), Token);

        Assert.Contains("tesseract", started);               // page 2 had too few words to trust blindly
        Assert.Equal("pdftotext", document.Engine);           // ...but OCR found nothing more, so the text layer stays
        Assert.True(document.FromTextLayer);
        Assert.Equal(595.28, document.Pages[1].Width, 2);
        Assert.Equal("Thank you!", document.Pages[1].Lines.Single().Text);
    }

    [Fact]
    public async Task Reads_the_aws_invoice_from_the_shared_dataset()
    {
        var path = TestSupport.SharedFolder.Require("datasets/invoice2data/AmazonWebServices.pdf");

        var document = await Engine().RecognizeAsync(TestFiles.Input(await File.ReadAllBytesAsync(path, Token), DocumentKind.Pdf), Token);

        Assert.Equal("pdftotext", document.Engine);
        var text = OcrText.Of(document);
        Assert.Contains("Amazon Web Services", text);
        Assert.Contains("42183017", text);   // invoice number in invoice2data's expected output
        Assert.Contains("4.11", text);       // the total
    }
}
