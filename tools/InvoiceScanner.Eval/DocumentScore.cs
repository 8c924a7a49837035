using System.Globalization;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Eval;

/// <summary>
/// Scores one document's fields into a report and its calibration: each value against what was expected, the value's
/// confidence against whether it was right, and at the end whether the document had every scored field right and
/// would have gone straight through.
/// </summary>
internal sealed class DocumentScore(Report report, string document)
{
    private bool _allRight = true;
    private int _scored;

    /// <summary>Scores <paramref name="got"/> against <paramref name="expected"/> (null: the document has no such value).</summary>
    public void Field<T>(string field, string? expected, Field<T>? got, Func<T, bool> isRight)
    {
        var right = expected is not null && got is not null && isRight(got.Value);
        report.Score(document, field, expected, got is null ? null : Format(got.Value), right, got is null ? null : string.Join(" | ", got.Trace.Take(2)));
        if (expected is null)
            return;
        _scored++;
        _allRight &= right;
        if (got is not null)
            report.Calibration?.Value(got.Confidence, right);
    }

    public void Done(ExtractionResult result)
    {
        report.Documents++;
        if (_scored > 0)
            report.Calibration?.Document(_allRight, !result.NeedsReview);
    }

    public static string Format<T>(T value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
