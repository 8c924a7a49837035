using Mass = (double Blank, double NonBlank, double BlankAfterRead);

namespace InvoiceScanner.Ocr.Neural;

/// <summary>How much the character language model weighs against the recogniser while decoding.</summary>
/// <param name="Weight">The language model's log probability is multiplied by this (0 reads what greedy decoding reads).</param>
/// <param name="InsertionBonus">Added per character the model scores, so that its probabilities below 1 do not favour dropping characters.</param>
/// <param name="BeamWidth">Prefixes kept per step.</param>
/// <param name="MinClassProbability">Classes below this at a step are not tried there.</param>
internal sealed record LanguageModelSettings(double Weight, double InsertionBonus, int BeamWidth = 8, double MinClassProbability = 1e-3)
{
    /// <summary>
    /// Leave the inside of numbers to the pixels: a digit or sign right after a digit, or after a sign that follows a
    /// digit, is not judged ("14&amp;16", "9/3/2018", "1.234,56"), where the model would only push towards the commonest
    /// number shapes. Letters are always judged, and so is what follows a word ("TAMPOI,81200").
    /// </summary>
    public bool NumbersToPixels { get; init; } = true;

    /// <summary>
    /// A character greedy decoding read with at least this probability may be read as another, but is never dropped
    /// (above 1: any may be). Left free, the model dropped what ends an address line ("HARMONI 3/2," and "HARMONI."
    /// lost marks read at 0.5 to 0.9: a line end right after a word it knows was likelier to it than a mark and then
    /// a line end). Below even odds the search may still drop one ("-0.0:3" → "-0.03").
    /// </summary>
    public double KeepAbove { get; init; } = 2;

    /// <summary>Tuned on the dev split of the SROIE scans (docs/accuracy.md lists the settings tried).</summary>
    public static LanguageModelSettings Default { get; } = new(0.3, 0.5) { KeepAbove = 0.5 };
}

/// <summary>
/// CTC prefix beam search with a character language model: the recogniser's per-step class probabilities combined
/// with the model's judgement of each prefix. Where it reads the same characters as greedy decoding, the greedy
/// characters are returned as they are; otherwise positions come from aligning the chosen characters to the steps.
/// </summary>
internal sealed class CtcBeamDecoder
{
    private readonly IReadOnlyList<string> _alphabet;
    private readonly CharacterLanguageModel _model;
    private readonly LanguageModelSettings _settings;
    private readonly int[] _symbols;

    public CtcBeamDecoder(IReadOnlyList<string> alphabet, CharacterLanguageModel model, LanguageModelSettings settings)
    {
        _alphabet = alphabet;
        _model = model;
        _settings = settings;
        _symbols = new int[alphabet.Count + 1];
        _symbols[0] = -1;
        // Currency signs are skipped like spaces: which currency is printed is never the model's guess.
        for (var k = 1; k <= alphabet.Count; k++)
            _symbols[k] = IsCurrencySign(alphabet[k - 1]) ? -1 : CharacterLanguageModel.SymbolOf(alphabet[k - 1]);
    }

