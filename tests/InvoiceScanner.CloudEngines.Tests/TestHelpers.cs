using System.Text.Json;
using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.FakeAws;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.CloudEngines.Tests;

internal static class TestAws
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static BasicAWSCredentials Credentials { get; } = new(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey);

    /// <summary>Retries without waiting; records each requested delay. Jitter fixed at 0.5 so delays are predictable.</summary>
    public static AwsRetryPolicy InstantRetry(int maxAttempts = 4, List<TimeSpan>? delays = null) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        Jitter = () => 0.5,
        Delay = (delay, _) =>
        {
            lock (delays ?? [])
                delays?.Add(delay);
            return Task.CompletedTask;
        },
    };

    public static AwsClientOptions Options(FakeAwsServer server, AwsRetryPolicy? retry = null, AWSCredentials? credentials = null, string? region = null) => new()
    {
        Region = region ?? server.Region,
        ServiceUrl = server.BaseAddress,
        Credentials = credentials ?? Credentials,
        Retry = retry ?? InstantRetry(),
    };

    public static TextractClient TextractFor(FakeAwsServer server, AwsRetryPolicy? retry = null) => new(Options(server, retry));

    public static BedrockRuntimeClient BedrockFor(FakeAwsServer server, AwsRetryPolicy? retry = null) => new(Options(server, retry));
}

internal static class Fixtures
{
    public static string Path(string relative) => SharedFolder.Require("fixtures/" + relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static string AnalyzeExpensePath(string name) => $"textract/analyze-expense/{name}.analyze-expense.json";

    public static AnalyzeExpenseResponse AnalyzeExpense(string name) =>
        JsonSerializer.Deserialize(Text(AnalyzeExpensePath(name)), TextractJsonContext.Default.AnalyzeExpenseResponse)!;

    public const string TwoPage = "textract/get-expense-analysis/invoice-meta-2page.get-expense-analysis.json";

    public static GetExpenseAnalysisResponse TwoPageAnalysis() =>
        JsonSerializer.Deserialize(Text(TwoPage), TextractJsonContext.Default.GetExpenseAnalysisResponse)!;

    public static readonly string[] AnalyzeExpenseNames =
    [
        "invoice-amazon-123PQR456", "receipt-mega-market", "receipt-no-summary-fields", "receipt-costco",
        "hospital-bill-mvp", "clinic-invoice-1258", "hospital-statement-4544", "edge-missing-geometry",
    ];
}

/// <summary>A clock that stands still, for signature test vectors.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
