using InvoiceScanner.FakeAws;
using InvoiceScanner.Infrastructure.Configuration;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// The real product on a local stack configured like a deployment with OcrEngine=Textract and Structuring=Bedrock:
/// the four functions' framework-dependent builds call the fake Textract/Bedrock endpoint the stack starts
/// (<see cref="LocalStack.FakeAws"/>), and Textract's SNS completion notices invoke ProcessInvoice. S3 events and SNS
/// notices are each delivered twice, so the cloud path is also checked for idempotency.
/// </summary>
public sealed class CloudEnginesStackFixture : IAsyncLifetime
{
    public const int Duplicates = 2;

    /// <summary>
    /// The fake reads every document with the local OCR inside the test process, on a 2-core machine shared with the
    /// other stacks' tests: generous, bounded all the same.
    /// </summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(4);

    private static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        [LocalFleet.UploadPresignFunction] = "UploadPresign",
        [LocalFleet.ProcessInvoiceFunction] = "ProcessInvoice",
        [LocalFleet.ExtractDataFunction] = "ExtractData",
        [LocalFleet.GetInvoicesFunction] = "GetInvoices",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("invoicescanner-cloud-stack-").FullName;
    private FunctionsFolder? _functions;
    private LogCapture? _log;

    public LocalStack Stack { get; private set; } = null!;

    /// <summary>The fake Textract/Bedrock the functions call.</summary>
    public FakeAwsServer Fake => Stack.FakeAws ?? throw new InvalidOperationException("The stack runs no fake AWS endpoint.");

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public InvoiceApiClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await StackPaths.EnsureNpmPackagesAsync(CancellationToken.None);
        var builds = Environment.GetEnvironmentVariable("INVOICESCANNER_E2E_FUNCTIONS") is { Length: > 0 } directory
            ? Projects.ToDictionary(p => p.Key, p => Path.GetFullPath(Path.Combine(directory, p.Key)))
            : Projects.ToDictionary(p => p.Key, p => StackPaths.FunctionBuild(p.Value));
        _functions = new FunctionsFolder(builds);
        _log = new LogCapture(Path.Combine(_root, "stack.log"));
        var options = new LocalStackOptions
        {
            RepositoryRoot = StackPaths.RepositoryRoot,
            FunctionsDirectory = _functions.Path,
            StateDirectory = Path.Combine(_root, "state"),
            ApiPort = 0,
            S3Port = 0,
            DynamoDbPort = 0,
            OcrEngine = OcrEngineChoice.Textract,
            Structuring = StructuringChoice.Bedrock,
            DuplicateS3Events = Duplicates,
            DuplicateTextractNotices = Duplicates,
            AsyncRetryDelay = TimeSpan.FromMilliseconds(500),
            FunctionLogLevel = "DEBUG",
        };
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await LocalStack.StartAsync(options, new StackLog(_log, _log), startup.Token);
        Api = new InvoiceApiClient(Http, Stack.ApiUrl!);
    }

    public async ValueTask DisposeAsync()
    {
        if (Stack is not null)
            await Stack.DisposeAsync();
        Http.Dispose();
        _log?.Dispose();
        if (_log is not null)
            LogFiles.Keep(_log.FilePath, "cloud-engines-stack.log");
        _functions?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