    /// <param name="probabilities">steps × classes, row-major; class 0 is the CTC blank, class k is alphabet[k − 1].</param>
    public List<RecognisedCharacter> Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var runs = CtcDecoder.Runs(probabilities, steps, classes);
        var greedy = CtcDecoder.Characters(probabilities, steps, classes, _alphabet, runs);
        var labels = Search(probabilities, steps, classes, KeptRuns(steps, runs));
        if (labels.Count == greedy.Count && labels.Select(k => _alphabet[k - 1]).SequenceEqual(greedy.Select(c => c.Character), StringComparer.Ordinal))
            return greedy;
        return Align(probabilities, steps, classes, labels);
    }

    private sealed class Prefix(Prefix? parent, int label, ulong context, int contextLength, double languageScore)
    {
        private Dictionary<int, Prefix>? _children;

        public Prefix? Parent { get; } = parent;
        public int Label { get; } = label;
        public ulong Context { get; } = context;
        public int ContextLength { get; } = contextLength;

        /// <summary>Weighted language-model log probability of the prefix plus the insertion bonuses.</summary>
        public double LanguageScore { get; } = languageScore;

        public double Blank { get; set; } = double.NegativeInfinity;
        public double NonBlank { get; set; } = double.NegativeInfinity;

        /// <summary>The part of <see cref="Blank"/> whose alignments read a character since the current kept run began.</summary>
        public double BlankAfterRead { get; set; } = double.NegativeInfinity;

        public Prefix Child(int label, CtcBeamDecoder decoder)
        {
            _children ??= [];
            if (_children.TryGetValue(label, out var child)) return child;
            var symbol = decoder._symbols[label];
            child = symbol < 0
                ? new Prefix(this, label, Context, ContextLength, LanguageScore)
                : new Prefix(this, label, decoder._model.Extend(Context, symbol), ContextLength + 1, LanguageScore + decoder.Judge(Context, ContextLength, symbol));
            _children[label] = child;
            return child;
        }
    }

    private static bool IsCurrencySign(string character) =>
        character.Length > 0 && char.GetUnicodeCategory(character, 0) == System.Globalization.UnicodeCategory.CurrencySymbol;

    /// <summary>What the language model adds for <paramref name="symbol"/> after the context (0 where it does not judge).</summary>
    private double Judge(ulong context, int contextLength, int symbol)
    {
        if (_settings.NumbersToPixels && !CharacterLanguageModel.IsLetter(symbol) && CharacterLanguageModel.InsideNumber(context, contextLength))
            return 0;
        return _settings.Weight * _model.LogProbability(context, contextLength, symbol) + _settings.InsertionBonus;
    }

    private static double Add(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    /// <param name="keptRunStart">For each step, the first step of the kept run it is in, or −1 (<see cref="KeptRuns"/>).</param>
    private List<int> Search(ReadOnlySpan<float> probabilities, int steps, int classes, int[] keptRunStart)
    {
        var root = new Prefix(null, 0, _model.Start, 1, 0) { Blank = 0 };
        var beam = new List<Prefix> { root };
        var candidates = new List<int>();
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            candidates.Clear();
            for (var k = 1; k < classes; k++)
                if (row[k] >= _settings.MinClassProbability) candidates.Add(k);

            // Inside a run of steps where greedy decoding read a character to keep, the blank mass is split by whether the
            // alignment has read a character since the run began (a non-blank step at t − 1 inside the run counts).
            var inRun = keptRunStart[t] >= 0;
            var next = Step(beam, row, candidates, inRun && t > keptRunStart[t]);

            if (inRun && (t + 1 == steps || keptRunStart[t + 1] != keptRunStart[t]))
                KeepAlignmentsThatRead(next);

            beam = Prune(next);
        }

        return BestLabels(beam);
    }

    /// <summary>
    /// One step of the search: each prefix in the beam read on by a blank, by its own last class again, and by each
    /// candidate class, with the masses of alignments that arrive at the same prefix summed.
    /// </summary>
    /// <param name="splitBlank">Whether this step is inside a kept run after its first step, where the blank mass that follows a read is tracked.</param>
    private Dictionary<Prefix, Mass> Step(List<Prefix> beam, ReadOnlySpan<float> row, List<int> candidates, bool splitBlank)
    {
        var next = new Dictionary<Prefix, Mass>();
        void Accumulate(Prefix p, double blank, double nonBlank, double blankAfterRead)
        {
            var (b, n, r) = next.TryGetValue(p, out var v) ? v : (double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity);
            next[p] = (Add(b, blank), Add(n, nonBlank), Add(r, blankAfterRead));
        }

        var logBlank = Math.Log(Math.Max(row[0], 1e-30f));
        foreach (var prefix in beam)
        {
            var total = Add(prefix.Blank, prefix.NonBlank);
            var blankAfterRead = splitBlank ? Add(prefix.BlankAfterRead, prefix.NonBlank) + logBlank : double.NegativeInfinity;
            Accumulate(prefix, total + logBlank, double.NegativeInfinity, blankAfterRead);
            if (prefix.Parent is not null)
                Accumulate(prefix, double.NegativeInfinity, prefix.NonBlank + Math.Log(Math.Max(row[prefix.Label], 1e-30f)), double.NegativeInfinity);
            foreach (var k in candidates)
            {
                var child = prefix.Child(k, this);
                var logP = Math.Log(row[k]);
                // A repeated character needs a blank between: "LL" is two steps of L with a blank in between.
                Accumulate(child, double.NegativeInfinity, (prefix.Parent is not null && k == prefix.Label ? prefix.Blank : total) + logP, double.NegativeInfinity);
            }
        }

        return next;
    }

    /// <summary>The <see cref="LanguageModelSettings.BeamWidth"/> best prefixes, best first, holding their new masses.</summary>
    private List<Prefix> Prune(Dictionary<Prefix, Mass> next) =>
        next.OrderByDescending(e => Add(e.Value.Blank, e.Value.NonBlank) + e.Key.LanguageScore)
            .Take(_settings.BeamWidth)
            .Select(e =>
            {
                e.Key.Blank = e.Value.Blank;
                e.Key.NonBlank = e.Value.NonBlank;
                e.Key.BlankAfterRead = e.Value.BlankAfterRead;
                return e.Key;
            })
            .ToList();

    /// <summary>The labels of the best prefix at the end, with the language model's score for ending the text there.</summary>
    private List<int> BestLabels(List<Prefix> beam)
    {
        var end = CharacterLanguageModel.EndSymbol;
        var best = beam.MaxBy(p => Add(p.Blank, p.NonBlank) + p.LanguageScore
            + (p.Parent is null ? 0 : _settings.Weight * _model.LogProbability(p.Context, p.ContextLength, end)))!;
        var labels = new List<int>();
        for (var p = best; p.Parent is not null; p = p.Parent) labels.Add(p.Label);
        labels.Reverse();
        return labels;
    }

    /// <summary>
    /// The end of a kept run: a kept character may be read as another, never dropped, so only the alignments that read
    /// something during the run go on, with their blank mass cut to the part that did (unless none did).
    /// </summary>
    private static void KeepAlignmentsThatRead(Dictionary<Prefix, Mass> next)
    {
        static bool Read(Mass m) => m.NonBlank > double.NegativeInfinity || m.BlankAfterRead > double.NegativeInfinity;
        if (!next.Values.Any(Read)) return;
        foreach (var (prefix, mass) in next)
        {
            // Removing, or overwriting an existing key, does not invalidate the enumeration.
            if (Read(mass)) next[prefix] = (mass.BlankAfterRead, mass.NonBlank, double.NegativeInfinity);
            else next.Remove(prefix);
        }
    }

    /// <summary>
    /// For each step, the first step of the greedy run it belongs to when greedy decoding read that run's character with
    /// at least <see cref="LanguageModelSettings.KeepAbove"/>, or −1 (spaces are <see cref="SpaceRestorer"/>'s, never kept).
    /// </summary>
    private int[] KeptRuns(int steps, List<GreedyRun> runs)
    {
        var runStart = new int[steps];
        Array.Fill(runStart, -1);
        foreach (var (start, end, label, peak) in runs)
        {
            if (label != _alphabet.Count && peak >= _settings.KeepAbove) Array.Fill(runStart, start, start, end - start);
        }

        return runStart;
    }

    /// <summary>
    /// Characters for <paramref name="labels"/> placed at the steps the likeliest CTC alignment gives them (Viterbi over
    /// blank, label, blank, …), with probabilities and space leanings measured as greedy decoding measures them.
    /// </summary>
    private List<RecognisedCharacter> Align(ReadOnlySpan<float> probabilities, int steps, int classes, List<int> labels)
    {
        var characters = new List<RecognisedCharacter>(labels.Count);
        if (labels.Count == 0 || steps == 0) return characters;
        var states = 2 * labels.Count + 1;
        int Class(int state) => state % 2 == 0 ? 0 : labels[state / 2];

        var score = new double[states];
        var from = new int[steps, states];
        Array.Fill(score, double.NegativeInfinity);
        score[0] = Math.Log(Math.Max(probabilities[0], 1e-30f));
        if (states > 1) score[1] = Math.Log(Math.Max(probabilities[labels[0]], 1e-30f));
        for (var t = 1; t < steps; t++)
        {
            var next = new double[states];
            for (var s = 0; s < states; s++)
            {
                var best = score[s];
                var origin = s;
                if (s >= 1 && score[s - 1] > best) (best, origin) = (score[s - 1], s - 1);
                if (s >= 2 && Class(s) != 0 && Class(s) != Class(s - 2) && score[s - 2] > best) (best, origin) = (score[s - 2], s - 2);
                next[s] = double.IsNegativeInfinity(best) ? best : best + Math.Log(Math.Max(probabilities[t * classes + Class(s)], 1e-30f));
                from[t, s] = origin;
            }

            score = next;
        }

        var state = states > 1 && score[states - 2] > score[states - 1] ? states - 2 : states - 1;
        var path = new int[steps];
        for (var t = steps - 1; t >= 0; t--)
        {
            path[t] = state;
            if (t > 0) state = from[t, state];
        }

        var space = _alphabet.Count;
        var previousStart = -1;
        for (var j = 0; j < labels.Count; j++)
        {
            var labelState = 2 * j + 1;
            var first = Array.IndexOf(path, labelState);
            if (first < 0) continue; // cannot happen for a complete alignment; skipped rather than misplaced
            var last = Array.LastIndexOf(path, labelState);
            var probability = 0f;
            for (var t = first; t <= last; t++) probability = Math.Max(probability, probabilities[t * classes + labels[j]]);
            var spaceBefore = 0f;
            if (previousStart >= 0)
                for (var t = previousStart + 1; t <= first; t++) spaceBefore = Math.Max(spaceBefore, probabilities[t * classes + space]);
            characters.Add(new RecognisedCharacter(_alphabet[labels[j] - 1], (first + 0.5) / steps, probability, spaceBefore));
            previousStart = first;
        }

        return characters;
    }
}
