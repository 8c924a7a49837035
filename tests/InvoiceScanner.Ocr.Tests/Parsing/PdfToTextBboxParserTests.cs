using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Parsing;

public sealed class PdfToTextBboxParserTests
{
    private const string Header = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
        <head>
        <title></title>
        </head>
        <body>
        <doc>
        """;

    private const string Footer = "</doc>\n</body>\n</html>\n";

    [Fact]
    public void Normalises_boxes_by_page_size_and_groups_words_into_lines()
    {
        var xhtml = Header + """
              <page width="600.000000" height="800.000000">
                <flow>
                  <block xMin="60" yMin="80" xMax="300" yMax="100">
                    <line xMin="60.000000" yMin="80.000000" xMax="300.000000" yMax="100.000000">
                      <word xMin="60.000000" yMin="80.000000" xMax="120.000000" yMax="100.000000">Invoice</word>
                      <word xMin="130.000000" yMin="80.000000" xMax="300.000000" yMax="100.000000">INV-42</word>
                    </line>
                    <line xMin="60" yMin="120" xMax="90" yMax="140">
                      <word xMin="60" yMin="120" xMax="90" yMax="140">Total</word>
                    </line>
                  </block>
                </flow>
              </page>
            """ + Footer;

        var document = PdfToTextBboxParser.Parse(xhtml);

        Assert.Equal("pdftotext", document.Engine);
        Assert.True(document.FromTextLayer);
        var page = Assert.Single(document.Pages);
        Assert.Equal((1, 600d, 800d), (page.Number, page.Width, page.Height));
        Assert.Equal(["Invoice INV-42", "Total"], page.Lines.Select(l => l.Text));
        var word = page.Lines[0].Words[1];
        Assert.Equal("INV-42", word.Text);
        Assert.Equal(130 / 600d, word.Box.Left, 9);
        Assert.Equal(80 / 800d, word.Box.Top, 9);
        Assert.Equal(170 / 600d, word.Box.Width, 9);
        Assert.Equal(20 / 800d, word.Box.Height, 9);
        Assert.Equal(0.5, page.Lines[0].Box.Right, 9);
        Assert.All(page.Lines.SelectMany(l => l.Words), w => Assert.Equal(1.0, w.Confidence));
        Assert.Equal(1.0, page.Lines[1].Confidence);
    }

    [Fact]
    public void Decodes_entities_in_words()
    {
        var xhtml = Header + """
              <page width="100" height="100"><flow><block><line xMin="0" yMin="0" xMax="50" yMax="10">
                <word xMin="0" yMin="0" xMax="10" yMax="10">Harbor&amp;Finch</word>
                <word xMin="10" yMin="0" xMax="20" yMax="10">&lt;b&gt;</word>
                <word xMin="20" yMin="0" xMax="30" yMax="10">&quot;Opéra&quot;</word>
                <word xMin="30" yMin="0" xMax="40" yMax="10">O&apos;Neil</word>
                <word xMin="40" yMin="0" xMax="50" yMax="10">&#8364;5&#x2009;000</word>
              </line></block></flow></page>
            """ + Footer;

        var line = Assert.Single(PdfToTextBboxParser.Parse(xhtml).Pages[0].Lines);

        Assert.Equal(["Harbor&Finch", "<b>", "\"Opéra\"", "O'Neil", "€5\u2009000"], line.Words.Select(w => w.Text));
    }

    [Fact]
    public void Keeps_empty_pages_and_pages_without_flows_in_order()
    {
        var xhtml = Header + """
              <page width="612.000000" height="792.000000">
              </page>
              <page width="612.000000" height="792.000000"/>
              <page width="595.000000" height="842.000000">
                <flow><block><line xMin="1" yMin="1" xMax="9" yMax="9"><word xMin="1" yMin="1" xMax="9" yMax="9">Text</word></line></block></flow>
              </page>
            """ + Footer;

        var document = PdfToTextBboxParser.Parse(xhtml);

        Assert.Equal([1, 2, 3], document.Pages.Select(p => p.Number));
        Assert.Empty(document.Pages[0].Lines);
        Assert.Empty(document.Pages[1].Lines);
        Assert.Equal("Text", Assert.Single(document.Pages[2].Lines).Text);
        Assert.Equal(595, document.Pages[2].Width);
    }

    [Fact]
    public void Tolerates_odd_whitespace_blank_words_and_an_unescaped_title()
    {
        // poppler writes the document title unescaped; a title with '<' and '&' must not break the page content.
        var xhtml = """
            <html><head><title>Q1 <report> & "stuff"</title></head><body><doc>
            <page	width='200'
                  height="100"><flow><block>
            <line xMin="0" yMin="0" xMax="200" yMax="20">
              <word   xMin = "0"  yMin="0" xMax="40" yMax="20" >  Total  </word>
              <word xMin="40" yMin="0" xMax="60" yMax="20">   </word>
              <word xMin="60" yMin="0" xMax="100" yMax="20">12.50</word>
              <word xMin="100" yMin="0" xMax="120" yMax="20">&#160;</word>
            </line></block></flow></page></doc></body></html>
            """.Replace("\n", "\r\n", StringComparison.Ordinal);

        var document = PdfToTextBboxParser.Parse(xhtml, "custom");

        Assert.Equal("custom", document.Engine);
        var line = Assert.Single(Assert.Single(document.Pages).Lines);
        Assert.Equal("Total 12.50", line.Text);
        Assert.Equal(0.3, line.Words[1].Box.Left, 9);
    }

    [Fact]
    public void Returns_no_pages_for_output_without_pages_and_clamps_boxes_to_the_page()
    {
        Assert.Empty(PdfToTextBboxParser.Parse("").Pages);
        Assert.Empty(PdfToTextBboxParser.Parse(Header + Footer).Pages);

        var offPage = Header + """
            <page width="100" height="100"><flow><block><line xMin="-10" yMin="90" xMax="120" yMax="110">
              <word xMin="-10" yMin="90" xMax="120" yMax="110">bleed</word>
            </line></block></flow></page>
            """ + Footer;
        var box = PdfToTextBboxParser.Parse(offPage).Pages[0].Lines[0].Words[0].Box;
        Assert.Equal((0d, 0.9, 1d, 1d), (box.Left, box.Top, box.Right, box.Bottom));
    }

    [Fact]
    public async Task Parses_real_pdftotext_output_of_a_generated_invoice()
    {
        var sample = SampleInvoiceCatalog.Get("de-software-rechnung");
        using var folder = new TempFolder();
        var pdf = folder.File("invoice.pdf");
        await File.WriteAllBytesAsync(pdf, sample.RenderPdf(), TestContext.Current.CancellationToken);
        var output = await Tools.RunAsync("pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-");

        var document = PdfToTextBboxParser.Parse(output.StandardOutputText);

        var page = Assert.Single(document.Pages);
        Assert.Equal(595.28, page.Width, 2);
        Assert.Equal(841.89, page.Height, 2);
        var text = OcrText.Of(document);
        // pdftotext puts a label and its value in separate lines when a column gap divides them; the boxes
        // still show they are on one row.
        var label = page.Lines.Single(l => l.Text == "Rechnungsbetrag");
        var value = page.Lines.Single(l => l.Text == "6.174,67 €");
        Assert.Equal(label.Box.CenterY, value.Box.CenterY, 3);
        Assert.True(value.Box.Left > label.Box.Right);
        Assert.Contains("Bäckerei Müller & Söhne KG", text);
        Assert.Contains("Softwarelizenz „Kassensystem Pro“ (Jahreslizenz)", text);
        Assert.Contains("USt-IdNr.: DE287456193", text);
        Assert.All(page.Lines.SelectMany(l => l.Words), w =>
        {
            Assert.InRange(w.Box.Left, 0, 1);
            Assert.InRange(w.Box.Bottom, 0, 1);
            Assert.True(w.Box.Width > 0 && w.Box.Height > 0, $"'{w.Text}' has an empty box");
        });

        // The vendor name is printed right-aligned at the top: its box must say so.
        var vendor = page.Lines.First(l => l.Text == "Nordlicht Software GmbH");
        Assert.Equal(538 / 595.28, vendor.Box.Right, 2);
        Assert.True(vendor.Box.Top < 0.1);
    }
}
