using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Training.Learning;

/// <summary>One scored value: the source it came from, its field, the features the calibrator sees, and whether it was right.</summary>
public sealed record CalibrationSample(string Source, string Field, double RawConfidence, FieldSignals Signals, bool Right)
{
    public double[] Features => FieldCalibrator.Features(RawConfidence, Signals);
}

/// <summary>
/// Fits <see cref="FieldCalibrator"/>: per field, logistic regression by gradient descent on the mean log-loss with an
/// L2 penalty that pulls the weights towards "the raw confidence is right", so that a field the
/// data says little about keeps close to the rules' own confidence; each source weighing the same whatever its size (else the largest source's
/// layouts would set every field's rate). A field with too few values, or without both right and wrong ones, gets no model
/// and keeps its raw confidence: a probability fitted on a handful of values would claim more than it knows.
/// </summary>
public static class FieldCalibrationTrainer
{
    public sealed record Options(double L2 = 0.01, int Iterations = 4000, double LearningRate = 0.5, int MinSamples = 20, int MinEachClass = 3);

    public static FieldCalibrator Fit(IEnumerable<CalibrationSample> samples, Options? options = null)
    {
        options ??= new Options();
        var weights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var group in samples.GroupBy(s => s.Field, StringComparer.Ordinal))
        {
            var perSource = group.GroupBy(s => s.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var data = group.Select(s => (X: s.Features, Y: s.Right ? 1.0 : 0.0, W: group.Count() / (double)(perSource.Count * perSource[s.Source]))).ToList();
            var right = data.Count(d => d.Y > 0);
            if (data.Count < options.MinSamples || right < options.MinEachClass || data.Count - right < options.MinEachClass)
                continue;
            weights[group.Key] = FitOne(data, options);
        }
        return new FieldCalibrator(weights);
    }

    // The weights under which the calibrated probability is the raw confidence.
    private static readonly double[] Identity = [0, 1, 0, 0, 0];

    private static double[] FitOne(List<(double[] X, double Y, double W)> data, Options options)
    {
        var w = (double[])Identity.Clone();
        var gradient = new double[w.Length];
        // The penalty's curvature adds to the loss's: a step scaled down by it stays stable for any L2.
        var step = options.LearningRate / (1 + options.L2);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            Array.Clear(gradient);
            foreach (var (x, y, weight) in data)
            {
                var error = weight * (Sigmoid(Dot(w, x)) - y);
                for (var i = 0; i < w.Length; i++)
                    gradient[i] += error * x[i];
            }
            for (var i = 0; i < w.Length; i++)
                w[i] -= step * (gradient[i] / data.Count + options.L2 * (w[i] - Identity[i]));
        }
        return w;
    }

    /// <summary>Mean squared difference between probability and outcome (0 is perfect; 0.25 is a coin).</summary>
    public static double Brier(IEnumerable<(double P, bool Right)> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? double.NaN : list.Average(v => Math.Pow(v.P - (v.Right ? 1 : 0), 2));
    }

    private static double Dot(double[] w, double[] x)
    {
        var z = 0.0;
        for (var i = 0; i < w.Length; i++) z += w[i] * x[i];
        return z;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
