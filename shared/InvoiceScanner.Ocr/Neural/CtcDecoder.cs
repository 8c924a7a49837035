namespace InvoiceScanner.Ocr.Neural;

/// <summary>One recognised character (a string: some alphabets hold characters outside the BMP) and where in the crop it was read (0..1 of the crop's width).</summary>
/// <param name="SpaceBefore">The highest probability the space class had since the previous character (0 for the first).</param>
internal readonly record struct RecognisedCharacter(string Character, double Position, double Probability, double SpaceBefore = 0);

/// <summary>Greedy CTC decoding of a recogniser's per-step class probabilities.</summary>
internal static class CtcDecoder
{
    /// <summary>
    /// Takes the likeliest class at every step, drops repeats and the blank (class 0), and maps class k to
    /// <paramref name="alphabet"/>[k − 1]. Each character keeps the centre of the step it was read at.
    /// </summary>
    /// <param name="probabilities">steps × classes, row-major.</param>
    public static List<RecognisedCharacter> Decode(ReadOnlySpan<float> probabilities, int steps, int classes, IReadOnlyList<string> alphabet)
    {
        if (classes != alphabet.Count + 1)
            throw new ArgumentException($"The model has {classes} classes but the alphabet {alphabet.Count} characters plus the blank.", nameof(alphabet));
        if (probabilities.Length < steps * classes) throw new ArgumentException("Fewer probabilities than steps × classes.", nameof(probabilities));

        var characters = new List<RecognisedCharacter>();
        var space = alphabet.Count; // the space is the alphabet's last class
        var previous = -1;
        var spaceSince = 0f;
        for (var step = 0; step < steps; step++)
        {
            var row = probabilities.Slice(step * classes, classes);
            var best = ArgMax(row);
            spaceSince = Math.Max(spaceSince, row[space]);
            if (best != 0 && best != previous)
            {
                characters.Add(new RecognisedCharacter(alphabet[best - 1], (step + 0.5) / steps, row[best], characters.Count == 0 ? 0 : spaceSince));
                spaceSince = 0;
            }

            previous = best;
        }

        return characters;
    }

    /// <summary>The likeliest class of one step (the first of equals).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
            if (row[k] > row[best]) best = k;
        return best;
    }
}
