using System.Globalization;
using System.Text.Json;

namespace InvoiceScanner.Eval;

/// <summary>
/// Whether confidence means what it says: per band of field confidence, how many scored values were right; per
/// document, how many went straight through (COMPLETED, no review) and how many of those had every scored field right
/// (accepted-precision, the share a customer would trust blindly).
/// </summary>
internal sealed class Calibration
{
    private static readonly double[] Upper = [0.5, 0.7, 0.8, 0.9, 0.95, 1.0];
    private readonly int[] _values = new int[Upper.Length];
    private readonly int[] _right = new int[Upper.Length];

    public int Documents { get; private set; }
    public int AllRight { get; private set; }
    public int StraightThrough { get; private set; }
    public int StraightThroughAllRight { get; private set; }

    /// <summary>A value predicted where one was expected, with the confidence it was given.</summary>
    public void Value(double confidence, bool right)
    {
        var band = Array.FindIndex(Upper, u => confidence < u || u == 1.0);
        _values[band]++;
        if (right) _right[band]++;
    }

    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    // What holds back the documents that were all right: the review a better confidence would have saved.
    private readonly Dictionary<string, int> _rightButHeld = new(StringComparer.Ordinal);

    // The documents a customer would have trusted wrongly: straight through with a wrong field.
    private readonly List<string> _acceptedWrong = [];

    /// <param name="wrongFields">The document and its wrong fields, listed when it went straight through anyway.</param>
    public void Document(bool allRight, bool straightThrough, IEnumerable<string>? reviewCodes = null, string? wrongFields = null)
    {
        Documents++;
        foreach (var code in reviewCodes?.Distinct() ?? [])
        {
            _reasons[code] = _reasons.GetValueOrDefault(code) + 1;
            if (allRight)
                _rightButHeld[code] = _rightButHeld.GetValueOrDefault(code) + 1;
        }
        if (allRight) AllRight++;
        if (!straightThrough) return;
        StraightThrough++;
        if (allRight) StraightThroughAllRight++;
        else if (wrongFields is not null) _acceptedWrong.Add(wrongFields);
    }

    public IEnumerable<string> Lines()
    {
        yield return $"-- documents: every scored field right {AllRight} of {Documents} ({Ratio.Share(AllRight, Documents)}); straight-through " +
                     $"{StraightThrough} ({Ratio.Share(StraightThrough, Documents)}), of them all right {StraightThroughAllRight} (accepted-precision {Ratio.Share(StraightThroughAllRight, StraightThrough)})";
        if (_reasons.Count > 0)
            yield return "-- sent to review by (documents): " + Counts(_reasons);
        if (_rightButHeld.Count > 0)
            yield return "-- of them with every scored field right: " + Counts(_rightButHeld);
        if (_acceptedWrong.Count > 0)
            yield return "-- straight through with a wrong field: " + string.Join("; ", _acceptedWrong);
        yield return "-- reliability: confidence band, values, observed accuracy";
        for (var band = 0; band < Upper.Length; band++)
        {
            if (_values[band] == 0) continue;
            var from = band == 0 ? 0 : Upper[band - 1];
            yield return string.Create(CultureInfo.InvariantCulture, $"   [{from:0.00}, {Upper[band]:0.00}{(Upper[band] == 1.0 ? "]" : ")")}: {_values[band],4}  {Ratio.Share(_right[band], _values[band])}");
        }
    }

    private static string Counts(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject("calibration");
        w.WriteNumber("documents", Documents);
        w.WriteNumber("allRight", AllRight);
        w.WriteNumber("straightThrough", StraightThrough);
        w.WriteNumber("straightThroughAllRight", StraightThroughAllRight);
        w.WriteStartArray("bands");
        for (var band = 0; band < Upper.Length; band++)
        {
            w.WriteStartObject();
            w.WriteNumber("upTo", Upper[band]);
            w.WriteNumber("values", _values[band]);
            w.WriteNumber("right", _right[band]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
