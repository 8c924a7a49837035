using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Training;

namespace InvoiceScanner.Eval;

/// <summary>
/// invoice2data's expected outputs: typed comparison (amounts to the cent, ISO dates, exact invoice number and
/// currency code). Only fields present in a document's expected JSON are scored.
/// </summary>
internal static class Invoice2DataEval
{
    public static readonly string[] FieldOrder = ["amount", "amount_untaxed", "amount_tax", "date", "date_due", "invoice_number", "currency", "issuer"];

    /// <summary>The document an expected JSON belongs to: its PDF read like an upload, or its plain text; null if neither exists.</summary>
    public static async Task<OcrDocument?> DocumentAsync(string directory, string name, bool useCache, CancellationToken ct)
    {
        var pdf = Path.Combine(directory, name + ".pdf");
        var txt = Path.Combine(directory, name + ".txt");
        if (File.Exists(pdf)) return await OcrAdapters.RecognizeFileAsync(pdf, useCache, ct);
        return File.Exists(txt) ? PlainTextDocument.FromText(await File.ReadAllTextAsync(txt, ct)) : null;
    }

    public static async Task<List<Report>> RunAsync(string directory, bool useCache, CancellationToken ct)
    {
        var dev = new Report($"invoice2data dev 80% [{OcrAdapters.TextLayerReader} / text]", FieldOrder) { Calibration = new() };
        var holdout = new Report($"invoice2data holdout 20% [{OcrAdapters.TextLayerReader} / text]", FieldOrder) { Calibration = new() };
        var all = new Report($"invoice2data all [{OcrAdapters.TextLayerReader} / text]", FieldOrder) { Calibration = new() };
        var lineReports = new[] { dev, holdout, all }.Select(r => new Report(r.Name.Replace("invoice2data", "invoice2data line items"), ["line_amounts"])).ToArray();
        foreach (var jsonPath in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(jsonPath);
            if (await DocumentAsync(directory, name, useCache, ct) is not { } document)
                continue;

            var result = EvalEngine.Create(name, Split.IsHoldout(name)).Extract(document, ExtractionOptions.Default);
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(jsonPath, ct));
            var expected = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement[0] : json.RootElement;
            var lineAmounts = ExpectedLineAmounts(expected);
            foreach (var (report, lineReport) in new[] { Split.IsHoldout(name) ? (holdout, lineReports[1]) : (dev, lineReports[0]), (all, lineReports[2]) })
            {
                report.Documents++;
                var wrong = new List<string>();
                foreach (var field in FieldOrder)
                {
                    if (!expected.TryGetProperty(field, out var value))
                        continue;
                    var (exp, got, match, why) = Compare(field, value, result.Fields);
                    report.Score(name, field, exp, got, match, why);
                    if (!match)
                        wrong.Add(field);
                    if (got is not null && Confidence(field, result.Fields) is { } confidence)
                        report.Calibration!.Value(confidence, match);
                }
                report.Calibration!.Document(wrong.Count == 0, !result.NeedsReview, result.ReviewReasons.Select(r => r.Field is null ? r.Code : $"{r.Code}({r.Field})"),
                    $"{name} ({string.Join(", ", wrong)})");
                if (lineAmounts is not null)
                {
                    lineReport.Documents++;
                    lineReport.ScoreLines(name, lineAmounts, result.LineItems);
                }
            }
        }
        return [dev, holdout, all, .. lineReports];
    }

    /// <summary>
    /// Line amounts the expected output lists (price_subtotal, else price_unit × qty when both are given); null when
    /// the document's expectation has no priced lines. Scored as a multiset: each expected amount matched once.
    /// </summary>
    private static List<decimal>? ExpectedLineAmounts(JsonElement expected)
    {
        if (!expected.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array)
            return null;
        var amounts = new List<decimal>();
        foreach (var line in lines.EnumerateArray())
        {
            static decimal? Num(JsonElement e, string name) => e.TryGetProperty(name, out var v)
                ? v.ValueKind == JsonValueKind.Number ? v.GetDecimal()
                : decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null
                : null;
            if (Num(line, "price_subtotal") is { } subtotal) amounts.Add(subtotal);
            else if (Num(line, "price_unit") is { } unit) amounts.Add(unit * (Num(line, "qty") ?? 1));
        }
        return amounts.Count == 0 ? null : amounts;
    }

    private static (string Expected, string? Got, bool Match, string? Why) Compare(string field, JsonElement value, InvoiceFields f)
    {
        static string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText();
        static decimal? Number(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDecimal()
            : decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        static string? Why<T>(Field<T>? x) => x is null ? null : string.Join(" | ", x.Trace.Take(2));

        (string, string?, bool, string?) Amount(Field<decimal>? x)
        {
            var e = Number(value);
            var exp = e?.ToString("0.00", CultureInfo.InvariantCulture) ?? Text(value);
            var got = x?.Value.ToString("0.00", CultureInfo.InvariantCulture);
            return (exp, got, e is not null && x is not null && Math.Round(e.Value, 2) == Math.Round(x.Value, 2), Why(x));
        }
        (string, string?, bool, string?) Date(Field<DateOnly>? x)
        {
            var exp = Text(value);
            var got = x?.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return (exp, got, got == exp, Why(x));
        }
        (string, string?, bool, string?) Exact(Field<string>? x)
        {
            var exp = Text(value).Trim();
            var got = x?.Value.Trim();
            return (exp, got, string.Equals(exp, got, StringComparison.Ordinal), Why(x));
        }

        return field switch
        {
            "amount" => Amount(f.Total),
            // invoice2data's untaxed amount is the net the tax is computed on.
            "amount_untaxed" => Amount(f.TaxBasis ?? f.Subtotal),
            "amount_tax" => Amount(f.Tax),
            "date" => Date(f.InvoiceDate),
            "date_due" => Date(f.DueDate),
            "invoice_number" => Exact(f.InvoiceNumber),
            "currency" => Exact(f.Currency),
            "issuer" => (Text(value).Trim(), f.VendorName?.Value, f.VendorName is { } v && EInvoicePageEval.SameName(Text(value), v.Value), Why(f.VendorName)),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }

    private static double? Confidence(string field, InvoiceFields f) => field switch
    {
        "amount" => f.Total?.Confidence,
        "amount_untaxed" => (f.TaxBasis ?? f.Subtotal)?.Confidence,
        "amount_tax" => f.Tax?.Confidence,
        "date" => f.InvoiceDate?.Confidence,
        "date_due" => f.DueDate?.Confidence,
        "invoice_number" => f.InvoiceNumber?.Confidence,
        "currency" => f.Currency?.Confidence,
        "issuer" => f.VendorName?.Confidence,
        _ => null,
    };
}
