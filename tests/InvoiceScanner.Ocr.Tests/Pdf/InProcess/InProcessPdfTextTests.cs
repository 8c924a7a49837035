using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Pdf.InProcess;
using InvoiceScanner.Ocr.Tests.Support;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using PdfPigBuilder = UglyToad.PdfPig.Writer.PdfDocumentBuilder;

namespace InvoiceScanner.Ocr.Tests.Pdf.InProcess;

public sealed class InProcessPdfTextTests
{
    // Helvetica's ascender and descender (its AFM): the word boxes span them, as pdftotext's do.
    private const double Ascent = 0.718;
    private const double Descent = 0.207;

    [Fact]
    public void Words_carry_their_text_and_page_relative_boxes()
    {
        var builder = new PdfPigBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var letters = builder.AddPage(612, 792).AddText("Invoice number 12345", 12, new PdfPoint(72, 700), font);

        var page = ReadPage(builder.Build());

        Assert.Equal((612, 792), (page.Width, page.Height));
        var line = Assert.Single(page.Lines);
        Assert.Equal("Invoice number 12345", line.Text);
        Assert.Equal(["Invoice", "number", "12345"], line.Words.Select(w => w.Text));
        Assert.All(line.Words, w => Assert.Equal(1.0, w.Confidence));
        var invoice = line.Words[0].Box;
        AssertClose(72 / 612.0, invoice.Left);
        AssertClose(letters[6].EndBaseLine.X / 612, invoice.Right);
        AssertClose((792 - 700 - Ascent * 12) / 792, invoice.Top);
        AssertClose((792 - 700 + Descent * 12) / 792, invoice.Bottom);
        AssertClose(letters[15].StartBaseLine.X / 612, line.Words[2].Box.Left);
        AssertClose(line.Box.Right, line.Words[2].Box.Right);
    }

    [Fact]
    public void Columns_on_one_baseline_are_separate_lines_and_lines_run_top_to_bottom()
    {
        var builder = new PdfPigBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var pdfPage = builder.AddPage(612, 792);
        pdfPage.AddText("Bill to: Acme Ltd", 10, new PdfPoint(50, 700), font);
        pdfPage.AddText("Ship to: Widget Co", 10, new PdfPoint(330, 700), font);
        pdfPage.AddText("12 High Street", 10, new PdfPoint(50, 688), font);
        pdfPage.AddText("Dock 4, Harbour Road", 10, new PdfPoint(330, 688), font);
        pdfPage.AddText("Payment is due within thirty days of the invoice date, by transfer to the account below.", 10, new PdfPoint(50, 600), font);

        var lines = ReadPage(builder.Build()).Lines.Select(l => l.Text).ToList();

        Assert.Equal(5, lines.Count);
        Assert.Contains("Bill to: Acme Ltd", lines);
        Assert.Contains("Ship to: Widget Co", lines);
        // Each column reads down before the next starts, and the text spanning both below them comes last.
        Assert.Equal(lines.IndexOf("Bill to: Acme Ltd") + 1, lines.IndexOf("12 High Street"));
        Assert.Equal(lines.IndexOf("Ship to: Widget Co") + 1, lines.IndexOf("Dock 4, Harbour Road"));
        Assert.StartsWith("Payment is due", lines[^1]);
    }

    [Fact]
    public void Kerning_splits_a_word_when_wider_than_a_tenth_of_the_font_size_and_a_line_when_wider_than_a_column_gap()
    {
        // At 10 points: 0.4 stays inside a word, 6 separates words of one line, 25 is a gap between columns.
        var pdf = RawPdf.SinglePage("BT /F1 10 Tf 72 700 Td [(Amo) -40 (unt) -600 (due) -2500 (42.00)] TJ ET");

        var lines = ReadPage(pdf).Lines;

        Assert.Equal(["Amount due", "42.00"], lines.Select(l => l.Text));
        Assert.Equal(["Amount", "due"], lines[0].Words.Select(w => w.Text));
    }

    [Fact]
    public void Text_drawn_twice_for_fake_bold_is_one_word()
    {
        var pdf = RawPdf.SinglePage("BT /F1 12 Tf 72 700 Td (Total due) Tj ET BT /F1 12 Tf 72.4 700 Td (Total due) Tj ET");

        var line = Assert.Single(ReadPage(pdf).Lines);

        Assert.Equal(["Total", "due"], line.Words.Select(w => w.Text));
    }

    [Fact]
    public void Invisible_text_of_a_scanned_page_is_kept()
    {
        var builder = new PdfPigBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var pdfPage = builder.AddPage(612, 792);
        pdfPage.SetTextRenderingMode(TextRenderingMode.Neither);
        pdfPage.AddText("Recognised text layer", 11, new PdfPoint(72, 700), font);

        Assert.Equal("Recognised text layer", Assert.Single(ReadPage(builder.Build()).Lines).Text);
    }

    [Fact]
    public void Runs_of_spaces_separate_words_and_never_become_words()
    {
        var pdf = RawPdf.SinglePage("BT /F1 10 Tf 72 700 Td (Net  amount ) Tj ET");

        Assert.Equal(["Net", "amount"], Assert.Single(ReadPage(pdf).Lines).Words.Select(w => w.Text));
    }

