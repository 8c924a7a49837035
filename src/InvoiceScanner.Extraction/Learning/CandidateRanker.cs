using System.Globalization;
using System.Text;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>
/// A conditional logit over one document's candidates for a field: each candidate gets a linear score of its
/// <see cref="PartyCandidateFeatures"/>, and the probabilities are the softmax over the candidates plus "none of them"
/// (score 0), so the best candidate's probability is the chance it is the value, not merely the best of a bad lot.
/// Trained by tools/InvoiceScanner.Training's CandidateRankerTrainer (<c>eval train-parties</c>); the weights ship as a
/// small embedded text file (only non-zero weights).
/// </summary>
public sealed class CandidateRanker
{
    public const string SellerResource = "InvoiceScanner.Extraction.Learning.seller-candidates.model";
    public const string BuyerResource = "InvoiceScanner.Extraction.Learning.buyer-candidates.model";
    private const string Magic = "candidate-ranker v1";
    private const float PruneBelow = 0.005f;

    private static readonly Lazy<CandidateRanker?> ShippedSeller = new(() => EmbeddedModel.Load(SellerResource, Deserialize));
    private static readonly Lazy<CandidateRanker?> ShippedBuyer = new(() => EmbeddedModel.Load(BuyerResource, Deserialize));

    /// <summary>One weight per feature slot.</summary>
    internal readonly float[] Weights;

    public CandidateRanker(float[] weights)
    {
        if (weights.Length != PartyCandidateFeatures.Dimensions)
            throw new ArgumentException($"expected {PartyCandidateFeatures.Dimensions} weights", nameof(weights));
        Weights = weights;
    }

    /// <summary>The seller ranker shipped in the assembly (trained on the development sources); null if absent.</summary>
    public static CandidateRanker? Seller => ShippedSeller.Value;

    /// <summary>The buyer ranker shipped in the assembly; null if absent.</summary>
    public static CandidateRanker? Buyer => ShippedBuyer.Value;

    public double Score(SparseVector x)
    {
        var z = 0.0;
        for (var k = 0; k < x.Indices.Length; k++)
            z += Weights[x.Indices[k]] * x.Values[k];
        return z;
    }

    /// <summary>P(candidate i is the value) for each candidate; what is left to 1 is P(none of them).</summary>
    public double[] Probabilities(IReadOnlyList<SparseVector> candidates)
    {
        var scores = candidates.Select(Score).ToArray();
        var max = Math.Max(0, scores.Length == 0 ? 0 : scores.Max());
        var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exp.Sum() + Math.Exp(-max);
        return exp.Select(e => e / sum).ToArray();
    }

    public string Serialize()
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append(' ').Append(PartyCandidateFeatures.Dimensions.ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (var i = 0; i < Weights.Length; i++)
        {
            // Weights this small move no probability noticeably; leaving them out keeps the shipped file small.
            if (Math.Abs(Weights[i]) < PruneBelow)
                continue;
            sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Weights[i].ToString("G4", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    public static CandidateRanker Deserialize(string text)
    {
        using var reader = new StringReader(text);
        var header = reader.ReadLine() ?? throw new FormatException("empty model");
        if (!header.StartsWith(Magic + " ", StringComparison.Ordinal)
            || !int.TryParse(header[(Magic.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions)
            || dimensions != PartyCandidateFeatures.Dimensions)
            throw new FormatException("model was trained for another feature layout: retrain it");
        var weights = new float[dimensions];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot >= dimensions
                || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                throw new FormatException($"unreadable model line '{line}'");
            weights[slot] = weight;
        }
        return new CandidateRanker(weights);
    }
}
