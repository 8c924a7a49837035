using InvoiceScanner.Core.Configuration;
using InvoiceScanner.FakeAws;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// The real product on a local stack: the seven functions' framework-dependent builds (built with this test project),
/// emulators on free ports. Subclasses choose the engines and how often events are delivered.
/// </summary>
public abstract class RealFunctionsStackFixture(string name) : LocalStackFixture(name)
{
    private static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        [LocalFleet.UploadPresignFunction] = "UploadPresign",
        [LocalFleet.ProcessInvoiceFunction] = "ProcessInvoice",
        [LocalFleet.ExtractDataFunction] = "ExtractData",
        [LocalFleet.GetInvoicesFunction] = "GetInvoices",
        [LocalFleet.ReviewInvoiceFunction] = "ReviewInvoice",
        [LocalFleet.SweepInvoicesFunction] = "SweepInvoices",
        [LocalFleet.WebhooksFunction] = "Webhooks",
    };

    protected virtual TimeSpan StartupTimeout => TimeSpan.FromMinutes(2);

    /// <summary>The stack's settings beyond the common ones (engines, duplicate deliveries).</summary>
    protected abstract LocalStackOptions Configure(LocalStackOptions options);

    public InvoiceApiClient Api { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        // INVOICESCANNER_E2E_FUNCTIONS=<dir> runs the same tests against other builds, e.g. `make build-all`'s artifacts/.
        var builds = Environment.GetEnvironmentVariable("INVOICESCANNER_E2E_FUNCTIONS") is { Length: > 0 } directory
            ? Projects.ToDictionary(p => p.Key, p => Path.GetFullPath(Path.Combine(directory, p.Key)))
            : Projects.ToDictionary(p => p.Key, p => StackPaths.FunctionBuild(p.Value));
        await StartAsync(builds, options => Configure(options with
        {
            AsyncRetryDelay = TimeSpan.FromMilliseconds(500),
            FunctionLogLevel = "DEBUG",
        }), StartupTimeout);
        Api = new InvoiceApiClient(Http, Stack.ApiUrl!);
    }
}

/// <summary>
/// Local OCR + rules. Every S3 notification is delivered three times, so every end-to-end test also proves the
/// functions are idempotent under Lambda's at-least-once delivery.
/// </summary>
public sealed class ProductStackFixture() : RealFunctionsStackFixture("product-stack")
{
    public const int Duplicates = 3;

    /// <summary>OCR on a loaded 2-core machine (tests run in parallel) is slow; bounded all the same.</summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The sweeper's schedule, shortened so a test sees it run.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    protected override LocalStackOptions Configure(LocalStackOptions options) =>
        options with { DuplicateS3Events = Duplicates, ScheduleInterval = SweepInterval };
}

/// <summary>
/// Configured like a deployment with OcrEngine=Textract and Structuring=Bedrock: the functions call the fake
/// Textract/Bedrock endpoint the stack starts (<see cref="LocalStack.FakeAws"/>), and Textract's SNS completion notices
/// invoke ProcessInvoice. S3 events and SNS notices are each delivered twice, so the cloud path is also checked for
/// idempotency.
/// </summary>
public sealed class CloudEnginesStackFixture() : RealFunctionsStackFixture("cloud-engines-stack")
{
    public const int Duplicates = 2;

    /// <summary>
    /// The fake reads every document with the local OCR inside the test process, on a 2-core machine shared with the
    /// other stacks' tests: generous, bounded all the same.
    /// </summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The fake Textract/Bedrock the functions call.</summary>
    public FakeAwsServer Fake => Stack.FakeAws ?? throw new InvalidOperationException("The stack runs no fake AWS endpoint.");

    protected override TimeSpan StartupTimeout => TimeSpan.FromMinutes(3);

    protected override LocalStackOptions Configure(LocalStackOptions options) => options with
    {
        OcrEngine = OcrEngineChoice.Textract,
        Structuring = StructuringChoice.Bedrock,
        DuplicateS3Events = Duplicates,
        DuplicateTextractNotices = Duplicates,
    };
}
