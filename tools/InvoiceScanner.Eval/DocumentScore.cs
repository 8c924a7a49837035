using System.Globalization;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Eval;

/// <summary>
/// Scores one document's fields into a report and its calibration: each value against what was expected, the value's
/// confidence against whether it was right, and at the end whether the document had every scored field right and
/// would have gone straight through.
/// </summary>
internal sealed class DocumentScore(Report report, string document)
{
    // The product's field behind each scored name, for the calibration samples.
    private static readonly Dictionary<string, string> ProductField = new(StringComparer.Ordinal)
    {
        ["vendor_name"] = FieldNames.VendorName, ["vendor_tax_id"] = FieldNames.VendorTaxId, ["receiver_name"] = FieldNames.ReceiverName,
        ["buyer"] = FieldNames.ReceiverName, ["invoice_number"] = FieldNames.InvoiceNumber, ["number"] = FieldNames.InvoiceNumber,
        ["invoice_date"] = FieldNames.InvoiceDate, ["due_date"] = FieldNames.DueDate, ["po_number"] = FieldNames.PoNumber,
        ["subtotal"] = FieldNames.Subtotal, ["tax_basis"] = FieldNames.TaxBasis, ["tax"] = FieldNames.Tax, ["total"] = FieldNames.Total, ["amount_due"] = FieldNames.AmountDue,
        ["currency"] = FieldNames.Currency, ["period_from"] = FieldNames.ServicePeriodStart, ["period_to"] = FieldNames.ServicePeriodEnd,
        ["iban"] = FieldNames.Iban, ["bic"] = FieldNames.Bic,
    };

    private readonly List<(string Field, double Confidence, bool Right)> _values = [];
    private readonly List<string> _wrong = [];
    private int _scored;

    /// <summary>Scores <paramref name="got"/> against <paramref name="expected"/> (null: the document has no such value).</summary>
    public void Field<T>(string field, string? expected, Field<T>? got, Func<T, bool> isRight)
    {
        var right = expected is not null && got is not null && isRight(got.Value);
        report.Score(document, field, expected, got is null ? null : Format(got.Value), right, got is null ? null : string.Join(" | ", got.Trace.Take(2)));
        if (expected is null)
            return;
        _scored++;
        if (!right)
            _wrong.Add(field);
        if (got is null)
            return;
        report.Calibration?.Value(got.Confidence, right);
        if (ProductField.TryGetValue(field, out var name))
            _values.Add((name, got.Confidence, right));
    }

    /// <summary>The scored fields that were wrong (or missing) so far.</summary>
    public IReadOnlyList<string> Wrong => _wrong;

    public void Done(ExtractionResult result)
    {
        report.Documents++;
        if (_scored > 0)
            report.Calibration?.Document(_wrong.Count == 0, !result.NeedsReview, result.ReviewReasons.Select(r => r.Field is null ? r.Code : $"{r.Code}({r.Field})"),
                $"{document} ({string.Join(", ", _wrong)})");
        var signals = FieldSignals.Of(result.Fields, result.LineItems);
        report.Samples.AddRange(_values.Select(v => new CalibrationSample(report.Name.Split(' ')[0], v.Field, v.Confidence, signals, v.Right)));
    }

    public static string Format<T>(T value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
