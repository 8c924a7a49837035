using System.Globalization;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Eval;

/// <summary>Counts for one field: true positives, predictions made, expected values present.</summary>
internal sealed class FieldScore(string field)
{
    public string Field { get; } = field;
    public int TruePositives { get; set; }
    public int Predicted { get; set; }
    public int Expected { get; set; }

    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;
    public double Recall => Expected == 0 ? 0 : (double)TruePositives / Expected;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public void Add(FieldScore other)
    {
        TruePositives += other.TruePositives;
        Predicted += other.Predicted;
        Expected += other.Expected;
    }
}

internal sealed record Miss(string Document, string Field, string Expected, string Got, string? Why);

/// <summary>Per-field and overall precision/recall/F1 over a set of documents, plus the misses.</summary>
internal sealed class Report(string name, IReadOnlyList<string> fields)
{
    public string Name { get; } = name;
    public Dictionary<string, FieldScore> Fields { get; } = fields.ToDictionary(f => f, f => new FieldScore(f));
    public List<Miss> Misses { get; } = [];

    /// <summary>Every value scored, hit or miss, in order: what --predictions writes to compare two builds.</summary>
    public List<(string Document, string Field, string Got)> Predictions { get; } = [];
    public int Documents { get; set; }

    /// <summary>Lines printed after the table: counts that are not per-field scores (statuses, outcomes per file).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>A measure kept apart from the fields (right of scored), which a source's eval turns into a note.</summary>
    public (int Right, int Scored) Aside { get; set; }

    /// <summary>The documents that went straight through, and of them those right by the aside's measure.</summary>
    public (int Right, int Accepted) AsideAccepted { get; set; }

    /// <summary>For reports that judge the review decision: confidence bands, straight-through, accepted-precision.</summary>
    public Calibration? Calibration { get; set; }

    /// <summary>Each scored value with its confidence and signals: what <c>eval calibrate</c> fits the calibration on.</summary>
    public List<InvoiceScanner.Training.Learning.CalibrationSample> Samples { get; } = [];

    /// <summary>For reports over our own OCR: how it reads against the dataset's transcription.</summary>
    public OcrTextScore? OcrText { get; set; }

    public FieldScore Overall
    {
        get
        {
            var all = new FieldScore("overall");
            foreach (var f in Fields.Values) all.Add(f);
            return all;
        }
    }

    /// <summary>Scores one field of one document; expected null/empty means the document has no such value.</summary>
    public void Score(string document, string field, string? expected, string? got, bool match, string? why = null)
    {
        var s = Fields[field];
        Predictions.Add((document, field, got ?? ""));
        var hasExpected = !string.IsNullOrEmpty(expected);
        var hasGot = !string.IsNullOrEmpty(got);
        if (hasExpected) s.Expected++;
        if (hasGot) s.Predicted++;
        if (hasExpected && hasGot && match) s.TruePositives++;
        else if (hasExpected || hasGot) Misses.Add(new Miss(document, field, expected ?? "", got ?? "", why));
    }

    /// <summary>
    /// Line amounts as a multiset in field <c>line_amounts</c>: each expected amount matched once by an item's amount,
    /// the rest of the items extra.
    /// </summary>
    public void ScoreLines(string document, IReadOnlyList<decimal> expected, IReadOnlyList<LineItem> items)
    {
        var got = items.Where(i => i.Amount is not null).Select(i => Math.Round(i.Amount!.Value, 2)).ToList();
        var remaining = new List<decimal>(got);
        var s = Fields["line_amounts"];
        s.Expected += expected.Count;
        s.Predicted += got.Count;
        foreach (var e in expected)
        {
            var at = remaining.IndexOf(Math.Round(e, 2));
            if (at >= 0) { s.TruePositives++; remaining.RemoveAt(at); }
            else Misses.Add(new Miss(document, "line_amounts", e.ToString("0.00", CultureInfo.InvariantCulture), "", null));
        }
        foreach (var extra in remaining)
            Misses.Add(new Miss(document, "line_amounts", "", extra.ToString("0.00", CultureInfo.InvariantCulture), "extra line"));
    }

    public string ToText(int maxMisses)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"== {Name} ({Documents} documents)");
        sb.AppendLine($"{"field",-16} {"P",7} {"R",7} {"F1",7}   tp/pred/exp");
        foreach (var f in Fields.Values.Append(Overall))
            sb.AppendLine(CultureInfo.InvariantCulture, $"{f.Field,-16} {f.Precision,7:0.000} {f.Recall,7:0.000} {f.F1,7:0.000}   {f.TruePositives}/{f.Predicted}/{f.Expected}");
        if (OcrText is { Documents: > 0 } ocr) sb.AppendLine(ocr.ToText());
        foreach (var line in Calibration?.Lines() ?? []) sb.AppendLine(line);
        foreach (var note in Notes) sb.AppendLine(note);
        if (maxMisses > 0 && Misses.Count > 0)
        {
            sb.AppendLine($"-- misses ({Misses.Count}, showing {Math.Min(maxMisses, Misses.Count)})");
            foreach (var m in Misses.Take(maxMisses))
                sb.AppendLine($"{m.Document} {m.Field}: expected '{m.Expected}' got '{m.Got}'{(m.Why is null ? "" : $"  [{m.Why}]")}");
        }
        return sb.ToString();
    }

    public void WriteJson(Utf8JsonWriter w, int maxMisses)
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteNumber("documents", Documents);
        w.WriteStartObject("fields");
        foreach (var f in Fields.Values.Append(Overall))
        {
            w.WriteStartObject(f.Field);
            w.WriteNumber("precision", Math.Round(f.Precision, 4));
            w.WriteNumber("recall", Math.Round(f.Recall, 4));
            w.WriteNumber("f1", Math.Round(f.F1, 4));
            w.WriteNumber("tp", f.TruePositives);
            w.WriteNumber("predicted", f.Predicted);
            w.WriteNumber("expected", f.Expected);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (OcrText is { Documents: > 0 } ocr)
        {
            w.WriteStartObject("ocrText");
            w.WriteNumber("characterErrorRate", Math.Round(ocr.CharacterErrorRate, 5));
            w.WriteNumber("errorRateWithSpaces", Math.Round(ocr.ErrorRateWithSpaces, 5));
            w.WriteNumber("referenceCharacters", ocr.ReferenceCharacters);
            w.WriteNumber("linesMissed", ocr.LinesMissed);
            w.WriteNumber("lines", ocr.Lines);
            w.WriteEndObject();
        }

        Calibration?.WriteJson(w);

        if (Notes.Count > 0)
        {
            w.WriteStartArray("notes");
            foreach (var note in Notes) w.WriteStringValue(note);
            w.WriteEndArray();
        }

        w.WriteStartArray("misses");
        foreach (var m in Misses.Take(maxMisses))
        {
            w.WriteStartObject();
            w.WriteString("document", m.Document);
            w.WriteString("field", m.Field);
            w.WriteString("expected", m.Expected);
            w.WriteString("got", m.Got);
            if (m.Why is not null) w.WriteString("why", m.Why);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>A stable split of document ids: 80 % development, 20 % held out (by hash, never by hand).</summary>
internal static class Split
{
    public static bool IsHoldout(string id) => Bucket(id, 10) >= 8;

    public static int Fold(string id, int folds) => (int)(Hash(id + "#fold") % (uint)folds);

    private static int Bucket(string id, int n) => (int)(Hash(id) % (uint)n);

    private static uint Hash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) { h ^= c; h *= 16777619u; }
        // Final avalanche so that ids differing in the last digit spread over buckets.
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return h;
    }
}
