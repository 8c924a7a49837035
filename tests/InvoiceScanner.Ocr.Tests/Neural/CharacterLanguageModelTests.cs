using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class CharacterLanguageModelTests
{
    private static readonly string[] Corpus =
    [
        "JALAN TAMAN JAYA", "TAMAN SRI MUDA", "NO. 12, JALAN TAMAN", "TAMAN DESA", "81100 JOHOR BAHRU",
    ];

    private static double LogP(CharacterLanguageModel model, string history, string next)
    {
        var context = model.Start;
        var length = 1;
        foreach (var c in history)
        {
            var s = CharacterLanguageModel.SymbolOf(c.ToString());
            if (s < 0) continue;
            context = model.Extend(context, s);
            length++;
        }

        return model.LogProbability(context, length, CharacterLanguageModel.SymbolOf(next));
    }

    [Fact]
    public void Sees_capitals_one_digit_symbol_no_spaces_and_letters_without_accents()
    {
        Assert.Equal(CharacterLanguageModel.SymbolOf("A"), CharacterLanguageModel.SymbolOf("a"));
        Assert.Equal(CharacterLanguageModel.SymbolOf("3"), CharacterLanguageModel.SymbolOf("8"));
        Assert.Equal(CharacterLanguageModel.SymbolOf("E"), CharacterLanguageModel.SymbolOf("é"));
        Assert.Equal(CharacterLanguageModel.SymbolOf("A"), CharacterLanguageModel.SymbolOf("Ａ")); // full width
        Assert.Equal(-1, CharacterLanguageModel.SymbolOf(" "));
        Assert.NotEqual(CharacterLanguageModel.SymbolOf("N"), CharacterLanguageModel.SymbolOf("R"));
        Assert.NotEqual(CharacterLanguageModel.SymbolOf(","), CharacterLanguageModel.SymbolOf("."));
        Assert.Equal(CharacterLanguageModel.SymbolOf("中"), CharacterLanguageModel.SymbolOf("€")); // both "other"
    }

    [Fact]
    public void Prefers_what_it_was_trained_on_and_still_gives_everything_a_chance()
    {
        var model = CharacterLanguageModelTrainer.Train(Corpus, order: 5, minCount: 1);

        Assert.True(LogP(model, "TAMA", "N") > LogP(model, "TAMA", "R") + 1);
        Assert.True(LogP(model, "JOHOR BAHR", "U") > LogP(model, "JOHOR BAHR", "1"));
        Assert.True(double.IsFinite(LogP(model, "TAMA", "Q")));
    }

    [Fact]
    public void Its_probabilities_after_any_context_sum_to_one()
    {
        var model = CharacterLanguageModelTrainer.Train(Corpus, order: 4, minCount: 1);

        foreach (var history in new[] { "", "TAM", "JALAN T", "XYZ", "12," })
        {
            var context = model.Start;
            var length = 1;
            foreach (var c in history.Replace(" ", "", StringComparison.Ordinal))
            {
                context = model.Extend(context, CharacterLanguageModel.SymbolOf(c.ToString()));
                length++;
            }

            var total = Enumerable.Range(0, CharacterLanguageModel.SymbolCount).Sum(s => Math.Exp(model.LogProbability(context, length, s)));
            Assert.Equal(1.0, total, 9);
        }
    }

    [Fact]
    public void Round_trips_through_its_text_form()
    {
        var model = CharacterLanguageModelTrainer.Train(Corpus, order: 5, minCount: 1);
        var writer = new StringWriter();
        model.Save(writer);

        var loaded = CharacterLanguageModel.Load(new StringReader(writer.ToString()));

        Assert.Equal(model.Order, loaded.Order);
        foreach (var (history, next) in new[] { ("TAMA", "N"), ("JALAN", "T"), ("811", "0"), ("", "Q") })
            Assert.Equal(LogP(model, history, next), LogP(loaded, history, next), 12);
        Assert.Equal(model.Words.Order(), loaded.Words.Order());
    }

    [Fact]
    public void Keeps_the_words_of_its_text_seen_often_enough_in_capitals_without_accents()
    {
        var model = CharacterLanguageModelTrainer.Train([.. Corpus, "Café Taman"], order: 3, minCount: 2);

        Assert.Equal(["JALAN", "TAMAN"], model.Words.Order());  // TAMAN 5 times, JALAN twice; JAYA, CAFE, NO once
        Assert.Equal("CAFE", CharacterLanguageModel.WordForm("Café"));
        Assert.Contains("CAFE", CharacterLanguageModelTrainer.Train(["Café", "CAFE"], order: 3, minCount: 2).Words);
    }

    [Fact]
    public void A_model_saved_without_words_loads_with_none()
    {
        var loaded = CharacterLanguageModel.Load(new StringReader("order 3\nAB\t3\n"));

        Assert.Empty(loaded.Words);
    }

    [Fact]
    public void Leaves_out_rare_long_n_grams_when_asked()
    {
        var all = CharacterLanguageModelTrainer.Train(Corpus, order: 5, minCount: 1);
        var pruned = CharacterLanguageModelTrainer.Train(Corpus, order: 5, minCount: 2);
        var a = new StringWriter();
        var b = new StringWriter();
        all.Save(a);
        pruned.Save(b);

        Assert.True(b.ToString().Length < a.ToString().Length);
        Assert.Contains("\nJOHO\t", a.ToString(), StringComparison.Ordinal); // seen once
        Assert.DoesNotContain("\nJOHO\t", b.ToString(), StringComparison.Ordinal);
        Assert.Contains("\nTAMA\t", b.ToString(), StringComparison.Ordinal); // seen four times
    }

    [Theory]
    [InlineData("")]
    [InlineData("order x\nAB\t3\n")]
    [InlineData("order 3\nABCD\t3\n")]
    [InlineData("order 3\nAB 3\n")]
    [InlineData("order 3\nAb\t3\n")]
    [InlineData("order 3\nAB\t0\n")]
    [InlineData("order 3\nAB\t3\nAB\t4\n")]
    [InlineData("order 3\nAB\t3\nwords\nTAMAN\nJalan\n")]   // words are in capitals
    [InlineData("order 3\nAB\t3\nwords\nTAMAN\nTAMAN\n")]   // once each
    [InlineData("order 3\nAB\t3\nwords\nNO.\n")]
    public void Names_a_file_that_is_not_a_model(string text)
    {
        Assert.Throws<InvalidDataException>(() => CharacterLanguageModel.Load(new StringReader(text)));
    }

    [Fact]
    public void The_shipped_model_reads_printed_addresses()
    {
        var model = CharacterLanguageModel.Shipped;

        Assert.NotNull(model);
        Assert.True(LogP(model, "TAMA", "N") > LogP(model, "TAMA", "R"));
        Assert.True(LogP(model, "PETA", "L") > LogP(model, "PETA", "1"));
        Assert.True(LogP(model, "SELANGO", "R") > LogP(model, "SELANGO", "B"));
    }
}
