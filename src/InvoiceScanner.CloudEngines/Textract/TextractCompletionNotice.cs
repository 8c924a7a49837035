using System.Text.Json;
using System.Text.Json.Serialization;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>
/// The message Textract publishes to the job's SNS topic when an async job ends (the SNS record's Message string):
/// {"JobId","Status","API","JobTag","Timestamp","DocumentLocation":{"S3ObjectName","S3Bucket"}}.
/// </summary>
public sealed record TextractCompletionNotice
{
    public required string JobId { get; init; }
    /// <summary>SUCCEEDED, FAILED, ERROR or PARTIAL_SUCCESS.</summary>
    public required string Status { get; init; }
    /// <summary>The start operation, e.g. "StartExpenseAnalysis".</summary>
    public string? API { get; init; }
    public string? JobTag { get; init; }
    /// <summary>Unix time in milliseconds.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Timestamp { get; init; }
    public NoticeDocumentLocation? DocumentLocation { get; init; }

    public DateTimeOffset? CompletedAt => Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public bool Succeeded => Status is TextractJobStatus.Succeeded or TextractJobStatus.PartialSuccess;

    /// <summary>Parses the notice; throws <see cref="FormatException"/> when it is not one.</summary>
    public static TextractCompletionNotice Parse(string json)
    {
        try
        {
            var notice = JsonSerializer.Deserialize(json, TextractJsonContext.Default.TextractCompletionNotice);
            return notice is { JobId.Length: > 0, Status.Length: > 0 }
                ? notice
                : throw new FormatException("The message is not a Textract completion notice (JobId and Status are required).");
        }
        catch (JsonException error)
        {
            throw new FormatException("The message is not a Textract completion notice: " + error.Message, error);
        }
    }
}

public sealed record NoticeDocumentLocation
{
    public string? S3ObjectName { get; init; }
    public string? S3Bucket { get; init; }
}
