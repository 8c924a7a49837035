using System.Text;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests;

public sealed class OcrDocumentJsonTests
{
    private static OcrDocument Handmade()
    {
        OcrWord Word(string text, double left, double confidence) => new(text, new BoundingBox(left, 0.5, 0.1, 0.02), confidence);
        var words = new[] { Word("Total", 0.1, 0.97), Word("€", 0.25, 0.6), Word("3\u00A0038,14", 0.3, 0.912345678) };
        var line = new OcrLine("Total € 3\u00A0038,14", BoundingBox.UnionOf(words.Select(w => w.Box)), 0.83, words);
        var evidence = new Evidence(2, new BoundingBox(0.3, 0.5, 0.1, 0.02), line.Text);
        return new OcrDocument("textract", [new OcrPage(1, 1, 1, []), new OcrPage(2, 1, 1, [line])])
        {
            FromTextLayer = false,
            Candidates =
            [
                new FieldCandidate("Total", "3 038,14", 0.91, evidence) { Label = "Total", CurrencyCode = "EUR", Group = null },
                new FieldCandidate("VendorName", "Atelier \"Lumière\"", 0.5, null) { Group = "VENDOR" },
            ],
            LineItemCandidates =
            [
                new LineItemCandidate(2, [new FieldCandidate("Description", "Pose", 0.8, null), new FieldCandidate("Amount", "422,20", 0.7, evidence)]),
            ],
        };
    }

