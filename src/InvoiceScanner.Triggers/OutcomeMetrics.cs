using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Metrics;

namespace InvoiceScanner.Triggers;

/// <summary>
/// The business and cost metrics of the event-driven functions, from what each record's processing returned: records
/// by outcome, failures by code, pages read, OCR seconds, the review rate (the average of NeedsReview), time from
/// upload to result, Bedrock tokens, and an estimated cost of each invocation.
/// </summary>
public static class OutcomeMetrics
{
    // Rough list prices (us-east-1, x86_64, late 2026) for a dashboard's estimate, not for billing: Lambda per GB-second,
    // Textract AnalyzeExpense per page, and Bedrock per 1,000 input or output tokens at one small model's price (Claude 3
    // Haiku class), whatever model is configured.
    private const double LambdaUsdPerGbSecond = 0.0000166667;
    private const double TextractUsdPerPage = 0.01;
    public const double BedrockUsdPer1000InputTokens = 0.00025;
    public const double BedrockUsdPer1000OutputTokens = 0.00125;
    private const string TextractEngine = "textract";

    public static void Emit(ILambdaContext context, ProcessingOutcome outcome, DateTimeOffset at)
    {
        var function = Function(context);
        var metrics = new List<Metric> { new("Records" + outcome.Kind, 1) };
        if (outcome.Pages is { } pages)
            metrics.Add(new Metric("PagesRead", pages));
        if (outcome.OcrSeconds is { } ocr)
            metrics.Add(new Metric("OcrSeconds", ocr, "Seconds"));
        if (outcome.PageImageSeconds is { } drawing)
            metrics.Add(new Metric("PageImageSeconds", drawing, "Seconds"));
        if (outcome.PageImageProblem is not null)
            metrics.Add(new Metric("PageImageFailures", 1));
        if (outcome.TimeToResultSeconds is { } seconds)
            metrics.Add(new Metric("TimeToResultSeconds", seconds, "Seconds"));
        if (outcome.BedrockInputTokens is { } input)
            metrics.Add(new Metric("BedrockInputTokens", input));
        if (outcome.BedrockOutputTokens is { } output)
            metrics.Add(new Metric("BedrockOutputTokens", output));
        if (outcome.Kind == OutcomeKind.Processed && outcome.Status is "COMPLETED" or "NEEDS_REVIEW")
            metrics.Add(new Metric("NeedsReview", outcome.Status == "NEEDS_REVIEW" ? 1 : 0));
        context.Logger.Emit(at, function, metrics);
        if (outcome.Code is { } code)
            context.Logger.Emit(at, [.. function, ("Code", code)], [new Metric("Failures", 1)]);
    }

    /// <summary>
    /// One invocation's Lambda GB-seconds and estimated cost (plus the Textract pages its records read and the Bedrock
    /// tokens their refinement used).
    /// </summary>
    public static void EmitCost(ILambdaContext context, IReadOnlyList<ProcessingOutcome> outcomes, TimeSpan elapsed, DateTimeOffset at)
    {
        var gbSeconds = context.MemoryLimitInMB / 1024.0 * elapsed.TotalSeconds;
        var textractPages = outcomes.Where(o => o.Engine == TextractEngine).Sum(o => o.Pages ?? 0);
        context.Logger.Emit(at, Function(context),
        [
            new Metric("LambdaGbSeconds", gbSeconds, "None"),
            new Metric("EstimatedCostUsd", gbSeconds * LambdaUsdPerGbSecond + textractPages * TextractUsdPerPage + BedrockUsd(outcomes), "None"),
        ]);
    }

    /// <summary>What the records' Bedrock tokens cost at the list price above.</summary>
    private static double BedrockUsd(IEnumerable<ProcessingOutcome> outcomes) => outcomes.Sum(o =>
        (o.BedrockInputTokens ?? 0) / 1000.0 * BedrockUsdPer1000InputTokens
        + (o.BedrockOutputTokens ?? 0) / 1000.0 * BedrockUsdPer1000OutputTokens);

    private static (string Name, string Value)[] Function(ILambdaContext context) => [("Function", context.FunctionName)];
}
