using System.Globalization;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Processing;

namespace InvoiceScanner.Infrastructure.Configuration;

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
    public ProcessingSettings Processing { get; init; } = new();
    public ExtractionOptions Extraction { get; init; } = ExtractionOptions.Default;
    public OcrEngineChoice OcrEngine { get; init; } = OcrEngineChoice.Local;
    public StructuringChoice Structuring { get; init; } = StructuringChoice.Rules;
    public string? BedrockModelId { get; init; }
    public string? TextractSnsTopicArn { get; init; }
    public string? TextractRoleArn { get; init; }

    public static FunctionSettings FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    public static FunctionSettings FromVariables(Func<string, string?> read)
    {
        string Required(string name) =>
            read(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"Environment variable {name} is not set.");

        var settings = new FunctionSettings
        {
            TableName = Required("TABLE_NAME"),
            BucketName = Required("BUCKET_NAME"),
            Region = read("AWS_REGION") is { Length: > 0 } region ? region : read("AWS_DEFAULT_REGION") ?? "us-east-1",
            S3Endpoint = OptionalUri(read, "AWS_ENDPOINT_URL_S3") ?? OptionalUri(read, "AWS_ENDPOINT_URL"),
            DynamoDbEndpoint = OptionalUri(read, "AWS_ENDPOINT_URL_DYNAMODB") ?? OptionalUri(read, "AWS_ENDPOINT_URL"),
            Upload = new UploadSettings { UrlLifetime = Seconds(read, "UPLOAD_URL_TTL_SECONDS", 900, 60, 7 * 24 * 3600) },
            Processing = new ProcessingSettings
            {
                MaxUploadBytes = Integer(read, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024, 1, 500L * 1024 * 1024),
                Lease = Seconds(read, "CLAIM_LEASE_SECONDS", 300, 10, 3600),
            },
            Extraction = new ExtractionOptions(
                read("LOCALE_HINT") is { Length: > 0 } locale ? locale : null,
                Fraction(read, "REVIEW_THRESHOLD", 0.8)),
            OcrEngine = Choice(read, "OCR_ENGINE", OcrEngineChoice.Local),
            Structuring = Choice(read, "STRUCTURING", StructuringChoice.Rules),
            BedrockModelId = read("BEDROCK_MODEL_ID") is { Length: > 0 } model ? model : null,
            TextractSnsTopicArn = read("TEXTRACT_SNS_TOPIC_ARN") is { Length: > 0 } topic ? topic : null,
            TextractRoleArn = read("TEXTRACT_ROLE_ARN") is { Length: > 0 } role ? role : null,
        };
        if (settings.Structuring == StructuringChoice.Bedrock && settings.BedrockModelId is null)
            throw new InvalidOperationException("STRUCTURING=Bedrock needs BEDROCK_MODEL_ID.");
        return settings;
    }

    private static Uri? OptionalUri(Func<string, string?> read, string name) =>
        read(name) is not { Length: > 0 } value ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new InvalidOperationException($"Environment variable {name} must be an http(s) URL, not '{value}'.");

    private static long Integer(Func<string, string?> read, string name, long fallback, long min, long max)
    {
        if (read(name) is not { Length: > 0 } value)
            return fallback;
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new InvalidOperationException($"Environment variable {name} must be a whole number from {min} to {max}, not '{value}'.");
    }

    private static TimeSpan Seconds(Func<string, string?> read, string name, long fallback, long min, long max) =>
        TimeSpan.FromSeconds(Integer(read, name, fallback, min, max));

    private static double Fraction(Func<string, string?> read, string name, double fallback)
    {
        if (read(name) is not { Length: > 0 } value)
            return fallback;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
            ? number
            : throw new InvalidOperationException($"Environment variable {name} must be a number from 0 to 1, not '{value}'.");
    }

    private static T Choice<T>(Func<string, string?> read, string name, T fallback) where T : struct, Enum
    {
        if (read(name) is not { Length: > 0 } value)
            return fallback;
        return Enum.TryParse<T>(value, ignoreCase: true, out var choice) && Enum.IsDefined(choice)
            ? choice
            : throw new InvalidOperationException($"Environment variable {name} must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{value}'.");
    }
}
