using System.Globalization;
using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>
/// What the document says about a field beyond its own score: whether the money fields add up, whether the amount due
/// repeats the total, whether the line items add up to them. A value the rest of the document confirms is more often
/// right than its label alone suggests.
/// </summary>
public sealed record FieldSignals(bool AmountsAgree, bool DueEqualsTotal, bool ItemsAgree)
{
    public static FieldSignals Of(InvoiceFields fields, IReadOnlyList<LineItem> items) => new(
        fields.Total is not null && fields.Subtotal is not null && fields.Tax is not null && InvoiceValidator.CheckTotals(fields) is null,
        fields.Total is not null && fields.AmountDue is not null && fields.Total.Value == fields.AmountDue.Value,
        fields.Total is not null && items.Any(i => i.Amount is not null) && InvoiceValidator.CheckLineItems(fields, items) is null);
}

/// <summary>
/// Turns the rules' confidences into probabilities of being right: per field, a logistic model over the raw confidence
/// (in log-odds) and the <see cref="FieldSignals"/>, fitted on the development folds of the business-invoice sources
/// (<c>eval calibrate</c>, Learning/field-calibration.model). Fields without a model keep their raw confidence.
/// </summary>
public sealed class FieldCalibrator
{
    public const int FeatureCount = 5;
    private const string ResourceName = "InvoiceScanner.Extraction.Learning.field-calibration.model";
    private static readonly Lazy<FieldCalibrator?> Shipped = new(LoadEmbedded);

    private readonly Dictionary<string, double[]> _weights;

    public FieldCalibrator(IReadOnlyDictionary<string, double[]> weights)
    {
        if (weights.Values.Any(w => w.Length != FeatureCount))
            throw new ArgumentException($"each field needs {FeatureCount} weights", nameof(weights));
        _weights = new Dictionary<string, double[]>(weights, StringComparer.Ordinal);
    }

    /// <summary>The model shipped with the library; null when it is missing or unreadable (confidences stay raw).</summary>
    public static FieldCalibrator? Embedded => Shipped.Value;

    public IReadOnlyCollection<string> Fields => _weights.Keys;

    /// <summary>Bias, the raw confidence in log-odds, and the three signals as 0/1.</summary>
    public static double[] Features(double rawConfidence, FieldSignals signals) =>
        [1, Logit(rawConfidence), signals.AmountsAgree ? 1 : 0, signals.DueEqualsTotal ? 1 : 0, signals.ItemsAgree ? 1 : 0];

    public static double Logit(double p)
    {
        p = Math.Clamp(p, 0.005, 0.995);
        return Math.Log(p / (1 - p));
    }

    /// <summary>The probability that a value of <paramref name="field"/> with these features is right; null without a model.</summary>
    public double? Probability(string field, double rawConfidence, FieldSignals signals)
    {
        if (!_weights.TryGetValue(field, out var w))
            return null;
        var x = Features(rawConfidence, signals);
        var z = 0.0;
        for (var i = 0; i < FeatureCount; i++)
            z += w[i] * x[i];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The fields with each calibrated confidence in place of the raw one (noted in the trace).</summary>
    public InvoiceFields Apply(InvoiceFields fields, IReadOnlyList<LineItem> items)
    {
        var signals = FieldSignals.Of(fields, items);
        return fields with
        {
            VendorName = Calibrate(FieldNames.VendorName, fields.VendorName, signals),
            VendorTaxId = Calibrate(FieldNames.VendorTaxId, fields.VendorTaxId, signals),
            ReceiverName = Calibrate(FieldNames.ReceiverName, fields.ReceiverName, signals),
            InvoiceNumber = Calibrate(FieldNames.InvoiceNumber, fields.InvoiceNumber, signals),
            InvoiceDate = Calibrate(FieldNames.InvoiceDate, fields.InvoiceDate, signals),
            DueDate = Calibrate(FieldNames.DueDate, fields.DueDate, signals),
            PoNumber = Calibrate(FieldNames.PoNumber, fields.PoNumber, signals),
            Subtotal = Calibrate(FieldNames.Subtotal, fields.Subtotal, signals),
            Tax = Calibrate(FieldNames.Tax, fields.Tax, signals),
            Total = Calibrate(FieldNames.Total, fields.Total, signals),
            AmountDue = Calibrate(FieldNames.AmountDue, fields.AmountDue, signals),
            Currency = Calibrate(FieldNames.Currency, fields.Currency, signals),
            ServicePeriodStart = Calibrate(FieldNames.ServicePeriodStart, fields.ServicePeriodStart, signals),
            ServicePeriodEnd = Calibrate(FieldNames.ServicePeriodEnd, fields.ServicePeriodEnd, signals),
        };
    }

    private Field<T>? Calibrate<T>(string name, Field<T>? field, FieldSignals signals)
    {
        if (field is null || Probability(name, field.Confidence, signals) is not { } p)
            return field;
        var calibrated = Math.Round(p, 3);
        return field with
        {
            Confidence = calibrated,
            Trace = [.. field.Trace, string.Create(CultureInfo.InvariantCulture, $"confidence {calibrated:0.000}: the calibrated chance of being right (rules' score {field.Confidence:0.000})")],
        };
    }

    /// <summary>One line per field: its name and the weights, invariant culture.</summary>
    public string Serialize()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# field calibration: name, then weights for bias, logit(raw confidence), amounts agree, due = total, items agree");
        foreach (var (name, w) in _weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.AppendLine(string.Join(' ', [name, .. w.Select(v => v.ToString("R", CultureInfo.InvariantCulture))]));
        return sb.ToString();
    }

    public static FieldCalibrator Deserialize(string text)
    {
        var weights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != FeatureCount + 1)
                throw new FormatException($"a calibration line needs a name and {FeatureCount} weights: '{line}'");
            weights[parts[0]] = parts.Skip(1).Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        return new FieldCalibrator(weights);
    }

    private static FieldCalibrator? LoadEmbedded() => EmbeddedModel.Load(ResourceName, Deserialize);
}
