namespace InvoiceScanner.Ocr.Neural;

/// <summary>One recognised character (a string: some alphabets hold characters outside the BMP) and where in the crop it was read (0..1 of the crop's width).</summary>
/// <param name="SpaceBefore">The highest probability the space class had since the previous character (0 for the first).</param>
internal readonly record struct RecognisedCharacter(string Character, double Position, double Probability, double SpaceBefore = 0);

/// <summary>
/// A run of steps [Start, End) whose likeliest class is the same non-blank class: one greedily read character.
/// <paramref name="Peak"/> is that class's highest probability over the run.
/// </summary>
internal readonly record struct GreedyRun(int Start, int End, int Label, float Peak);

/// <summary>Greedy CTC decoding of a recogniser's per-step class probabilities.</summary>
internal static class CtcDecoder
{
    /// <summary>
    /// Takes the likeliest class at every step, drops repeats and the blank (class 0), and maps class k to
    /// <paramref name="alphabet"/>[k − 1]. Each character keeps the centre of the step it was read at.
    /// </summary>
    /// <param name="probabilities">steps × classes, row-major.</param>
    public static List<RecognisedCharacter> Decode(ReadOnlySpan<float> probabilities, int steps, int classes, IReadOnlyList<string> alphabet) =>
        Characters(probabilities, steps, classes, alphabet, Runs(probabilities, steps, classes));

    /// <summary>The runs greedy decoding reads its characters from, in order (a blank step ends a run).</summary>
    public static List<GreedyRun> Runs(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        if (probabilities.Length < steps * classes) throw new ArgumentException("Fewer probabilities than steps × classes.", nameof(probabilities));
        var runs = new List<GreedyRun>();
        var previous = 0;
        for (var step = 0; step < steps; step++)
        {
            var row = probabilities.Slice(step * classes, classes);
            var best = ArgMax(row);
            if (best != 0 && best == previous) runs[^1] = runs[^1] with { End = step + 1, Peak = Math.Max(runs[^1].Peak, row[best]) };
            else if (best != 0) runs.Add(new GreedyRun(step, step + 1, best, row[best]));
            previous = best;
        }

        return runs;
    }

    /// <summary>The characters of <paramref name="runs"/>: each at its run's first step, with that step's probability.</summary>
    public static List<RecognisedCharacter> Characters(ReadOnlySpan<float> probabilities, int steps, int classes, IReadOnlyList<string> alphabet, List<GreedyRun> runs)
    {
        if (classes != alphabet.Count + 1)
            throw new ArgumentException($"The model has {classes} classes but the alphabet {alphabet.Count} characters plus the blank.", nameof(alphabet));
        var space = alphabet.Count; // the space is the alphabet's last class
        var characters = new List<RecognisedCharacter>(runs.Count);
        var previousStart = -1;
        foreach (var run in runs)
        {
            // The space class's highest probability since the previous character's first step, this step included.
            var spaceSince = 0f;
            if (previousStart >= 0)
                for (var step = previousStart + 1; step <= run.Start; step++) spaceSince = Math.Max(spaceSince, probabilities[step * classes + space]);
            characters.Add(new RecognisedCharacter(alphabet[run.Label - 1], (run.Start + 0.5) / steps, probabilities[run.Start * classes + run.Label], spaceSince));
            previousStart = run.Start;
        }

        return characters;
    }

    /// <summary>The likeliest class of one step (the first of equals).</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
            if (row[k] > row[best]) best = k;
        return best;
    }
}