    [Fact]
    public void Round_trips_the_einvoice_a_document_carries_and_allows_no_pages_only_beside_one()
    {
        var xmlOnly = new OcrDocument("einvoice", []) { EInvoice = new EInvoiceFile("<Invoice>ä</Invoice>", "UBL Invoice, XRECHNUNG") };
        var hybrid = Handmade() with { EInvoice = new EInvoiceFile("<x/>", "CII, EN16931", "factur-x.xml") };
        var broken = Handmade() with { UnreadableEInvoice = "The attached factur-x.xml is no readable e-invoice." };

        Assert.Equal(xmlOnly.EInvoice, OcrDocumentJson.Deserialize(OcrDocumentJson.Serialize(xmlOnly)).EInvoice);
        Assert.Equal(hybrid.EInvoice, OcrDocumentJson.Deserialize(OcrDocumentJson.Serialize(hybrid)).EInvoice);
        Assert.Equal(broken.UnreadableEInvoice, OcrDocumentJson.Deserialize(OcrDocumentJson.Serialize(broken)).UnreadableEInvoice);
        var noPages = Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Serialize(new OcrDocument("local", [])));
        Assert.Contains("pages are missing", noPages.Message, StringComparison.Ordinal);
        Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Serialize(xmlOnly with { EInvoice = new EInvoiceFile("", "CII") }));
    }

    [Fact]
    public void Round_trips_every_part_of_a_document()
    {
        var original = Handmade();

        var copy = OcrDocumentJson.Deserialize(OcrDocumentJson.Serialize(original));

        Assert.Equal(original.Engine, copy.Engine);
        Assert.Equal(original.FromTextLayer, copy.FromTextLayer);
        Assert.Equal(original.Pages.Select(p => (p.Number, p.Width, p.Height, p.Lines.Count)), copy.Pages.Select(p => (p.Number, p.Width, p.Height, p.Lines.Count)));
        var line = copy.Pages[1].Lines.Single();
        Assert.Equal("Total € 3\u00A0038,14", line.Text);
        Assert.Equal(original.Pages[1].Lines[0].Box.Width, line.Box.Width, 6);
        Assert.Equal(original.Pages[1].Lines[0].Box.Left, line.Box.Left, 6);
        Assert.Equal(["Total", "€", "3\u00A0038,14"], line.Words.Select(w => w.Text));
        Assert.Equal(0.9123, line.Words[2].Confidence); // confidences are stored to 4 decimals
        Assert.Equal(original.Candidates, copy.Candidates);
        var item = Assert.Single(copy.LineItemCandidates);
        Assert.Equal(2, item.Page);
        Assert.Equal(original.LineItemCandidates[0].Cells, item.Cells);
    }

    [Fact]
    public async Task Round_trips_a_real_document_compactly_and_stably()
    {
        var pdf = SampleInvoiceCatalog.Get("au-catering-two-page-invoice").RenderPdf();
        var document = await new LocalOcrEngine(new LocalOcrOptions()).RecognizeAsync(TestFiles.Input(pdf, DocumentKind.Pdf), TestContext.Current.CancellationToken);

        var json = OcrDocumentJson.Serialize(document);
        var copy = OcrDocumentJson.Deserialize(json);

        Assert.Equal(OcrText.Of(document), OcrText.Of(copy));
        Assert.True(copy.FromTextLayer);
        var words = document.AllLines.SelectMany(l => l.Words).Zip(copy.AllLines.SelectMany(l => l.Words)).ToList();
        Assert.All(words, pair =>
        {
            Assert.Equal(pair.First.Text, pair.Second.Text);
            // Stored to 1e-6 of the page; Bottom adds two rounded values.
            Assert.InRange(Math.Abs(pair.First.Box.Left - pair.Second.Box.Left), 0, 0.6e-6);
            Assert.InRange(Math.Abs(pair.First.Box.Bottom - pair.Second.Box.Bottom), 0, 1.1e-6);
        });
        // A second trip changes nothing, and the JSON stays small: no indentation, short names.
        Assert.Equal(json, OcrDocumentJson.Serialize(copy));
        Assert.DoesNotContain("\n", Encoding.UTF8.GetString(json));
        Assert.InRange(json.Length / (double)words.Count, 20, 140);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"v\":1,\"engine\":\"x\"}")]                                                         // pages missing
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[]}")]                                            // no pages
    [InlineData("{\"v\":2,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[]}]}")]      // unknown version
    [InlineData("{\"v\":1,\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[]}]}")]                       // engine missing
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":0,\"w\":1,\"h\":1,\"lines\":[]}]}")]      // page number 0
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1}]}")]                   // lines missing
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"t\":\"a\",\"b\":[0,0,1],\"c\":1,\"w\":[]}]}]}")]           // box of 3
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"t\":\"a\",\"b\":[0,0,1,\"NaN\"],\"c\":1,\"w\":[]}]}]}")]   // NaN as string
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"t\":\"a\",\"b\":[0,0,1,1],\"c\":1.5,\"w\":[]}]}]}")]       // confidence > 1
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"t\":\"a\",\"b\":[0,0,1,1],\"w\":[]}]}]}")]                // confidence missing
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"t\":\"a\",\"b\":[0,0,1,1],\"c\":1,\"w\":[{\"t\":\"a\",\"b\":[0,0,-1,1],\"c\":1}]}]}]}")] // negative width
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[{\"b\":[0,0,1,1],\"c\":1,\"w\":[]}]}]}")]                    // text missing
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[null]}]}")]
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[]}],\"candidates\":[{\"f\":\"Total\",\"t\":\"1\",\"c\":-0.1}]}")]
    [InlineData("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":1,\"h\":1,\"lines\":[]}],\"lineItems\":[{\"p\":1}]}")]
    public void Rejects_malformed_or_invalid_json_as_ocr_result_invalid(string json)
    {
        var error = Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorCodes.OcrResultInvalid, error.Code);
    }

    [Fact]
    public void Accepts_the_smallest_valid_document()
    {
        var document = OcrDocumentJson.Deserialize("{\"v\":1,\"engine\":\"x\",\"pages\":[{\"n\":1,\"w\":612,\"h\":792,\"lines\":[]}]}"u8);

        Assert.Equal("x", document.Engine);
        Assert.Empty(document.Candidates);
        Assert.Empty(document.LineItemCandidates);
    }

    [Fact]
    public void Refuses_to_serialize_a_document_that_could_not_be_read_back()
    {
        var nan = new OcrDocument("x", [new OcrPage(1, 1, 1, [new OcrLine("a", new BoundingBox(double.NaN, 0, 1, 1), 1, [])])]);
        var badConfidence = new OcrDocument("x", [new OcrPage(1, 1, 1, [new OcrLine("a", new BoundingBox(0, 0, 1, 1), 2, [])])]);

        Assert.Equal(ErrorCodes.OcrResultInvalid, Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Serialize(nan)).Code);
        Assert.Equal(ErrorCodes.OcrResultInvalid, Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Serialize(badConfidence)).Code);
        Assert.Equal(ErrorCodes.OcrResultInvalid, Assert.Throws<DocumentRejectedException>(() => OcrDocumentJson.Serialize(new OcrDocument("x", []))).Code);
    }
}
