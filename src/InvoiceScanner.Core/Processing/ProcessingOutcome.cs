namespace InvoiceScanner.Core.Processing;

/// <summary>
/// Removed: an object that was not the awaited upload (another key, no such invoice, written after its URL expired)
/// was deleted unread; logged as a warning.
/// </summary>
public enum OutcomeKind { Processed, Failed, Skipped, Removed }

/// <summary>What one function did with one S3 record; handlers return these so a run is self-explaining.</summary>
public sealed record ProcessingOutcome(string Key, OutcomeKind Kind, string Detail)
{
    public string? InvoiceId { get; init; }
    public string? Status { get; init; }
    public string? Code { get; init; }

    /// <summary>Pages the OCR engine read, and which engine (what the metrics count and price).</summary>
    public int? Pages { get; init; }
    public string? Engine { get; init; }

    /// <summary>Seconds the OCR engine took.</summary>
    public double? OcrSeconds { get; init; }

    /// <summary>Page images stored for people to look at, the seconds drawing them took, and why some are missing.</summary>
    public int? PageImages { get; init; }
    public double? PageImageSeconds { get; init; }
    public string? PageImageProblem { get; init; }

    /// <summary>This outcome with what drawing the pages came to (nothing when no page was drawn or tried).</summary>
    public ProcessingOutcome With(PageImagesWritten images) =>
        images == PageImagesWritten.None ? this
            : this with { PageImages = images.Count, PageImageSeconds = images.Seconds, PageImageProblem = images.Problem };

    /// <summary>Seconds from the upload request to this result (ExtractData's outcomes).</summary>
    public double? TimeToResultSeconds { get; init; }

    /// <summary>Tokens the Bedrock refiner read and wrote for this record (ExtractData's outcomes; priced by the metrics).</summary>
    public int? BedrockInputTokens { get; init; }
    public int? BedrockOutputTokens { get; init; }
}

/// <summary>What an S3-triggered function did with each record of one event (its invocation response).</summary>
public sealed record S3ProcessingSummary(IReadOnlyList<ProcessingOutcome> Outcomes);