    [Fact]
    public void A_rotated_page_is_read_in_its_displayed_frame()
    {
        var builder = new PdfPigBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var pdfPage = builder.AddPage(612, 792);
        pdfPage.SetRotation(new PageRotationDegrees(90));
        pdfPage.AddText("Sideways", 12, new PdfPoint(72, 700), font);

        var page = ReadPage(builder.Build());

        // Turned a quarter clockwise, the page is landscape and the text runs downwards near its right edge.
        Assert.Equal((792, 612), (page.Width, page.Height));
        var word = Assert.Single(Assert.Single(page.Lines).Words);
        Assert.Equal("Sideways", word.Text);
        AssertClose((700 - Descent * 12) / 792, word.Box.Left);
        AssertClose((700 + Ascent * 12) / 792, word.Box.Right);
        AssertClose(72 / 612.0, word.Box.Top);
        Assert.True(word.Box.Height * 612 > word.Box.Width * 792, "the word runs down the displayed page");
    }

    [Fact]
    public void Landscape_content_on_a_rotated_page_reads_horizontally()
    {
        // Drawn a quarter turn anticlockwise on a page displayed a quarter turn clockwise: upright when shown.
        var pdf = RawPdf.SinglePage(
            "q 0 1 -1 0 612 0 cm BT /F1 12 Tf 72 500 Td (Landscape heading) Tj ET Q",
            "/MediaBox [0 0 612 792] /Rotate 90");

        var page = ReadPage(pdf);

        Assert.Equal((792, 612), (page.Width, page.Height));
        var line = Assert.Single(page.Lines);
        Assert.Equal("Landscape heading", line.Text);
        AssertClose(72 / 792.0, line.Box.Left);
        AssertClose((112 - Ascent * 12) / 612, line.Box.Top);
        Assert.True(line.Box.Width * 792 > line.Box.Height * 612);
    }

    [Fact]
    public void Boxes_are_relative_to_the_crop_box_and_text_outside_it_is_dropped()
    {
        var pdf = RawPdf.SinglePage(
            "BT /F1 12 Tf 150 650 Td (Inside) Tj ET BT /F1 12 Tf 20 650 Td (Outside) Tj ET",
            "/MediaBox [0 0 612 792] /CropBox [100 100 500 700]");

        var page = ReadPage(pdf);

        Assert.Equal((400, 600), (page.Width, page.Height));
        var word = Assert.Single(Assert.Single(page.Lines).Words);
        Assert.Equal("Inside", word.Text);
        AssertClose(50 / 400.0, word.Box.Left);
        AssertClose((50 - Ascent * 12) / 600, word.Box.Top);
    }

    [Fact]
    public void Filled_in_form_fields_and_typed_text_boxes_are_read_where_they_show()
    {
        var pdf = RawPdf.SinglePage(
            "BT /F1 10 Tf 72 696 Td (Customer:) Tj ET",
            "/MediaBox [0 0 612 792] /Annots [6 0 R 7 0 R 8 0 R 9 0 R]",
            objects:
            [
                RawPdf.Dictionary("<< /Type /Annot /Subtype /Widget /FT /Tx /T (customer) /V (Acme Ltd) /Rect [120 687 300 705] /DA (/Helv 10 Tf 0 g) /F 4 >>"),
                RawPdf.Dictionary("<< /Type /Annot /Subtype /FreeText /Contents (Paid 12/03/2024) /Rect [400 600 520 620] /DA (/Helv 12 Tf 0 g) /F 4 >>"),
                RawPdf.Dictionary("<< /Type /Annot /Subtype /Widget /FT /Tx /T (secret) /V (Hidden value) /Rect [120 500 300 518] /DA (/Helv 10 Tf 0 g) /F 2 >>"),
                RawPdf.Dictionary("<< /Type /Annot /Subtype /Widget /FT /Btn /T (agree) /V /Yes /AS /Yes /Rect [120 450 135 465] /F 4 >>"),
            ]);

        var page = ReadPage(pdf);

        Assert.Equal(["Customer: Acme Ltd", "Paid 12/03/2024"], page.Lines.Select(l => l.Text));
        var paid = page.Lines[1].Words[0].Box;
        AssertClose(402 / 612.0, paid.Left);
        AssertClose((792 - 620 + 2) / 792.0, paid.Top);
    }

    [Fact]
    public void Each_page_is_read_on_its_own()
    {
        using var pdf = InProcessPdf.Open(TestFiles.PdfWithPages(3));

        Assert.Equal(3, pdf.PageCount);
        for (var n = 1; n <= 3; n++)
        {
            var page = pdf.ReadTextLayer(n);
            Assert.Equal(n, page.Number);
            Assert.StartsWith($"Page {n} of a long statement", OcrText.Of(page));
        }
    }

    [Theory]
    [InlineData("\uFB01nal", "final")]
    [InlineData("o\uFB00ice \uFB03x \uFB04y \uFB02at", "office ffix ffly flat")]
    [InlineData("plain", "plain")]
    public void Ligatures_come_out_as_their_letters(string drawn, string read) =>
        Assert.Equal(read, GlyphReader.ExpandLigatures(drawn));

    private static OcrPage ReadPage(byte[] pdf)
    {
        using var document = InProcessPdf.Open(pdf);
        return document.ReadTextLayer(1);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) < 0.002, $"expected {expected:F4}, got {actual:F4}");
}
