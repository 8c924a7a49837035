using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class PpOcrPageReaderTests
{
    private static readonly TextRegion Region = new(100, 50, 200, 20, 0.9);

    /// <summary>Characters every 10 px of the region, with the given probability.</summary>
    private static List<RecognisedCharacter> Read(string text, double probability = 0.9) =>
        text.Select((c, i) => new RecognisedCharacter(c.ToString(), 5 + 10 * i, probability)).ToList();

    [Fact]
    public void Cuts_words_at_the_spaces_with_boxes_from_where_the_characters_were_read()
    {
        var line = PpOcrPageReader.BuildLine(Read("RM 12.50"), Region, 1000, 500, 0.5);

        Assert.NotNull(line);
        Assert.Equal("RM 12.50", line.Text);
        Assert.Equal(["RM", "12.50"], line.Words.Select(w => w.Text));
        var (rm, amount) = (line.Words[0].Box, line.Words[1].Box);
        // "RM" from the region's left edge to halfway between "M" (15) and the space (25); the amount from halfway
        // between the space and "1" (35) to the region's right edge.
        Assert.Equal(0.100, rm.Left, 3);
        Assert.Equal(0.120, rm.Right, 3);
        Assert.Equal(0.130, amount.Left, 3);
        Assert.Equal(0.300, amount.Right, 3);
        Assert.Equal((0.1, 0.14), (rm.Top, rm.Bottom));
    }

    [Fact]
    public void Drops_a_line_read_with_low_confidence_or_nothing_but_spaces()
    {
        Assert.Null(PpOcrPageReader.BuildLine(Read("~~~", 0.3), Region, 1000, 500, 0.5));
        Assert.Null(PpOcrPageReader.BuildLine(Read("   "), Region, 1000, 500, 0.5));
        Assert.Null(PpOcrPageReader.BuildLine([], Region, 1000, 500, 0.5));
    }

    [Fact]
    public void Trims_and_collapses_spaces_the_recogniser_read()
    {
        var line = PpOcrPageReader.BuildLine(Read(" TOTAL  9.00 "), Region, 1000, 500, 0.5);

        Assert.Equal(["TOTAL", "9.00"], line!.Words.Select(w => w.Text));
    }

    [Fact]
    public void A_region_is_crowded_when_a_neighbour_in_the_same_columns_overlaps_it_by_more_than_the_setting()
    {
        var line = new TextRegion(100, 100, 400, 50, 0.9);
        TextRegion[] Page(TextRegion other) => [line, other];

        // The line below reaches 10 px (0.2 of the height) into this one.
        Assert.True(PpOcrPageReader.IsCrowded(line, Page(new TextRegion(150, 140, 300, 50, 0.9)), 0.15));
        // 5 px (0.1) is not enough; nor is a box beside it in other columns, however it overlaps in height.
        Assert.False(PpOcrPageReader.IsCrowded(line, Page(new TextRegion(150, 145, 300, 50, 0.9)), 0.15));
        Assert.False(PpOcrPageReader.IsCrowded(line, Page(new TextRegion(600, 100, 100, 50, 0.9)), 0.15));
        // A region alone on its row is never crowded by itself.
        Assert.False(PpOcrPageReader.IsCrowded(line, [line], 0.15));
    }

    [Fact]
    public void The_narrower_crop_keeps_the_width_and_the_middle()
    {
        var narrow = PpOcrPageReader.Narrowed(new TextRegion(100, 100, 400, 50, 0.9), 0.6);

        Assert.Equal(new TextRegion(100, 110, 400, 30, 0.9), narrow);
    }

    [Fact]
    public void The_narrow_reading_wins_when_likelier_on_average_and_not_much_shorter()
    {
        var first = Read("NO5JALAN", 0.6);
        // Spaces the restorer put in do not count, neither for the mean nor for the length.
        var likelier = Read("NO.53,JALAN", 0.9);
        likelier.Insert(6, new RecognisedCharacter(" ", 60, 0.01));

        Assert.True(PpOcrPageReader.IsBetterReading(likelier, first, 0.75));
        Assert.False(PpOcrPageReader.IsBetterReading(first, likelier, 0.75));
        // Likelier but with the tall letters cut off: 5 characters of 8 is under three quarters.
        Assert.False(PpOcrPageReader.IsBetterReading(Read("BEYMS", 0.95), first, 0.75));
        Assert.True(PpOcrPageReader.IsBetterReading(Read("BEYMSU", 0.95), first, 0.75));
    }
}
