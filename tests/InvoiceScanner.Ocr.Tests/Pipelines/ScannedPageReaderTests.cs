using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pipelines;

namespace InvoiceScanner.Ocr.Tests.Pipelines;

public sealed class ScannedPageReaderTests
{
    [Fact]
    public void Words_read_from_an_image_are_placed_where_the_image_is_drawn_on_the_page()
    {
        var word = new OcrWord("TOTAL", new BoundingBox(0.5, 0.25, 0.2, 0.1), 0.9);
        var line = new OcrLine("TOTAL", word.Box, 0.9, [word]);

        var placed = ScannedPageReader.Place(line, new BoundingBox(0.5, 0.5, 0.5, 0.4));

        var box = Assert.Single(placed.Words).Box;
        Assert.Equal(0.75, box.Left, 6);
        Assert.Equal(0.6, box.Top, 6);
        Assert.Equal(0.1, box.Width, 6);
        Assert.Equal(0.04, box.Height, 6);
        Assert.Equal(box, placed.Box);
        Assert.Equal("TOTAL", placed.Text);
    }

    [Fact]
    public void A_mostly_dark_fax_scan_is_turned_to_white_paper_and_a_light_one_kept()
    {
        var negative = new GrayImage(4, 2, [0, 0, 0, 255, 0, 0, 0, 0]);
        var paper = new GrayImage(4, 2, [255, 255, 255, 0, 255, 255, 255, 255]);

        Assert.Equal(paper.Pixels, ScannedPageReader.PaperWhite(negative).Pixels);
        Assert.Same(paper, ScannedPageReader.PaperWhite(paper));
    }

    [Theory]
    [InlineData(0, false, 1)]
    [InlineData(1, false, 6)]
    [InlineData(2, false, 3)]
    [InlineData(3, false, 8)]
    [InlineData(-1, false, 8)]
    [InlineData(0, true, 4)]
    [InlineData(1, true, 7)]
    [InlineData(2, true, 2)]
    [InlineData(3, true, 5)]
    public void Turns_and_a_flip_of_a_page_image_are_the_exif_orientation_that_makes_it_upright(int quarterTurns, bool mirrored, int orientation) =>
        Assert.Equal(orientation, ScannedPageReader.Orientation(quarterTurns, mirrored));

    [Fact]
    public void A_quarter_turn_clockwise_puts_the_top_left_corner_top_right()
    {
        // 3 wide, 2 high; the dark pixel top left. Turned clockwise it is 2 wide, 3 high, dark top right.
        var stored = new GrayImage(3, 2, [0, 255, 255, 255, 255, 255]);

        var shown = GrayOrientation.Upright(stored, ScannedPageReader.Orientation(1, false));

        Assert.Equal((2, 3), (shown.Width, shown.Height));
        Assert.Equal([255, 0, 255, 255, 255, 255], shown.Pixels);
    }
}
