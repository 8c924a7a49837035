using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Parsing;

public sealed class TesseractTsvParserTests
{
    private const string Columns = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    private static string Tsv(params string[] rows) => Columns + "\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void Groups_words_by_block_paragraph_and_line_and_scales_confidence()
    {
        var tsv = Tsv(
            "1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t",
            "2\t1\t1\t0\t0\t0\t100\t100\t500\t100\t-1\t",
            "3\t1\t1\t1\t0\t0\t100\t100\t500\t100\t-1\t",
            "4\t1\t1\t1\t1\t0\t100\t100\t500\t40\t-1\t",
            "5\t1\t1\t1\t1\t1\t100\t100\t200\t40\t96.5\tTOTAL",
            "5\t1\t1\t1\t1\t2\t400\t110\t200\t30\t88.5\t70.28",
            "4\t1\t1\t1\t2\t0\t100\t160\t300\t40\t-1\t",
            "5\t1\t1\t1\t2\t1\t100\t160\t300\t40\t50\tCASH",
            "2\t1\t2\t0\t0\t0\t100\t500\t100\t40\t-1\t",
            "5\t1\t2\t1\t1\t1\t100\t500\t100\t40\t0\tX");

        var page = TesseractTsvParser.ParsePage(tsv, 3, 0, 0);

        Assert.Equal((3, 1000d, 2000d), (page.Number, page.Width, page.Height));
        Assert.Equal(["TOTAL 70.28", "CASH", "X"], page.Lines.Select(l => l.Text));
        var total = page.Lines[0];
        Assert.Equal(0.925, total.Confidence, 9);
        Assert.Equal(0.965, total.Words[0].Confidence, 9);
        Assert.Equal(0.0, page.Lines[2].Confidence);
        // Line box = union of its words: x 100..600, y 100..140.
        Assert.Equal((0.1, 0.05, 0.6, 0.07), (total.Box.Left, total.Box.Top, total.Box.Right, total.Box.Bottom));
        Assert.Equal(0.4, total.Words[1].Box.Left, 9);
        Assert.Equal(0.055, total.Words[1].Box.Top, 9);
    }

    [Theory]
    [InlineData(110, new[] { "Brightline Supply INVOICE" })]      // under 3 word heights (40 px): one line
    [InlineData(130, new[] { "Brightline Supply", "INVOICE" })]   // wider: a letterhead and a title beside it
    public void A_line_is_split_where_words_are_further_apart_than_three_word_heights(int gap, string[] expected)
    {
        var titleLeft = 100 + 200 + 20 + 180 + gap;
        var tsv = Tsv(
            "1	1	0	0	0	0	0	0	1000	1000	-1	",
            "5	1	1	1	1	1	100	100	200	40	95	Brightline",
            "5	1	1	1	1	2	320	100	180	40	95	Supply",
            $"5\t1\t1\t1\t1\t3\t{titleLeft}\t100\t150\t40\t90\tINVOICE");

        var page = TesseractTsvParser.ParsePage(tsv, 1, 0, 0);

        Assert.Equal(expected, page.Lines.Select(l => l.Text));
        // Each part keeps its own words, box and confidence.
        var last = page.Lines[^1];
        Assert.Equal(titleLeft / 1000.0 + 0.15, last.Box.Right, 9);
        Assert.Equal(last.Words.Average(w => w.Confidence), last.Confidence, 9);
    }

    [Fact]
    public void Gaps_are_measured_in_pixels_whatever_the_page_shape()
    {
        // A tall receipt (500 x 2000 px): a 100 px gap is 0.2 of the width but only 2.5 word heights (40 px).
        var tsv = Tsv(
            "1	1	0	0	0	0	0	0	500	2000	-1	",
            "5	1	1	1	1	1	20	100	100	40	95	TOTAL",
            "5	1	1	1	1	2	220	100	100	40	95	9.00");

        Assert.Equal(["TOTAL 9.00"], TesseractTsvParser.ParsePage(tsv, 1, 0, 0).Lines.Select(l => l.Text));
    }

