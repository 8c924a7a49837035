using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Webhooks;

namespace InvoiceScanner.Core.Configuration;

public enum OcrEngineChoice { Local, Textract }

public enum StructuringChoice { Rules, Bedrock }

/// <summary>
/// Everything a function reads from its environment, read and checked in one place at init so that a
/// misconfigured deployment fails at start with a message naming the variable, not on the first invoice.
/// </summary>
public sealed record FunctionSettings
{
    public required string TableName { get; init; }
    public required string BucketName { get; init; }
    public required string Region { get; init; }
    /// <summary>Endpoint overrides for local stand-ins (s3rver, DynamoDB Local); null in AWS.</summary>
    public Uri? S3Endpoint { get; init; }
    public Uri? DynamoDbEndpoint { get; init; }
    public UploadSettings Upload { get; init; } = new();
    public SweepSettings Sweep { get; init; } = new();
    public ProcessingSettings Processing { get; init; } = new();
    public ExtractionOptions Extraction { get; init; } = ExtractionOptions.Default;
    public OcrEngineChoice OcrEngine { get; init; }
    public StructuringChoice Structuring { get; init; }
    public string? BedrockModelId { get; init; }
    public string? TextractSnsTopicArn { get; init; }
    public string? TextractRoleArn { get; init; }
    /// <summary>The EventBridge bus invoice events go to (EVENT_BUS_NAME); null publishes none.</summary>
    public string? EventBusName { get; init; }
    public WebhookSettings Webhooks { get; init; } = new();

    public static FunctionSettings FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    public static FunctionSettings FromVariables(Func<string, string?> variable)
    {
        var read = new SettingsReader(variable);
        var upload = new UploadSettings();
        var processing = new ProcessingSettings();
        var extraction = ExtractionOptions.Default;
        var maxUploadBytes = read.Integer("MAX_UPLOAD_BYTES", upload.MaxUploadBytes, 1, 500L * 1024 * 1024);
        var settings = new FunctionSettings
        {
            TableName = read.Required("TABLE_NAME"),
            BucketName = read.Required("BUCKET_NAME"),
            Region = read.AwsRegion(),
            S3Endpoint = read.AwsEndpoint("AWS_ENDPOINT_URL_S3"),
            DynamoDbEndpoint = read.AwsEndpoint("AWS_ENDPOINT_URL_DYNAMODB"),
            Upload = new UploadSettings
            {
                UrlLifetime = read.Seconds("UPLOAD_URL_TTL_SECONDS", upload.UrlLifetime, 60, 7 * 24 * 3600),
                MaxUploadBytes = maxUploadBytes,
                UploadsPerMinute = read.Integer("UPLOADS_PER_MINUTE", upload.UploadsPerMinute, 0, 100_000),
                UploadsPerDay = read.Integer("UPLOADS_PER_DAY", upload.UploadsPerDay, 0, 10_000_000),
            },
            Processing = new ProcessingSettings
            {
                FunctionName = read.Text("AWS_LAMBDA_FUNCTION_NAME") ?? processing.FunctionName,
                MaxUploadBytes = maxUploadBytes,
                Lease = read.Seconds("CLAIM_LEASE_SECONDS", processing.Lease, 10, 3600),
                ObjectWait = read.Seconds("OBJECT_WAIT_SECONDS", processing.ObjectWait, 0, 300),
            },
            Sweep = new SweepSettings { StallAfter = read.Seconds("STALL_AFTER_SECONDS", new SweepSettings().StallAfter, 300, 7 * 24 * 3600) },
            Extraction = new ExtractionOptions(read.Text("LOCALE_HINT") ?? extraction.LocaleHint,
                read.Fraction("REVIEW_THRESHOLD", extraction.ReviewThreshold)),
            OcrEngine = read.Choice("OCR_ENGINE", OcrEngineChoice.Local),
            Structuring = read.Choice("STRUCTURING", StructuringChoice.Rules),
            BedrockModelId = read.Text("BEDROCK_MODEL_ID"),
            TextractSnsTopicArn = read.Text("TEXTRACT_SNS_TOPIC_ARN"),
            TextractRoleArn = read.Text("TEXTRACT_ROLE_ARN"),
            EventBusName = read.Text("EVENT_BUS_NAME"),
            Webhooks = ReadWebhooks(read),
        };
        if (settings.Structuring == StructuringChoice.Bedrock && settings.BedrockModelId is null)
            throw new InvalidOperationException("STRUCTURING=Bedrock needs BEDROCK_MODEL_ID.");
        return settings;
    }

    /// <summary>The webhook delivery's settings (the Webhooks function's).</summary>
    private static WebhookSettings ReadWebhooks(SettingsReader read)
    {
        var defaults = new WebhookSettings();
        return defaults with
        {
            // The local stack writes true; 1 and 0 are read too, as for the other switches.
            AllowLoopback = read.Choice("WEBHOOKS_ALLOW_LOOPBACK", false, ("true", true), ("1", true), ("false", false), ("0", false)),
            MaxAttempts = read.Integer("WEBHOOKS_MAX_ATTEMPTS", defaults.MaxAttempts, 1, 10),
            BaseDelay = TimeSpan.FromMilliseconds(read.Integer("WEBHOOKS_RETRY_BASE_MS", (long)defaults.BaseDelay.TotalMilliseconds, 0, 60_000)),
        };
    }
}
