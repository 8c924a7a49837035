using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Training.Learning;

/// <summary>
/// Trains the <see cref="CharacterLanguageModel"/> PP-OCR decodes with: offline only, the library just loads the
/// saved model.
/// </summary>
internal static class CharacterLanguageModelTrainer
{
    private const int BitsPerSymbol = CharacterLanguageModel.BitsPerSymbol;

    /// <summary>Counts n-grams of up to <paramref name="order"/> symbols over lines of text.</summary>
    /// <param name="minCount">N-grams longer than two symbols seen fewer times are left out (they mostly memorise single documents).</param>
    public static CharacterLanguageModel Train(IEnumerable<string> lines, int order, int minCount)
    {
        if (order is < 1 or > 10) throw new ArgumentOutOfRangeException(nameof(order), "1 to 10 symbols.");
        if (minCount < 1) throw new ArgumentOutOfRangeException(nameof(minCount), "At least 1.");
        var counts = new Dictionary<ulong, int>();
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            foreach (var run in LatinLetters.LetterRuns(line).Where(r => r.Length >= 2))
                words[CharacterLanguageModel.WordForm(run)] = words.GetValueOrDefault(CharacterLanguageModel.WordForm(run)) + 1;
            var symbols = new List<int> { CharacterLanguageModel.StartSymbol };
            foreach (var rune in line.EnumerateRunes())
                if (CharacterLanguageModel.SymbolOf(rune.ToString()) is >= 0 and var s) symbols.Add(s);
            if (symbols.Count == 1) continue;
            symbols.Add(CharacterLanguageModel.EndSymbol);
            for (var i = 1; i < symbols.Count; i++)
            {
                ulong context = 0;
                for (var k = 0; k < order && i - k >= 0; k++)
                {
                    // k symbols of context: symbols[i-k .. i-1]
                    if (k > 0) context |= (ulong)symbols[i - k] << (BitsPerSymbol * (k - 1));
                    var key = (CharacterLanguageModel.Key(context, k) << BitsPerSymbol) | (uint)symbols[i];
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        foreach (var key in counts.Where(kv => kv.Value < minCount && Length(kv.Key) > 2).Select(kv => kv.Key).ToList())
            counts.Remove(key);
        return new CharacterLanguageModel(order, counts, words.Where(w => w.Value >= minCount).Select(w => w.Key).ToHashSet(StringComparer.Ordinal));
    }

    private static int Length(ulong key)
    {
        var length = 0;
        for (; key > 1; key >>= BitsPerSymbol) length++;
        return length;
    }
}
