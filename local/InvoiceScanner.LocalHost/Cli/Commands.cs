using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using InvoiceScanner.Core.Configuration;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.Security;
using InvoiceScanner.LocalHost.Web;

namespace InvoiceScanner.LocalHost.Cli;

/// <summary>The local host's commands: up, demo, latency, invoke, token.</summary>
public static class Commands
{
    public const string Usage = """
        InvoiceScanner local stack: the product on one machine (S3 = s3rver, DynamoDB = DynamoDB Local, 127.0.0.1 only).

        usage: dotnet run --project local/InvoiceScanner.LocalHost -- <command> [options]

          up                      start everything and serve the HTTP API until Ctrl-C
          demo                    `up`, scan the sample invoices end to end, then keep serving
          latency FILE…           `up`, then time each file from upload to a terminal status (interleaved
                                  rounds after a warm-up; make bench runs it), and exit
          reliability             `up`, then six probes through the API (hostile files, cross-tenant access, card numbers,
                                  S3 events, stores killed mid-flight, uploads at once); writes RELIABILITY.md (--out FILE;
                                  --quick: a slice of each; --only 4,5: those probes), exit 1 on findings
          invoke <LogicalId> <event.json|->
                                  run one function once with an event (like `sam local invoke -e`)
          token <userId>          print a dev JWT the local HTTP API accepts (sub = userId)

        options (up, demo, latency; ports also from INVOICESCANNER_API_PORT / _S3_PORT / _DYNAMODB_PORT; 0 = any free port):
          --api-port N            HTTP API port (3000)
          --s3-port N             S3 port (4569)
          --dynamodb-port N       DynamoDB port (8000)
          --functions DIR         builds, one folder per function: DIR/<LogicalId>/bootstrap (artifacts/;
                                  INVOICESCANNER_FUNCTIONS_DIR). Framework-dependent builds (bootstrap.dll) run with dotnet.
          --duplicate-s3-events N deliver every S3 notification N times (default 1; tests idempotency)
          --api-timeout S         timeout of the API functions in seconds (template: 10)
          --s3-timeout S          timeout of the S3-triggered functions in seconds (template: 120 ProcessInvoice, 60 ExtractData)
          --env NAME=VALUE        extra environment variable for every function (repeatable)
          --function-instances N  processes per function serving invocations at once, started on demand
                                  (INVOICESCANNER_FUNCTION_INSTANCES; default: the core count, 2 to 4)
          --log-level LEVEL       LOG_LEVEL for the functions (INFO)
          --function-logs FILE    write function output to FILE instead of stderr (demo: local/.state/logs/functions.log)
          --ready-file FILE       write the stack's endpoints and process ids as JSON once it is up
          --once                  demo only: exit after the sample invoices instead of serving
          --rounds N              latency only: timed scans per file (5)
          --ocr-engine ENGINE     Local (poppler + tesseract, default) or Textract (INVOICESCANNER_OCR_ENGINE)
          --structuring MODE      Rules (default) or Bedrock (INVOICESCANNER_STRUCTURING)
                                  Textract and Bedrock run offline against a local fake (InvoiceScanner.FakeAws) on
                                  127.0.0.1: SigV4-checked like AWS, answers from the local OCR and rules; Textract's
                                  SNS completion notices for multi-page PDFs invoke ProcessInvoiceFunction.
        options (invoke):
          --no-stack              do not start emulators: use the ones on --s3-port/--dynamodb-port (e.g. a running `up`)
          --put KEY=FILE          upload FILE to the bucket as KEY before invoking (repeatable)
          --timeout S             the function's timeout in seconds (its template value)
          --functions, --s3-port, --dynamodb-port, --env, --log-level, --ocr-engine, --structuring,
          --function-instances    as above
                                  (a Textract job started by an invoke is not followed: its notice is not delivered)
        options (token):
          --ttl-minutes N         lifetime (60)
          --group NAME            a Cognito group in the token's cognito:groups claim (repeatable; `operators`
                                  may work the review queue and any user's invoice)

        JWT: RS256, issuer https://issuer.invoicescanner.localhost/, audience invoicescanner-local,
        key generated once into local/.state/jwt-key.json.
        """;

