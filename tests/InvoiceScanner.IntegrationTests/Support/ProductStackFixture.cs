using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// The real product on a local stack: the four functions' framework-dependent builds (built with this test project),
/// emulators on free ports. Every S3 notification is delivered three times, so every end-to-end test also proves
/// the functions are idempotent under Lambda's at-least-once delivery.
/// </summary>
public sealed class ProductStackFixture : IAsyncLifetime
{
    public const int Duplicates = 3;

    /// <summary>OCR on a loaded 2-core machine (tests run in parallel) is slow; bounded all the same.</summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(2);

    private static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        [LocalFleet.UploadPresignFunction] = "UploadPresign",
        [LocalFleet.ProcessInvoiceFunction] = "ProcessInvoice",
        [LocalFleet.ExtractDataFunction] = "ExtractData",
        [LocalFleet.GetInvoicesFunction] = "GetInvoices",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("invoicescanner-product-stack-").FullName;
    private FunctionsFolder? _functions;
    private LogCapture? _log;

    public LocalStack Stack { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public InvoiceApiClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await StackPaths.EnsureNpmPackagesAsync(CancellationToken.None);
        // INVOICESCANNER_E2E_FUNCTIONS=<dir> runs the same tests against other builds, e.g. `make build-all`'s artifacts/.
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
            DuplicateS3Events = Duplicates,
            AsyncRetryDelay = TimeSpan.FromMilliseconds(500),
            FunctionLogLevel = "DEBUG",
        };
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
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
            LogFiles.Keep(_log.FilePath, "product-stack.log");
        _functions?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
