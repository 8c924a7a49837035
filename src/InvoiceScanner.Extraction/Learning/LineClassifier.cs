using System.Globalization;
using System.Text;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>Classes of the header-line classifier.</summary>
public enum LineClass { Other = 0, Company = 1, Address = 2 }

/// <summary>
/// Multinomial logistic regression over <see cref="LineFeatures"/>: P(other | company | address) per header line.
/// Trained by tools/InvoiceScanner.Training's LineClassifierTrainer (<c>tools/InvoiceScanner.Eval train</c>); the weights ship as an
/// embedded text resource (sparse: only non-zero rows).
/// </summary>
public sealed class LineClassifier
{
    public const int Classes = 3;
    public const string ResourceName = "InvoiceScanner.Extraction.Learning.party-lines.model";
    private const string Magic = "party-lines-lr v2";
    private const float PruneBelow = 0.02f;

    private static readonly Lazy<LineClassifier?> Shipped = new(LoadEmbedded);

    /// <summary>Weights indexed [feature * Classes + class].</summary>
    internal readonly float[] Weights;

    public LineClassifier(float[] weights)
    {
        if (weights.Length != LineFeatures.Dimensions * Classes)
            throw new ArgumentException($"expected {LineFeatures.Dimensions * Classes} weights", nameof(weights));
        Weights = weights;
    }

    /// <summary>The model trained on the whole SROIE training set, shipped in the assembly; null if absent.</summary>
    public static LineClassifier? Embedded => Shipped.Value;

    public double[] Predict(SparseVector x)
    {
        var logits = new double[Classes];
        for (var k = 0; k < x.Indices.Length; k++)
        {
            var row = x.Indices[k] * Classes;
            for (var c = 0; c < Classes; c++)
                logits[c] += Weights[row + c] * x.Values[k];
        }
        return Softmax(logits);
    }

    internal static double[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    public string Serialize()
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append(' ').Append(LineFeatures.Dimensions.ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (var i = 0; i < LineFeatures.Dimensions; i++)
        {
            var row = i * Classes;
            // Weights this small change no probability noticeably; leaving them out keeps the shipped file small.
            if (Math.Abs(Weights[row]) < PruneBelow && Math.Abs(Weights[row + 1]) < PruneBelow && Math.Abs(Weights[row + 2]) < PruneBelow)
                continue;
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
            for (var c = 0; c < Classes; c++)
                sb.Append(' ').Append(Weights[row + c].ToString("G4", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static LineClassifier Deserialize(string text)
    {
        using var reader = new StringReader(text);
        var header = reader.ReadLine() ?? throw new FormatException("empty model");
        if (!header.StartsWith(Magic, StringComparison.Ordinal) ||
            int.Parse(header[(Magic.Length + 1)..], CultureInfo.InvariantCulture) != LineFeatures.Dimensions)
            throw new FormatException("model was trained for another feature layout: retrain it");
        var weights = new float[LineFeatures.Dimensions * Classes];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            var row = int.Parse(parts[0], CultureInfo.InvariantCulture) * Classes;
            for (var c = 0; c < Classes; c++)
                weights[row + c] = float.Parse(parts[c + 1], CultureInfo.InvariantCulture);
        }
        return new LineClassifier(weights);
    }

    private static LineClassifier? LoadEmbedded() => EmbeddedModel.Load(ResourceName, Deserialize);
}

/// <summary>
/// Vendor/address line scores from the trained classifier, blended in log-odds with the hand-set rules
/// (weight <see cref="RulesWeight"/>): the rules carry keyword knowledge for layouts the training set lacks.
/// </summary>
public sealed class ClassifierPartyLineScorer(LineClassifier model, double rulesWeight = ClassifierPartyLineScorer.DefaultRulesWeight) : IPartyLineScorer
{
    public const double DefaultRulesWeight = 0.3;
    private static readonly RulePartyLineScorer Rules = new();

    public string Name => "line classifier";
    public double RulesWeight => rulesWeight;

    public IReadOnlyList<PartyLineScore> Score(IReadOnlyList<LayoutLine> headerLines)
    {
        var learned = LineFeatures.Extract(headerLines).Select(x => model.Predict(x)).ToList();
        var rules = rulesWeight > 0 ? Rules.Score(headerLines) : null;
        var result = new List<PartyLineScore>(learned.Count);
        for (var i = 0; i < learned.Count; i++)
        {
            var company = learned[i][(int)LineClass.Company];
            var address = learned[i][(int)LineClass.Address];
            if (rules is not null)
            {
                company = Blend(company, rules[i].Company);
                address = Blend(address, rules[i].Address);
            }
            result.Add(new PartyLineScore(company, address));
        }
        return result;
    }

    private double Blend(double learned, double rule)
    {
        static double Logit(double p) { p = Math.Clamp(p, 1e-4, 1 - 1e-4); return Math.Log(p / (1 - p)); }
        var z = (1 - rulesWeight) * Logit(learned) + rulesWeight * Logit(rule);
        return 1 / (1 + Math.Exp(-z));
    }
}
