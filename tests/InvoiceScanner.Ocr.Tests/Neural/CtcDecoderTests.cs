using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class CtcDecoderTests
{
    // Classes: 0 blank, 1 'A', 2 'B', 3 ' ' (the space is the alphabet's last entry, as PP-OCR's).
    private static readonly string[] Alphabet = ["A", "B", " "];

    /// <summary>One row per step with the given class at <paramref name="p"/> and the rest shared out.</summary>
    private static float[] Steps(params (int Class, float P, float Space)[] steps)
    {
        var rows = new float[steps.Length * 4];
        for (var t = 0; t < steps.Length; t++)
        {
            var (best, p, space) = steps[t];
            for (var k = 0; k < 4; k++) rows[t * 4 + k] = (1 - p - space) / 3;
            rows[t * 4 + best] = p;
            if (best != 3) rows[t * 4 + 3] = space;
        }

        return rows;
    }

    [Fact]
    public void Collapses_repeats_drops_blanks_and_keeps_a_letter_repeated_across_a_blank()
    {
        // A A _ A B B _ → "AAB"
        var probabilities = Steps((1, 0.9f, 0), (1, 0.8f, 0), (0, 0.9f, 0), (1, 0.7f, 0), (2, 0.6f, 0), (2, 0.9f, 0), (0, 0.9f, 0));

        var characters = CtcDecoder.Decode(probabilities, 7, 4, Alphabet);

        Assert.Equal("AAB", string.Concat(characters.Select(c => c.Character)));
        Assert.Equal([0.5 / 7, 3.5 / 7, 4.5 / 7], characters.Select(c => c.Position));
        Assert.Equal(0.9, characters[0].Probability, 5);
    }

    [Fact]
    public void Reports_how_strongly_the_space_was_considered_since_the_previous_character()
    {
        var probabilities = Steps((1, 0.9f, 0.01f), (0, 0.6f, 0.3f), (0, 0.9f, 0.05f), (2, 0.9f, 0.02f));

        var characters = CtcDecoder.Decode(probabilities, 4, 4, Alphabet);

        Assert.Equal(0, characters[0].SpaceBefore);
        Assert.Equal(0.3, characters[1].SpaceBefore, 5);
    }

    [Fact]
    public void Refuses_an_alphabet_that_does_not_fit_the_model()
    {
        var error = Assert.Throws<ArgumentException>(() => CtcDecoder.Decode(new float[20], 4, 5, Alphabet));
        Assert.Contains("5 classes", error.Message);
    }
}
