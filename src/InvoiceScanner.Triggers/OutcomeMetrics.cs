using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Metrics;

namespace InvoiceScanner.Triggers;

/// <summary>
/// The business and cost metrics of the event-driven functions, from what each record's processing returned: records
/// by outcome, failures by code, pages read, OCR seconds, the review rate (the average of NeedsReview), time from
/// upload to result, and an estimated cost of each invocation.
/// </summary>
public static class OutcomeMetrics
{
    // Rough list prices (us-east-1, x86_64, late 2026) for a dashboard's estimate, not for billing: Lambda per GB-second,
    // Textract AnalyzeExpense per page. Bedrock's tokens are not counted here yet.
    private const double LambdaUsdPerGbSecond = 0.0000166667;
    private const double TextractUsdPerPage = 0.01;
    private const string TextractEngine = "textract";

    public static void Emit(ILambdaContext context, ProcessingOutcome outcome, DateTimeOffset at)
    {
        var function = Function(context);
        var metrics = new List<Metric> { new("Records" + outcome.Kind, 1) };
        if (outcome.Pages is { } pages)
            metrics.Add(new Metric("PagesRead", pages));
        if (outcome.OcrSeconds is { } ocr)
            metrics.Add(new Metric("OcrSeconds", ocr, "Seconds"));
        if (outcome.TimeToResultSeconds is { } seconds)
            metrics.Add(new Metric("TimeToResultSeconds", seconds, "Seconds"));
        if (outcome.Kind == OutcomeKind.Processed && outcome.Status is "COMPLETED" or "NEEDS_REVIEW")
            metrics.Add(new Metric("NeedsReview", outcome.Status == "NEEDS_REVIEW" ? 1 : 0));
        context.Logger.Emit(at, function, metrics);
        if (outcome.Code is { } code)
            context.Logger.Emit(at, [.. function, ("Code", code)], [new Metric("Failures", 1)]);
    }

    /// <summary>One invocation's Lambda GB-seconds and estimated cost (plus the Textract pages its records read).</summary>
    public static void EmitCost(ILambdaContext context, IReadOnlyList<ProcessingOutcome> outcomes, TimeSpan elapsed, DateTimeOffset at)
    {
        var gbSeconds = context.MemoryLimitInMB / 1024.0 * elapsed.TotalSeconds;
        var textractPages = outcomes.Where(o => o.Engine == TextractEngine).Sum(o => o.Pages ?? 0);
        context.Logger.Emit(at, Function(context),
        [
            new Metric("LambdaGbSeconds", gbSeconds, "None"),
            new Metric("EstimatedCostUsd", gbSeconds * LambdaUsdPerGbSecond + textractPages * TextractUsdPerPage, "None"),
        ]);
    }

    private static (string Name, string Value)[] Function(ILambdaContext context) => [("Function", context.FunctionName)];
}