    private static readonly string[] StackValueOptions =
    [
        "--api-port", "--s3-port", "--dynamodb-port", "--functions", "--duplicate-s3-events", "--api-timeout", "--s3-timeout",
        "--env", "--log-level", "--function-logs", "--ready-file", "--ocr-engine", "--structuring", "--function-instances",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            return args[0] switch
            {
                "up" => await UpAsync(CommandLine.Parse(args[1..], StackValueOptions, []), demo: false),
                "demo" => await UpAsync(CommandLine.Parse(args[1..], StackValueOptions, ["--once"]), demo: true),
                "latency" => await UpAsync(CommandLine.Parse(args[1..], [.. StackValueOptions, "--rounds"], []), demo: false, latency: true),
                "reliability" => await UpAsync(CommandLine.Parse(args[1..], [.. StackValueOptions, "--out", "--only"], ["--quick"]), demo: false, reliability: true),
                "invoke" => await InvokeAsync(CommandLine.Parse(args[1..],
                    ["--functions", "--s3-port", "--dynamodb-port", "--put", "--timeout", "--env", "--log-level", "--ocr-engine", "--structuring",
                     "--function-instances"],
                    ["--no-stack"])),
                "token" => Token(CommandLine.Parse(args[1..], ["--ttl-minutes", "--group"], [])),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}\n");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is FunctionBuildMissingException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    // ------------------------------------------------------------------ up / demo

    private static async Task<int> UpAsync(CommandLine commandLine, bool demo, bool latency = false, bool reliability = false)
    {
        CheckFiles(commandLine, latency);
        var paths = RepositoryPaths.Discover();
        var options = StackOptions(commandLine, paths) with
        {
            ApiPort = commandLine.Port("--api-port", "INVOICESCANNER_API_PORT", LocalStackOptions.DefaultApiPort),
            DuplicateS3Events = commandLine.Integer("--duplicate-s3-events", null, 1, 1, 10),
            ApiFunctionTimeout = commandLine.Seconds("--api-timeout", null),
            S3FunctionTimeout = commandLine.Seconds("--s3-timeout", null),
        };
        using var reliabilityTables = reliability ? new TemporaryDirectory("invoicescanner-reliability-dynamodb-") : null;
        if (reliabilityTables is not null)
            options = Reliability.ReliabilityRunner.Configure(options, reliabilityTables.Path);

        var functionLogPath = commandLine.Value("--function-logs")
            ?? (demo ? Path.Combine(options.StateDirectory, "logs", "functions.log") : null);
        await using var functionLog = OpenLog(functionLogPath);
        var log = new StackLog(Console.Error, functionLog ?? Console.Error);

        using var stopping = new CancellationTokenSource();
        using var signals = StopOnSignals(stopping, log);
        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options, log, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }

        await using (stack)
        {
            if (commandLine.Value("--ready-file") is { } readyFile)
                await WriteReadyFileAsync(readyFile, stack);
            Console.Out.WriteLine(Banner(stack, functionLogPath));
            if (latency)
                return await Demo.LatencyRunner.RunAsync(stack, commandLine.Positional, commandLine.Integer("--rounds", null, 5, 1, 100), Console.Out, stopping.Token);
            if (reliability)
                return await Reliability.ReliabilityRunner.RunAsync(stack, commandLine.Has("--quick"),
                    commandLine.Value("--out") ?? Path.Combine(paths.Root, "RELIABILITY.md"), Console.Out, stopping.Token,
                    Reliability.ReliabilityRunner.ParseProbes(commandLine.Value("--only")));
            if (demo && await DemoAsync(stack, commandLine, log, stopping.Token) is { } exitCode)
                return exitCode;
            Console.Out.WriteLine("Press Ctrl-C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                log.Info("stopping…");
            }
        }
        log.Info("stopped");
        return 0;
    }

