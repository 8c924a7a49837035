using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Refining;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.FakeAws;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;
using InvoiceScanner.Triggers;

namespace ExtractData.Tests;

/// <summary>Bedrock's tokens, from the refiner's report through the record's outcome to the metric lines and the cost.</summary>
public class BedrockCostTests : HandlerTestBed
{
    private const string Model = "anthropic.claude-3-haiku-20240307-v1:0";
    private const string SecondInvoiceId = "01KAQ4N0Z6X8F0M6TV2C9R7B3E";
    private static readonly DateTimeOffset At = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<CapturedLogEntry> MetricLines(TestLambdaContext context) =>
        context.Logger.Entries.Where(e => e.Message == "metrics" && e.Property("_aws") is not null).ToList();

    private static double EstimatedCost(TestLambdaContext context, IReadOnlyList<ProcessingOutcome> outcomes)
    {
        context.Logger.Clear();
        OutcomeMetrics.EmitCost(context, outcomes, TimeSpan.FromSeconds(2), At);
        return (double)Assert.Single(MetricLines(context)).Property("EstimatedCostUsd")!;
    }

    private static ProcessingOutcome Extracted(int? input, int? output) =>
        new("ocr/user-alice/x.json", OutcomeKind.Processed, "extracted") { Status = "COMPLETED", BedrockInputTokens = input, BedrockOutputTokens = output };

    [Fact]
    public void A_record_line_carries_its_bedrock_tokens_as_counts_and_a_rules_record_has_none()
    {
        OutcomeMetrics.Emit(Context, Extracted(1234, 56), At);
        OutcomeMetrics.Emit(Context, Extracted(null, null), At);

        var lines = MetricLines(Context);
        Assert.Equal(2, lines.Count);
        Assert.Equal(1234.0, lines[0].Property("BedrockInputTokens"));
        Assert.Equal(56.0, lines[0].Property("BedrockOutputTokens"));
        var declared = lines[0].Property("_aws")!.ToString()!;
        Assert.Contains("""{"Name":"BedrockInputTokens","Unit":"Count"}""", declared, StringComparison.Ordinal);
        Assert.Contains("""{"Name":"BedrockOutputTokens","Unit":"Count"}""", declared, StringComparison.Ordinal);
        Assert.Null(lines[1].Property("BedrockInputTokens"));
        Assert.Null(lines[1].Property("BedrockOutputTokens"));
    }

    [Fact]
    public void The_estimated_cost_grows_by_the_tokens_at_the_list_price()
    {
        Context.MemoryLimitInMB = 1024;
        var withoutTokens = EstimatedCost(Context, [Extracted(null, null), Extracted(null, null)]);
        var withTokens = EstimatedCost(Context, [Extracted(1234, 56), Extracted(2000, 300)]);

        var expected = (1234 + 2000) / 1000.0 * OutcomeMetrics.BedrockUsdPer1000InputTokens
            + (56 + 300) / 1000.0 * OutcomeMetrics.BedrockUsdPer1000OutputTokens;
        Assert.True(expected > 0);
        Assert.Equal(expected, withTokens - withoutTokens, precision: 12);
    }

