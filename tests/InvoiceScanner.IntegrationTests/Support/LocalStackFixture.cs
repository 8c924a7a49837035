using InvoiceScanner.LocalHost;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// A local stack on free ports for a group of tests: a temporary folder for its state, the function builds linked in
/// as the functions directory, and its log, kept beside the test binaries for post-mortems when the folder goes.
/// </summary>
public abstract class LocalStackFixture : IAsyncLifetime
{
    private readonly string _root;
    private FunctionsFolder? _functions;

    protected LocalStackFixture(string name)
    {
        Name = name;
        _root = Directory.CreateTempSubdirectory($"invoicescanner-{name}-").FullName;
    }

    /// <summary>Names the temporary folder and the kept log.</summary>
    public string Name { get; }

    public LocalStack Stack { get; private set; } = null!;

    public LogCapture Log { get; private set; } = null!;

    /// <summary>No cookie jar: tests send and inspect cookies themselves.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public abstract ValueTask InitializeAsync();

    /// <summary>Starts the stack on <paramref name="builds"/> (logical id → build folder) with the settings <paramref name="configure"/> adds.</summary>
    protected async Task StartAsync(IReadOnlyDictionary<string, string> builds, Func<LocalStackOptions, LocalStackOptions> configure, TimeSpan startupTimeout)
    {
        await StackPaths.EnsureNpmPackagesAsync(CancellationToken.None);
        _functions = new FunctionsFolder(builds);
        Log = new LogCapture(Path.Combine(_root, "stack.log"));
        var options = configure(new LocalStackOptions
        {
            RepositoryRoot = StackPaths.RepositoryRoot,
            FunctionsDirectory = _functions.Path,
            StateDirectory = Path.Combine(_root, "state"),
            ApiPort = 0,
            S3Port = 0,
            DynamoDbPort = 0,
        });
        using var startup = new CancellationTokenSource(startupTimeout);
        Stack = await LocalStack.StartAsync(options, new StackLog(Log, Log), startup.Token);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Stack is not null)
            await Stack.DisposeAsync();
        Http.Dispose();
        Log?.Dispose();
        if (Log is not null)
            LogFiles.Keep(Log.FilePath, $"{Name}.log");
        _functions?.Dispose();
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
