using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Training.Learning;

/// <summary>
/// One document's candidates for a field: their features, which of them print the true value (none when the value is
/// not among them), the source and the group (producer or layout family) it belongs to.
/// </summary>
public sealed record RankingExample(string Source, string Group, IReadOnlyList<SparseVector> Candidates, IReadOnlySet<int> Positives, bool Holdout);

/// <summary>
/// Trains <see cref="CandidateRanker"/>: the likelihood that one of the positives is chosen (−log Σ p over the lines printing
/// the value; "none" when no line does), AdaGrad with L2, a fixed seed and epoch count so the same data gives the same
/// weights; every source weighs the same whatever its size. Cross-validation holds out whole groups, so a score never
/// comes from a model that saw the document's producer.
/// </summary>
public static class CandidateRankerTrainer
{
    public sealed record Options(int Epochs = 25, double LearningRate = 0.05, double L2 = 1e-3, int Seed = 17, int Folds = 5);

    public static CandidateRanker Train(IReadOnlyList<RankingExample> examples, Options? options = null)
    {
        options ??= new Options();
        var weights = new float[PartyCandidateFeatures.Dimensions];
        var gradSq = new float[weights.Length];
        var model = new CandidateRanker(weights);
        var perSource = examples.GroupBy(e => e.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var e in order)
            {
                var example = examples[e];
                var weight = examples.Count / (double)(perSource.Count * perSource[example.Source]);
                var p = model.Probabilities(example.Candidates);
                var positive = example.Positives.Sum(i => p[i]);
                for (var i = 0; i < example.Candidates.Count; i++)
                {
                    // d(−log Σ_P p)/d score_i = p_i − p_i / Σ_P p for a positive, p_i for any other.
                    var d = example.Positives.Contains(i) ? p[i] - p[i] / Math.Max(positive, 1e-12) : p[i];
                    if (Math.Abs(d) < 1e-6)
                        continue;
                    var x = example.Candidates[i];
                    for (var k = 0; k < x.Indices.Length; k++)
                    {
                        var slot = x.Indices[k];
                        var g = weight * d * x.Values[k] + options.L2 * weights[slot];
                        gradSq[slot] += (float)(g * g);
                        weights[slot] -= (float)(options.LearningRate * g / Math.Sqrt(gradSq[slot] + 1e-8));
                    }
                }
            }
        }
        return model;
    }

    /// <summary>
    /// Each example's probabilities from a model trained without its group's fold (groups are spread over
    /// <see cref="Options.Folds"/> folds by a hash of their name).
    /// </summary>
    public static double[][] CrossValidate(IReadOnlyList<RankingExample> examples, Options? options = null)
    {
        options ??= new Options();
        var result = new double[examples.Count][];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var test = Enumerable.Range(0, examples.Count).Where(i => FoldOf(examples[i].Group, options.Folds) == fold).ToList();
            if (test.Count == 0)
                continue;
            var model = Train(examples.Where((_, i) => FoldOf(examples[i].Group, options.Folds) != fold).ToList(), options);
            foreach (var i in test)
                result[i] = model.Probabilities(examples[i].Candidates);
        }
        return result;
    }

    public static int FoldOf(string group, int folds)
    {
        var hash = 2166136261u;
        foreach (var c in group)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)folds);
    }
}