    [Fact]
    public async Task A_bedrock_refinement_puts_its_tokens_on_each_records_outcome_and_metric_line()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, ToolAnswer(inputTokens: 900, outputTokens: 120), ToolAnswer(inputTokens: 700, outputTokens: 80));
        await SeedOcrResultAsync(SampleInvoiceId);
        await SeedOcrResultAsync(SecondInvoiceId);

        var summary = await Handler(server).HandleAsync(TwoOcrRecords(), Context);

        // Each record has its own call's tokens, not a running total.
        Assert.Equal(2, server.Requests.Count);
        Assert.All(summary.Outcomes, o => Assert.Equal(OutcomeKind.Processed, o.Kind));
        Assert.Equal([900, 700], summary.Outcomes.Select(o => o.BedrockInputTokens));
        Assert.Equal([120, 80], summary.Outcomes.Select(o => o.BedrockOutputTokens));
        var lines = MetricLines(Context);
        Assert.Contains(lines, e => Equals(e.Property("RecordsProcessed"), 1.0) && Equals(e.Property("BedrockInputTokens"), 900.0) && Equals(e.Property("BedrockOutputTokens"), 120.0));
        Assert.Contains(lines, e => Equals(e.Property("RecordsProcessed"), 1.0) && Equals(e.Property("BedrockInputTokens"), 700.0) && Equals(e.Property("BedrockOutputTokens"), 80.0));
        var tokenPrice = 1600 / 1000.0 * OutcomeMetrics.BedrockUsdPer1000InputTokens + 200 / 1000.0 * OutcomeMetrics.BedrockUsdPer1000OutputTokens;
        Assert.True((double)Assert.Single(lines, e => e.Property("EstimatedCostUsd") is not null).Property("EstimatedCostUsd")! >= tokenPrice);
        Assert.Contains(Context.Logger.Entries, e => e.Message == "Bedrock refinement" && Equals(e.Property("inputTokens"), 900));
    }

    [Fact]
    public async Task A_bedrock_call_that_fails_leaves_the_outcome_without_tokens()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, FakeAwsResponse.RestJsonError(400, "ValidationException", "The model is not available."));
        await SeedOcrResultAsync(SampleInvoiceId);

        var outcome = Assert.Single((await Handler(server).HandleAsync(Events.S3("s3-ocr-put.json"), Context)).Outcomes);

        Assert.Equal("NEEDS_REVIEW", outcome.Status);
        Assert.Null(outcome.BedrockInputTokens);
        Assert.Null(outcome.BedrockOutputTokens);
        Assert.DoesNotContain(MetricLines(Context), e => e.Property("BedrockInputTokens") is not null);
    }

    [Fact]
    public async Task The_meter_keeps_records_measured_at_once_apart_and_drops_tokens_outside_a_measurement()
    {
        var meter = new ModelUsageMeter();
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task<int> Refine(int input, int output)
        {
            meter.Record(input, output);
            if (Interlocked.Increment(ref started) == 2)
                bothStarted.SetResult();
            await bothStarted.Task;
            meter.Record(input, output);
            return input;
        }

        meter.Record(5, 5);
        var measured = await Task.WhenAll(meter.MeasureAsync(() => Refine(100, 10)), meter.MeasureAsync(() => Refine(300, 30)));

        Assert.Equal(new ModelUsage(200, 20), measured[0].Usage);
        Assert.Equal(new ModelUsage(600, 60), measured[1].Usage);
        Assert.Null((await meter.MeasureAsync(() => Task.FromResult(0))).Usage);
    }

    /// <summary>ExtractData as deployed with STRUCTURING=Bedrock, against the fake Bedrock endpoint.</summary>
    private ExtractDataHandler Handler(FakeAwsServer server)
    {
        var usage = new ModelUsageMeter();
        var client = new BedrockRuntimeClient(new AwsClientOptions
        {
            Region = server.Region,
            ServiceUrl = server.BaseAddress,
            Credentials = new BasicAWSCredentials(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey),
            Retry = AwsRetryPolicy.None,
        });
        var rules = new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR"));
        var refiner = BedrockStructuring.Create(rules, client, Model, Context.Logger, usage);
        return new ExtractDataHandler(
            new ExtractionProcessor(Invoices, new S3OcrResultStore(Objects), refiner, ExtractionOptions.Default, Clock, new ProcessingSettings(), modelUsage: usage),
            LocalBucket);
    }

    private const string RefinedTotal = """{"Total":"9.99"}""";

    private static FakeAwsResponse ToolAnswer(int inputTokens, int outputTokens) => FakeAwsResponse.Json($$$"""
        {"output":{"message":{"role":"assistant","content":[
          {"toolUse":{"toolUseId":"tooluse_1","name":"{{{BedrockRefiningExtractor.ToolName}}}","input":{{{RefinedTotal}}}}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":{{{inputTokens}}},"outputTokens":{{{outputTokens}}},"totalTokens":{{{inputTokens + outputTokens}}}}}
        """, contentType: "application/json");

    private async Task SeedOcrResultAsync(string invoiceId)
    {
        await SeedAsync("user-alice", invoiceId, InvoiceStatus.Processing);
        await Invoices.TransitionAsync("user-alice", invoiceId, new StatusUpdate(InvoiceStatus.OcrComplete, Clock.Now), CancellationToken.None);
        await new S3OcrResultStore(Objects).SaveAsync(ObjectKeys.OcrResult("user-alice", invoiceId), Documents.FromLines("Invoice # INV-1", "Total 9.99 EUR"), CancellationToken.None);
    }

    private static S3Event TwoOcrRecords()
    {
        var s3Event = Events.S3("s3-ocr-put.json");
        var second = Events.S3("s3-ocr-put.json").Records![0];
        second.S3!.Object!.Key = ObjectKeys.OcrResult("user-alice", SecondInvoiceId);
        s3Event.Records = [s3Event.Records![0], second];
        return s3Event;
    }
}
