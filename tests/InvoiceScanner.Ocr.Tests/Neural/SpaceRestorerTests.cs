using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class SpaceRestorerTests
{
    private const int Height = 48;

    /// <summary>A white line 48 px high with a black glyph over each span of columns (rows 12–36, the middle band).</summary>
    private static GrayImage Line(int width, params (int From, int To)[] glyphs)
    {
        var pixels = Enumerable.Repeat((byte)255, width * Height).ToArray();
        foreach (var (from, to) in glyphs)
        {
            for (var y = 12; y <= 36; y++)
                for (var x = from; x <= to; x++)
                    pixels[y * width + x] = 0;
        }

        return new GrayImage(width, Height, pixels);
    }

    /// <summary>Characters read at the centres of the glyphs, each with the given space probability before it.</summary>
    private static List<RecognisedCharacter> Read(string text, (int From, int To)[] glyphs, double spaceBefore) =>
        text.Select((c, i) => new RecognisedCharacter(c.ToString(), (glyphs[i].From + glyphs[i].To) / 2.0, 0.9, i == 0 ? 0 : spaceBefore)).ToList();

    private static string Text(IEnumerable<RecognisedCharacter> characters) => string.Concat(characters.Select(c => c.Character));

    // Glyphs 20 px wide, 4 px apart inside words; the gap between "B" and "C" is 14 px (0.29 of the height).
    private static readonly (int, int)[] TwoWords = [(10, 30), (34, 54), (69, 89), (93, 113)];

    [Fact]
    public void Puts_a_space_in_a_word_gap_the_recogniser_leaned_towards()
    {
        var restored = SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), Line(130, TwoWords), SpaceSettings.Default);

        Assert.Equal("AB CD", Text(restored));
        Assert.InRange(restored[2].Position, 55, 68); // the space sits in the gap
    }

    [Fact]
    public void A_space_that_splits_a_known_word_goes_unless_both_halves_are_words_or_the_gap_is_wide()
    {
        // "AB CD" read as two words ("PETAL ING"); the model knows "ABCD" but neither half.
        var words = new HashSet<string> { "ABCD", "SDN", "BHD", "SDNBHD" };

        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), Line(130, TwoWords), SpaceSettings.Default, new HashSet<string> { "SDN" })));
        Assert.Equal("ABCD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), Line(130, TwoWords), SpaceSettings.Default, words)));
        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), Line(130, TwoWords), SpaceSettings.Default, new HashSet<string> { "ABCD", "AB", "CD" })));
        (int, int)[] wide = [(10, 30), (34, 54), (80, 100), (104, 124)]; // 25 px: over 0.45 of the height
        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", wide, 0.1), Line(140, wide), SpaceSettings.Default, words)));
        Assert.Equal("A1 CD", Text(SpaceRestorer.Restore(Read("A1CD", TwoWords, 0.1), Line(130, TwoWords), SpaceSettings.Default, new HashSet<string> { "A1CD", "ACD" })));
    }

    [Fact]
    public void Leaves_the_same_gap_alone_when_the_recogniser_saw_no_space_there()
    {
        // The wide sides of a narrow glyph ("1" in a fixed-pitch font) look like this; the model knows better.
        var restored = SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.001), Line(130, TwoWords), SpaceSettings.Default);

        Assert.Equal("ABCD", Text(restored));
    }

    [Fact]
    public void A_narrower_gap_is_a_space_only_when_the_recogniser_leaned_harder_towards_one()
    {
        (int, int)[] glyphs = [(10, 30), (34, 54), (64, 84), (88, 108)]; // 9 px between "B" and "C": 0.19 of the height

        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", glyphs, 0.18), Line(120, glyphs), SpaceSettings.Default)));
        Assert.Equal("ABCD", Text(SpaceRestorer.Restore(Read("ABCD", glyphs, 0.05), Line(120, glyphs), SpaceSettings.Default)));
    }

    [Fact]
    public void Always_splits_at_a_gap_wider_than_half_the_height()
    {
        (int, int)[] glyphs = [(10, 30), (34, 54), (80, 100)]; // 25 px gap
        var restored = SpaceRestorer.Restore(Read("ABC", glyphs, 0), Line(110, glyphs), SpaceSettings.Default);

        Assert.Equal("AB C", Text(restored));
    }

    [Fact]
    public void Never_splits_a_number_at_its_separator()
    {
        (int, int)[] glyphs = [(10, 30), (34, 54), (78, 82), (106, 126), (130, 150)]; // "12.50" with 23 px around the point
        var restored = SpaceRestorer.Restore(Read("12.50", glyphs, 0.2), Line(160, glyphs), SpaceSettings.Default);

        Assert.Equal("12.50", Text(restored));
    }

    [Fact]
    public void Never_splits_a_capital_from_the_small_letters_after_it()
    {
        // "Lumiere" in a heading: right of the L's stem the middle band is empty.
        (int, int)[] glyphs = [(10, 30), (60, 80), (84, 104)];
        var restored = SpaceRestorer.Restore(Read("Lum", glyphs, 0.2), Line(110, glyphs), SpaceSettings.Default);

        Assert.Equal("Lum", Text(restored));
        Assert.Equal("LU M", Text(SpaceRestorer.Restore(Read("LUM", [(10, 30), (34, 54), (80, 100)], 0.2), Line(110, [(10, 30), (34, 54), (80, 100)]), SpaceSettings.Default)));
    }

    [Fact]
    public void Splits_at_a_hyphen_or_slash_only_at_a_gap_wider_than_half_the_height()
    {
        (int, int)[] tight = [(10, 30), (44, 50), (64, 84)];  // "J-1": 13 px each side of the dash (0.27)
        (int, int)[] spaced = [(10, 30), (55, 61), (86, 106)]; // "J - 1": 24 px each side (0.5)

        Assert.Equal("J-1", Text(SpaceRestorer.Restore(Read("J-1", tight, 0.4), Line(110, tight), SpaceSettings.Default)));
        Assert.Equal("J - 1", Text(SpaceRestorer.Restore(Read("J-1", spaced, 0.4), Line(110, spaced), SpaceSettings.Default)));
    }

    [Fact]
    public void Keeps_commas_and_brackets_against_their_word_unless_the_gap_is_very_wide()
    {
        // "0,J" and "(M)" in a fixed-pitch font: 14 px (0.29) beside each narrow mark, the recogniser leaning to a space.
        (int, int)[] comma = [(10, 30), (45, 49), (64, 84)];
        (int, int)[] brackets = [(10, 14), (29, 49), (64, 68)];
        (int, int)[] wide = [(10, 30), (56, 60), (86, 106)]; // "0 , J": 25 px (0.52) each side

        Assert.Equal("0, J", Text(SpaceRestorer.Restore(Read("0,J", comma, 0.3), Line(100, comma), SpaceSettings.Default)));
        Assert.Equal("(M)", Text(SpaceRestorer.Restore(Read("(M)", brackets, 0.3), Line(80, brackets), SpaceSettings.Default)));
        Assert.Equal("0 , J", Text(SpaceRestorer.Restore(Read("0,J", wide, 0.3), Line(110, wide), SpaceSettings.Default)));
        // A space the recogniser itself read before the comma goes too.
        (int, int)[] withSpace = [(10, 30), (0, 0), (45, 49), (64, 84)];
        Assert.Equal("0, J", Text(SpaceRestorer.Restore(Read("0 ,J", withSpace, 0.3), Line(100, comma), SpaceSettings.Default)));
    }

    [Fact]
    public void A_colon_takes_the_space_its_gap_shows_unlike_a_comma()
    {
        // "E:" and "E :" (receipts print both): 14 px (0.29) before the colon with the recogniser leaning to a space,
        // against 4 px (0.08).
        (int, int)[] spaced = [(10, 30), (45, 49)];
        (int, int)[] tight = [(10, 30), (35, 39)];

        Assert.Equal("E :", Text(SpaceRestorer.Restore(Read("E:", spaced, 0.3), Line(60, spaced), SpaceSettings.Default)));
        Assert.Equal("E:", Text(SpaceRestorer.Restore(Read("E:", tight, 0.3), Line(50, tight), SpaceSettings.Default)));
        // The same gap before a comma stays closed.
        Assert.Equal("E,", Text(SpaceRestorer.Restore(Read("E,", spaced, 0.3), Line(60, spaced), SpaceSettings.Default)));
    }

    [Fact]
    public void Takes_out_a_space_the_recogniser_put_after_the_first_capital_of_a_word()
    {
        // "J oinery" as read: J, space, o, i (the J's open side left a 13 px gap, under half the height).
        (int, int)[] glyphs = [(10, 30), (0, 0), (44, 64), (68, 88)];
        var read = Read("J oi", glyphs, 0.5);

        Assert.Equal("Joi", Text(SpaceRestorer.Restore(read, Line(100, [(10, 30), (44, 64), (68, 88)]), SpaceSettings.Default)));
        // A vowel is a word of its own ("I am"), and a really wide gap is a real space.
        Assert.Equal("I am", Text(SpaceRestorer.Restore(Read("I am", glyphs, 0.5), Line(100, [(10, 30), (44, 64), (68, 88)]), SpaceSettings.Default)));
        (int, int)[] wide = [(10, 30), (0, 0), (60, 80), (84, 104)];
        Assert.Equal("J oi", Text(SpaceRestorer.Restore(Read("J oi", wide, 0.5), Line(110, [(10, 30), (60, 80), (84, 104)]), SpaceSettings.Default)));
    }

    [Fact]
    public void Never_splits_chinese_or_japanese_text()
    {
        (int, int)[] glyphs = [(10, 40), (70, 100)];
        var restored = SpaceRestorer.Restore(Read("谢谢", glyphs, 0.5), Line(110, glyphs), SpaceSettings.Default);

        Assert.Equal("谢谢", Text(restored));
    }

    [Fact]
    public void Ignores_ink_of_the_neighbouring_lines_at_the_top_and_bottom_of_the_crop()
    {
        var line = Line(130, TwoWords);
        for (var x = 0; x < 130; x++) line.Pixels[2 * 130 + x] = 0;           // a rule or descenders in the top fifth
        for (var x = 0; x < 130; x++) line.Pixels[(Height - 3) * 130 + x] = 0; // and in the bottom fifth

        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), line, SpaceSettings.Default)));
    }

    [Fact]
    public void Reads_light_text_on_a_dark_ground()
    {
        var line = Line(130, TwoWords);
        for (var i = 0; i < line.Pixels.Length; i++) line.Pixels[i] = (byte)(255 - line.Pixels[i]);

        Assert.Equal("AB CD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.1), line, SpaceSettings.Default)));
    }

    [Fact]
    public void Off_restores_nothing() =>
        Assert.Equal("ABCD", Text(SpaceRestorer.Restore(Read("ABCD", TwoWords, 0.9), Line(130, TwoWords), SpaceSettings.Off)));
}
