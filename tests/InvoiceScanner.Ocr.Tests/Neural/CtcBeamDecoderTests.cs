using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class CtcBeamDecoderTests
{
    // Class 0 is the blank; class k is Alphabet[k − 1]; the space is last, as in PP-OCR's alphabets.
    private static readonly string[] Alphabet = ["T", "A", "M", "N", "R", "3", "8", "/", "L", "&", ".", ",", "$", " "];
    private static readonly int Classes = Alphabet.Length + 1;

    private static readonly CharacterLanguageModel Model = CharacterLanguageModelTrainer.Train(
        ["TAMAN JAYA", "TAMAN SRI", "JALAN TAMAN", "TAMAN DESA", "NO 3/8 TAMAN", "TEL 38/38", "MALL", "NO 388", "NO 383", "NO 83", "TAMAN,83", "TAMAN,38"], order: 5, minCount: 1);

    /// <summary>One row per step: the listed classes get their probabilities, the blank the rest.</summary>
    private static float[] Rows(params (string Character, float P)[][] steps)
    {
        var rows = new float[steps.Length * Classes];
        for (var t = 0; t < steps.Length; t++)
        {
            var rest = 1f;
            foreach (var (character, p) in steps[t])
            {
                rows[t * Classes + Array.IndexOf(Alphabet, character) + 1] = p;
                rest -= p;
            }

            rows[t * Classes] = rest;
        }

        return rows;
    }

    private static (string, float)[] Read(string character, float p = 0.95f) => [(character, p)];
    private static (string, float)[] Blank() => [];

    private static string Text(IEnumerable<RecognisedCharacter> characters) => string.Concat(characters.Select(c => c.Character));

    [Fact]
    public void Settles_a_near_tie_the_way_printed_text_reads()
    {
        // T A M A then a step that is 55 % R, 40 % N.
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), [("R", 0.55f), ("N", 0.4f)], Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        Assert.Equal("TAMAR", Text(CtcDecoder.Decode(rows, 10, Classes, Alphabet)));
        var characters = decoder.Decode(rows, 10, Classes);

        Assert.Equal("TAMAN", Text(characters));
        Assert.Equal(8.5 / 10, characters[4].Position, 6);
        Assert.Equal(0.4, characters[4].Probability, 5);
    }

    [Fact]
    public void Does_not_overrule_a_clear_reading()
    {
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), [("R", 0.995f), ("N", 0.004f)], Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        Assert.Equal("TAMAR", Text(decoder.Decode(rows, 10, Classes)));
    }

    [Fact]
    public void Has_no_opinion_between_digits()
    {
        // "3/3" was never seen, "3/8" often; digits are one symbol to the model, so the pixels decide.
        var rows = Rows(Read("3"), Blank(), Read("/"), Blank(), [("3", 0.52f), ("8", 0.45f)], Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        Assert.Equal("3/3", Text(decoder.Decode(rows, 6, Classes)));
    }

    [Fact]
    public void Returns_the_greedy_characters_themselves_when_it_reads_the_same()
    {
        var rows = Rows(Read("M"), Read("A"), Blank(), Read("L"), Blank(), Read("L"), Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);
        var greedy = CtcDecoder.Decode(rows, 7, Classes, Alphabet);

        var characters = decoder.Decode(rows, 7, Classes);

        Assert.Equal("MALL", Text(characters));
        Assert.Equal(greedy, characters);
    }

    [Fact]
    public void With_no_weight_reads_what_greedy_decoding_reads()
    {
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), [("R", 0.55f), ("N", 0.4f)], Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, new LanguageModelSettings(0, 0));

        Assert.Equal("TAMAR", Text(decoder.Decode(rows, 10, Classes)));
    }

    [Fact]
    public void Measures_the_space_leaning_between_the_characters_it_chose()
    {
        // "TAMA" then a step leaning 30 % towards a space, then the near tie.
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), [(" ", 0.3f)], [("R", 0.55f), ("N", 0.4f)], Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        var characters = decoder.Decode(rows, 10, Classes);

        Assert.Equal("TAMAN", Text(characters));
        Assert.Equal(0.3, characters[4].SpaceBefore, 5);
        Assert.Equal(0, characters[3].SpaceBefore, 5);
    }

    [Fact]
    public void Leaves_signs_between_digits_to_the_pixels()
    {
        // "3&8" was never seen (digits always followed digits); the recogniser read "&" at 60 %.
        var rows = Rows(Read("3"), Blank(), [("&", 0.6f)], Blank(), Read("8"), Blank());
        var judgeAll = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default with { NumbersToPixels = false, KeepAbove = 2 });
        var lettersOnly = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        Assert.Equal("38", Text(judgeAll.Decode(rows, 6, Classes)));
        Assert.Equal("3&8", Text(lettersOnly.Decode(rows, 6, Classes)));
    }

    [Fact]
    public void Puts_back_a_faint_comma_between_a_word_and_a_number()
    {
        // "TAMAN" then a step 30 % comma, then "83": the model has only seen "TAMAN,8".
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), Read("N"), Blank(), [(",", 0.3f)], Blank(), Read("8"), Blank(), Read("3"), Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default);

        Assert.Equal("TAMAN83", Text(CtcDecoder.Decode(rows, 16, Classes, Alphabet)));
        Assert.Equal("TAMAN,83", Text(decoder.Decode(rows, 16, Classes)));
    }

    [Fact]
    public void Never_drops_or_adds_a_currency_sign()
    {
        // "$8" at the start of a line; the model has never seen a "$".
        var rows = Rows([("$", 0.55f)], Blank(), Read("8"), Blank(), Read("3"), Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, LanguageModelSettings.Default with { Weight = 1.0 });

        Assert.Equal("$83", Text(decoder.Decode(rows, 6, Classes)));
    }

    [Theory]
    [InlineData(0.75f, 0.5, "TAMAN.")] // read surely enough: kept
    [InlineData(0.45f, 0.5, "TAMAN")]  // below even odds: the model may still drop it
    [InlineData(0.75f, 2.0, "TAMAN")]  // left free, the model drops it
    public void Never_drops_a_character_the_recogniser_is_sure_enough_of(float stopProbability, double keepAbove, string expected)
    {
        // "TAMAN." where the model has never seen a line end in a full stop, at a heavy weight; the stop's steps
        // are 20 % "&", so that a stop below even odds is still what greedy decoding reads there.
        (string, float)[] stop = [(".", stopProbability), ("&", 0.2f)];
        var rows = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), Read("N"), Blank(), stop, stop, Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, new LanguageModelSettings(1.0, 0.5) { KeepAbove = keepAbove });

        Assert.Equal("TAMAN.", Text(CtcDecoder.Decode(rows, 13, Classes, Alphabet)));
        Assert.Equal(expected, Text(decoder.Decode(rows, 13, Classes)));
    }

    [Fact]
    public void Keeping_characters_still_lets_it_read_one_as_another_or_add_one()
    {
        // "TAMAR" with the R at 72 %, N at 27 %; then "TAMAN" with a 30 % comma before "83".
        var settings = LanguageModelSettings.Default with { Weight = 1.0 };
        var tamar = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), [("R", 0.72f), ("N", 0.27f)], Blank());
        var comma = Rows(Read("T"), Blank(), Read("A"), Blank(), Read("M"), Blank(), Read("A"), Blank(), Read("N"), Blank(), [(",", 0.3f)], Blank(), Read("8"), Blank(), Read("3"), Blank());
        var decoder = new CtcBeamDecoder(Alphabet, Model, settings);

        Assert.True(settings.KeepAbove <= 0.72);
        Assert.Equal("TAMAN", Text(decoder.Decode(tamar, 10, Classes)));
        Assert.Equal("TAMAN,83", Text(decoder.Decode(comma, 16, Classes)));
    }
}
