using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Training.Learning;

/// <summary>
/// Trains the classifier: multinomial logistic regression, AdaGrad with L2, a fixed seed and a fixed number of
/// epochs so that the same data gives the same weights.
/// </summary>
public static class LineClassifierTrainer
{
    public sealed record Options(int Epochs = 12, double LearningRate = 0.1, double L2 = 1e-4, int Seed = 17);

    public static LineClassifier Train(IReadOnlyList<(SparseVector X, LineClass Y)> samples, Options? options = null)
    {
        options ??= new Options();
        var weights = new float[LineFeatures.Dimensions * LineClassifier.Classes];
        var gradSq = new float[weights.Length];
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(options.Seed);
        var model = new LineClassifier(weights);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var s in order)
            {
                var (x, y) = samples[s];
                var p = model.Predict(x);
                for (var k = 0; k < x.Indices.Length; k++)
                {
                    var row = x.Indices[k] * LineClassifier.Classes;
                    for (var c = 0; c < LineClassifier.Classes; c++)
                    {
                        var g = (p[c] - (c == (int)y ? 1 : 0)) * x.Values[k] + options.L2 * weights[row + c];
                        gradSq[row + c] += (float)(g * g);
                        weights[row + c] -= (float)(options.LearningRate * g / Math.Sqrt(gradSq[row + c] + 1e-8));
                    }
                }
            }
        }
        return model;
    }

    /// <summary>Training pairs from documents whose header lines are labelled (see <see cref="Sroie.SroieLabels"/>).</summary>
    public static List<(SparseVector X, LineClass Y)> Samples(IEnumerable<(IReadOnlyList<LayoutLine> Lines, IReadOnlyList<LineClass> Labels)> documents)
    {
        var samples = new List<(SparseVector, LineClass)>();
        foreach (var (lines, labels) in documents)
        {
            var features = LineFeatures.Extract(lines);
            for (var i = 0; i < lines.Count; i++)
                samples.Add((features[i], labels[i]));
        }
        return samples;
    }

    /// <summary>Header lines of a document as the extractor sees them.</summary>
    public static IReadOnlyList<LayoutLine> HeaderLines(Core.Documents.OcrDocument document) =>
        PartyExtractor.HeaderOf(DocumentLayout.Build(document));
}