    /// <summary>Only `latency` takes arguments: the files it scans, which must exist.</summary>
    private static void CheckFiles(CommandLine commandLine, bool latency)
    {
        if (commandLine.Positional.Count > 0 && !latency)
            throw new UsageException($"Unexpected argument '{commandLine.Positional[0]}'.");
        if (latency && commandLine.Positional.Count == 0)
            throw new UsageException("latency needs the files to scan.");
        if (latency && commandLine.Positional.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            throw new UsageException($"No such file: {missing}");
    }

    /// <summary>Scans the sample invoices; the exit code with --once (or when stopped), null to keep serving.</summary>
    private static async Task<int?> DemoAsync(LocalStack stack, CommandLine commandLine, StackLog log, CancellationToken stopping)
    {
        bool allMatched;
        try
        {
            allMatched = await Demo.DemoRunner.RunAsync(stack, Console.Out, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            log.Info("stopping…");
            return 0;
        }
        if (commandLine.Has("--once"))
            return allMatched ? 0 : 1;
        Console.Out.WriteLine(Demo.DemoRunner.ScanYourOwn(stack));
        return null;
    }

    private static LocalStackOptions StackOptions(CommandLine commandLine, RepositoryPaths paths) => new()
    {
        RepositoryRoot = paths.Root,
        FunctionsDirectory = Path.GetFullPath(commandLine.Value("--functions")
            ?? Environment.GetEnvironmentVariable("INVOICESCANNER_FUNCTIONS_DIR") ?? Path.Combine(paths.Root, "artifacts")),
        StateDirectory = paths.StateDirectory,
        S3Port = commandLine.Port("--s3-port", "INVOICESCANNER_S3_PORT", LocalStackOptions.DefaultS3Port),
        DynamoDbPort = commandLine.Port("--dynamodb-port", "INVOICESCANNER_DYNAMODB_PORT", LocalStackOptions.DefaultDynamoDbPort),
        FunctionLogLevel = commandLine.Value("--log-level") ?? "INFO",
        ExtraEnvironment = commandLine.Pairs("--env"),
        OcrEngine = commandLine.Choice("--ocr-engine", "INVOICESCANNER_OCR_ENGINE", OcrEngineChoice.Local),
        Structuring = commandLine.Choice("--structuring", "INVOICESCANNER_STRUCTURING", StructuringChoice.Rules),
        FunctionInstances = commandLine.Integer("--function-instances", "INVOICESCANNER_FUNCTION_INSTANCES", LocalStackOptions.DefaultFunctionInstances, 1, 32),
    };

    private static string Banner(LocalStack stack, string? functionLogPath)
    {
        var status = stack.Status();
        var text = new StringBuilder();
        text.AppendLine("InvoiceScanner local stack is up");
        if (stack.ApiUrl is { } web)
            text.AppendLine(WebAppPages.BannerLine(web));
        if (stack.ApiUrl is { } api)
            text.AppendLine($"  HTTP API   {api}  ({string.Join(", ", LocalFleet.Routes.Select(r => r.RequiresJwt ? r.RouteKey : r.RouteKey + " (no token)"))}; JWT required; contract at {api}/docs)");
        text.AppendLine($"  S3         {status.S3Endpoint}  bucket {status.BucketName} (access key S3RVER, secret S3RVER)");
        text.AppendLine($"  DynamoDB   {status.DynamoDbEndpoint}  table {status.TableName}");
        text.AppendLine($"  Engines    {EngineSummary(stack)}");
        if (stack.FakeAws is { } fake)
            text.AppendLine($"  Fake AWS   {status.FakeAwsEndpoint}  {(stack.Options.UsesCloudEngines ? "Textract + Bedrock Runtime + " : "")}EventBridge (SigV4, region {fake.Region}, access key S3RVER)");
        text.AppendLine($"  Events     {stack.EventBus.EventsFile}  (one JSON event a line; webhooks get them signed)");
        text.AppendLine($"  Functions  {string.Join(", ", status.FunctionPids.Select(f => $"{f.Key} (pid {f.Value})"))}");
        text.AppendLine($"             from {stack.Options.FunctionsDirectory}; up to {status.FunctionInstances} processes each, on demand");
        if (functionLogPath is not null)
            text.AppendLine($"  Logs       {functionLogPath}");
        text.AppendLine($"  JWT        issuer {DevTokens.Issuer}, audience {DevTokens.Audience}, JWKS {status.ControlUrl}/.well-known/jwks.json");
        text.Append("  Token      dotnet run --project local/InvoiceScanner.LocalHost -- token <userId>");
        return text.ToString();
    }

    private static string EngineSummary(LocalStack stack)
    {
        var options = stack.Options;
        var ocr = options.OcrEngine == OcrEngineChoice.Textract
            ? "OCR Textract (fake: AnalyzeExpense; multi-page PDFs as jobs with SNS notices → ProcessInvoiceFunction)"
            : "OCR Local (poppler + tesseract)";
        var structuring = options.Structuring == StructuringChoice.Bedrock
            ? $"structuring Bedrock (fake Converse, model {options.BedrockModelId}, refining the rules)"
            : "structuring Rules";
        return $"{ocr}, {structuring}";
    }

    private static async Task WriteReadyFileAsync(string path, LocalStack stack)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(stack.Status(), LocalJsonContext.Default.StackStatus));
        File.Move(temporary, path, overwrite: true); // readers never see half a file
    }

    private static StreamWriter? OpenLog(string? path)
    {
        if (path is null || path == "-")
            return null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(path, append: true) { AutoFlush = true };
    }

