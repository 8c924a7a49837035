using InvoiceScanner.LocalHost;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// One local stack for the stack's own tests, shared by the whole assembly: real emulators on free ports and the
/// echo test function standing in for all four functions. Short timeouts keep the timeout tests quick.
/// </summary>
public sealed class EchoStackFixture : IAsyncLifetime
{
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Set in this (the host's) process only: it must not leak into function processes.</summary>
    public const string HostOnlyVariable = "INVOICESCANNER_TEST_HOST_ONLY";

    private readonly string _root = Directory.CreateTempSubdirectory("invoicescanner-echo-stack-").FullName;
    private FunctionsFolder? _functions;

    public LocalStack Stack { get; private set; } = null!;

    public LogCapture Log { get; private set; } = null!;

    /// <summary>No cookie jar: tests send and inspect cookies themselves.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public string ApiUrl => Stack.ApiUrl!;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable(HostOnlyVariable, "must-not-leak");
        await StackPaths.EnsureNpmPackagesAsync(CancellationToken.None);
        _functions = new FunctionsFolder(LocalFleet.Functions.ToDictionary(f => f.LogicalId, _ => StackPaths.EchoFunctionBuild));
        Log = new LogCapture(Path.Combine(_root, "stack.log"));
        var options = new LocalStackOptions
        {
            RepositoryRoot = StackPaths.RepositoryRoot,
            FunctionsDirectory = _functions.Path,
            StateDirectory = Path.Combine(_root, "state"),
            ApiPort = 0,
            S3Port = 0,
            DynamoDbPort = 0,
            ApiFunctionTimeout = FunctionTimeout,
            S3FunctionTimeout = FunctionTimeout,
            AsyncRetryDelay = TimeSpan.FromMilliseconds(100),
            ExtraEnvironment = new Dictionary<string, string> { ["ECHO_MARKER"] = "from-extra-env" },
        };
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Stack = await LocalStack.StartAsync(options, new StackLog(Log, Log), startup.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Stack is not null)
            await Stack.DisposeAsync();
        Http.Dispose();
        Log?.Dispose();
        // Kept beside the test binaries for post-mortems (the temporary folder goes).
        if (Log is not null)
            LogFiles.Keep(Log.FilePath, "echo-stack.log");
        _functions?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
