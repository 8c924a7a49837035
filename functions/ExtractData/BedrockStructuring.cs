using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Refining;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;

namespace ExtractData;

/// <summary>
/// The Bedrock refiner as ExtractData runs it: each refinement is logged, and the tokens it used are counted on the
/// meter the processor reads, so the record's outcome (and the cost metrics) carry them.
/// </summary>
public static class BedrockStructuring
{
    public static BedrockRefiningExtractor Create(
        IInvoiceExtractor rules, BedrockRuntimeClient client, string modelId, ILambdaLogger logger, ModelUsageMeter usage) =>
        new(rules, client, new BedrockRefinerOptions { ModelId = modelId, OnReport = report => Report(report, logger, usage) });

    private static void Report(RefinementReport report, ILambdaLogger logger, ModelUsageMeter usage)
    {
        // A failed call reports no usage; an answer that was cut off or rejected was still billed.
        if (report.Usage is { } tokens)
            usage.Record(tokens.InputTokens, tokens.OutputTokens);
        logger.Info("Bedrock refinement", ("outcome", report.Outcome.ToString()), ("model", report.ModelId),
            ("stopReason", report.StopReason), ("latencyMs", report.LatencyMs), ("inputTokens", report.Usage?.InputTokens),
            ("outputTokens", report.Usage?.OutputTokens), ("error", report.Error), ("notes", string.Join(" | ", report.Notes)));
    }
}