    /// <summary>
    /// First SIGINT/SIGTERM/SIGHUP: stop cleanly. Another one more than 2 s later: exit at once (the children still die
    /// with us). Signals right after the first are echoes: Ctrl-C and `timeout` signal the whole process group.
    /// </summary>
    private static IDisposable StopOnSignals(CancellationTokenSource stopping, StackLog log)
    {
        var registrations = new List<PosixSignalRegistration>();
        long firstSignalAt = 0;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                var now = Environment.TickCount64;
                var first = Interlocked.CompareExchange(ref firstSignalAt, now, 0);
                if (first != 0 && now - first > 2000)
                {
                    log.Warn($"{context.Signal} again: exiting now");
                    return; // default handling terminates the process
                }
                context.Cancel = true;
                stopping.Cancel();
            }));
        }
        return new Disposables(registrations);
    }

    private sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
                item.Dispose();
        }
    }

    // ------------------------------------------------------------------ invoke

    private static async Task<int> InvokeAsync(CommandLine commandLine)
    {
        if (commandLine.Positional.Count != 2)
            throw new UsageException("invoke needs a function logical id and an event file (or - for stdin).");
        var function = LocalFleet.Find(commandLine.Positional[0])
            ?? throw new UsageException($"Unknown function '{commandLine.Positional[0]}'; one of {string.Join(", ", LocalFleet.Functions.Select(f => f.LogicalId))}.");
        var eventPath = commandLine.Positional[1];
        var payload = eventPath == "-" ? await ReadStdinAsync() : await File.ReadAllBytesAsync(eventPath);
        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"The event must be JSON: {ex.Message}");
        }

        var noStack = commandLine.Has("--no-stack");
        var paths = RepositoryPaths.Discover();
        var timeout = commandLine.Seconds("--timeout", null);
        var options = StackOptions(commandLine, paths) with
        {
            // Its own emulators take free ports unless told otherwise, so `invoke` runs beside a running `up`.
            S3Port = commandLine.Port("--s3-port", noStack ? "INVOICESCANNER_S3_PORT" : null, noStack ? LocalStackOptions.DefaultS3Port : 0),
            DynamoDbPort = commandLine.Port("--dynamodb-port", noStack ? "INVOICESCANNER_DYNAMODB_PORT" : null, noStack ? LocalStackOptions.DefaultDynamoDbPort : 0),
            StartEmulators = !noStack,
            ServeApi = false,
            BridgeS3Events = false,
            OnlyFunctions = [function.LogicalId],
            ApiFunctionTimeout = timeout,
            S3FunctionTimeout = timeout,
        };
        // Never the folder of a running `up`: emulators.js empties its folder at start.
        var s3Directory = Path.Combine(Path.GetTempPath(), $"invoicescanner-invoke-{Environment.ProcessId}");
        options = options with { S3DataDirectoryOverride = s3Directory };

        var log = StackLog.StandardError();
        using var stopping = new CancellationTokenSource();
        using var signals = StopOnSignals(stopping, log);
        try
        {
            return await InvokeOnceAsync(options, function, payload, commandLine.Pairs("--put"), log, stopping.Token);
        }
        finally
        {
            if (Directory.Exists(s3Directory))
                Directory.Delete(s3Directory, recursive: true);
        }
    }

    private static async Task<int> InvokeOnceAsync(
        LocalStackOptions options, FunctionDefinition function, byte[] payload, IReadOnlyDictionary<string, string> objects,
        StackLog log, CancellationToken cancellationToken)
    {
        await using var stack = await LocalStack.StartAsync(options, log, cancellationToken);

        foreach (var (key, file) in objects)
        {
            using var s3 = StackProvisioner.CreateS3Client(stack.Endpoints.S3, options.Region);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.BucketName,
                Key = key,
                FilePath = Path.GetFullPath(file),
                UseChunkEncoding = false, // s3rver stores aws-chunked bodies verbatim
            }, cancellationToken);
            log.Info($"put s3://{options.BucketName}/{key} ({new FileInfo(file).Length} bytes)");
        }

        var result = await stack.Functions[function.LogicalId].InvokeAsync(payload, InvocationSource.Direct, cancellationToken: cancellationToken);
        Console.Out.WriteLine(result.PayloadText);
        if (!result.Succeeded)
            log.Info($"{function.LogicalId} failed: {result.Outcome} ({result.ErrorType})");
        return result.Succeeded ? 0 : 1;
    }

    private static async Task<byte[]> ReadStdinAsync()
    {
        using var buffer = new MemoryStream();
        await Console.OpenStandardInput().CopyToAsync(buffer);
        return buffer.ToArray();
    }

    // ------------------------------------------------------------------ token

    private static int Token(CommandLine commandLine)
    {
        if (commandLine.Positional.Count != 1)
            throw new UsageException("token needs exactly one user id.");
        var minutes = commandLine.Integer("--ttl-minutes", null, 60, 1, 60 * 24 * 30);
        var paths = RepositoryPaths.Discover();
        var key = DevSigningKey.LoadOrCreate(Path.Combine(paths.StateDirectory, "jwt-key.json"));
        var groups = commandLine.Values("--group");
        Console.Out.WriteLine(DevTokens.ForUser(key, commandLine.Positional[0], TimeSpan.FromMinutes(minutes), groups));
        return 0;
    }
}