    [Fact]
    public void Skips_empty_words_and_structure_rows_and_tolerates_crlf_and_bad_rows()
    {
        var tsv = Tsv(
            "1\t1\t0\t0\t0\t0\t0\t0\t400\t300\t-1\t",
            "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t95\t ",
            "5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t95\t",
            "5\t1\t1\t1\t1\t3\t130\t10\t50\t20\t91\tword",
            "garbage line",
            "5\t1\t1\t1\t1\tx\t130\t10\t50\t20\t91",
            "5\t1\t1\t1\t1\t4\t190\t10\t50\t20\t90.25\ttwo words").Replace("\n", "\r\n", StringComparison.Ordinal);

        var page = TesseractTsvParser.ParsePage(tsv, 1, 0, 0);

        var line = Assert.Single(page.Lines);
        Assert.Equal(["word", "two words"], line.Words.Select(w => w.Text));
    }

    [Fact]
    public void Uses_the_given_size_without_a_level_one_row_and_returns_an_empty_page_for_no_words()
    {
        var withoutPageRow = Tsv("5\t1\t1\t1\t1\t1\t50\t25\t50\t25\t90\tHi");
        var page = TesseractTsvParser.ParsePage(withoutPageRow, 1, 200, 100);
        Assert.Equal((200d, 100d), (page.Width, page.Height));
        Assert.Equal((0.25, 0.25, 0.25, 0.25), (page.Lines[0].Box.Left, page.Lines[0].Box.Top, page.Lines[0].Box.Width, page.Lines[0].Box.Height));

        var blank = TesseractTsvParser.ParsePage(Tsv("1\t1\t0\t0\t0\t0\t0\t0\t640\t480\t-1\t"), 2, 0, 0);
        Assert.Equal((2, 640d, 480d), (blank.Number, blank.Width, blank.Height));
        Assert.Empty(blank.Lines);
        Assert.Empty(TesseractTsvParser.ParsePage("", 1, 10, 10).Lines);
    }

    [Fact]
    public void Splits_multi_page_output_by_page_number()
    {
        var tsv = Tsv(
            "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
            "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tone",
            "1\t2\t0\t0\t0\t0\t0\t0\t200\t50\t-1\t",
            "5\t2\t1\t1\t1\t1\t0\t0\t10\t10\t90\ttwo");

        var pages = TesseractTsvParser.ParsePages(tsv);

        Assert.Equal([(1, 100d, "one"), (2, 200d, "two")], pages.Select(p => (p.Number, p.Width, p.Lines.Single().Text)));
        // ParsePage reads a single image: only the first page.
        Assert.Equal("one", TesseractTsvParser.ParsePage(tsv, 1, 0, 0).Lines.Single().Text);
    }

    [Fact]
    public async Task Parses_real_tesseract_output_of_a_rendered_receipt()
    {
        var sample = SampleInvoiceCatalog.Get("my-grocery-till-receipt");
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 200, TestContext.Current.CancellationToken);
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("receipt.png"), png, TestContext.Current.CancellationToken);
        var output = await Tools.RunAsync("tesseract", folder.File("receipt.png"), "stdout", "-l", "eng", "--psm", "6", "tsv");

        var page = TesseractTsvParser.ParsePage(output.StandardOutputText, 1, 0, 0);

        // The page size comes from tesseract's level-1 row: the PNG's pixel size (IHDR width and height).
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), page.Width);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)), page.Height);
        var text = OcrText.Of(page);
        Assert.Contains("TOTAL (RM) 70.28", text);
        Assert.Contains("INVOICE NO: CS-00048213", text);
        var total = page.Lines.First(l => l.Text.StartsWith("TOTAL (RM)", StringComparison.Ordinal));
        Assert.True(total.Confidence > 0.8, $"confidence {total.Confidence}");
        Assert.All(page.Lines, l => Assert.Equal(l.Words.Average(w => w.Confidence), l.Confidence, 9));
        // Lines come in reading order: top to bottom, and parts of one row (split at wide gaps) left to right.
        Assert.True(page.Lines.Zip(page.Lines.Skip(1)).Count(p => p.First.Box.Top <= p.Second.Box.Top
            || (p.First.Box.Top < p.Second.Box.Bottom && p.First.Box.Right < p.Second.Box.Left)) >= page.Lines.Count - 2);
        // The label and its amount, far apart on the till roll, are separate lines now, each with its own box.
        Assert.Contains(page.Lines, l => l.Text == "70.28" && l.Box.Left > total.Box.Right);
    }
}
