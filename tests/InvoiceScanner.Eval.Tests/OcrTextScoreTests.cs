using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Eval.Tests;

public sealed class OcrTextScoreTests
{
    private static OcrDocument Read(params string[] lines) =>
        new("test", [new OcrPage(1, 100, 100, lines.Select(l => new OcrLine(l, new BoundingBox(0, 0, 1, 1), 1, [])).ToList())]);

    [Theory]
    [InlineData("JALAN", "NO 3 JALAN BESAR", 0)]   // found inside
    [InlineData("JALAN", "NO 3 JALAM BESAR", 1)]   // one substitution
    [InlineData("JALAN,", "NO 3 JALAN BESAR", 1)]  // one character missing
    [InlineData("TAMAN", "", 5)]                   // nothing to match: every character
    [InlineData("", "ANYTHING", 0)]
    public void Best_match_distance_counts_the_fewest_edits_to_any_stretch(string line, string text, int expected) =>
        Assert.Equal(expected, OcrTextScore.BestMatchDistance(line, text));

    [Fact]
    public void Reading_order_and_line_splits_do_not_count()
    {
        var score = new OcrTextScore();

        // Transcribed as three lines, read as two in another order and in mixed case.
        score.Add(["CASH BILL :", "01-143008", "TAMAN DESA HARMONI."], Read("Taman Desa Harmoni.", "Cash Bill: 01-143008"));

        Assert.Equal(0, score.CharacterErrors);
        Assert.Equal(0, score.LinesMissed);
        Assert.Equal("CASHBILL:01-143008TAMANDESAHARMONI.".Length, score.ReferenceCharacters);
        // With spaces, "BILL :" against "Bill:" is one edit.
        Assert.Equal(1, score.ErrorsWithSpaces);
    }

    [Fact]
    public void A_misread_character_and_a_line_not_read_are_counted()
    {
        var score = new OcrTextScore();

        // The comma is missing, and "81100" was not read (no stretch of the text shares a character with it).
        score.Add(["NO.2&4,JALAN HARMONI 3/2,", "81100"], Read("NO.2&4,JALAN HARMONI 3/2"));

        Assert.Equal(1 + 5, score.CharacterErrors);
        Assert.Equal(1, score.LinesMissed);
        Assert.Equal(2, score.Lines);
        Assert.Equal((double)score.CharacterErrors / score.ReferenceCharacters, score.CharacterErrorRate, 10);
    }

    [Fact]
    public void Scores_add_up_over_documents()
    {
        var first = new OcrTextScore();
        first.Add(["TOTAL 8.20"], Read("TOTAL 8.2O"));
        var second = new OcrTextScore();
        second.Add(["CASH"], Read("CASH"));

        var all = new OcrTextScore();
        all.Add(first);
        all.Add(second);

        Assert.Equal(1, all.CharacterErrors);
        Assert.Equal("TOTAL8.20CASH".Length, all.ReferenceCharacters);
        Assert.Equal(2, all.Documents);
    }
}
