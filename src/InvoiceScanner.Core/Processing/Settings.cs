namespace InvoiceScanner.Core.Processing;

public sealed record UploadSettings
{
    public TimeSpan UrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest file an upload URL accepts: its Content-Length is signed, so S3 refuses any other size.</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Each user's upload requests per minute and per day (0: no limit). A runaway script or a leaked token then costs
    /// a bounded number of OCR runs, not the account's Lambda and Textract budget.
    /// </summary>
    public int UploadsPerMinute { get; init; } = 30;

    public int UploadsPerDay { get; init; } = 1000;

    /// <summary>The windows with a limit (0 means none).</summary>
    public IReadOnlyList<Ports.QuotaWindow> QuotaWindows =>
    [
        .. new Ports.QuotaWindow[] { new("minute", TimeSpan.FromMinutes(1), UploadsPerMinute), new("day", TimeSpan.FromDays(1), UploadsPerDay) }
            .Where(window => window.Limit > 0),
    ];
}

/// <summary>When the sweeper ends an invoice nobody finishes.</summary>
public sealed record SweepSettings
{
    /// <summary>
    /// An invoice in work (or waiting for the event that starts the next step) this long after its last change is
    /// FAILED PROCESSING_STALLED: well past the functions' time limits and Lambda's retries of an event.
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Invoices examined in one run; the next run takes the rest.</summary>
    public int MaxPerRun { get; init; } = 1000;
}

public sealed record ProcessingSettings
{
    /// <summary>The function doing the work (AWS_LAMBDA_FUNCTION_NAME), named in the invoice's history.</summary>
    public string FunctionName { get; init; } = "local";

    public Review.Actor Actor => Review.Actor.Function(FunctionName);

    /// <summary>Largest upload read (Textract's synchronous limit is 10 MB too).</summary>
    public long MaxUploadBytes { get; init; } = UploadSettings.DefaultMaxUploadBytes;

    /// <summary>
    /// How long an object announced by an event may take to become readable before the invoice is FAILED with
    /// FILE_MISSING (S3 reads after writes consistently, so only a stray or forged event waits this long).
    /// </summary>
    public TimeSpan ObjectWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a claim holds before a redelivered event may take the invoice over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts at one step before the invoice is FAILED instead of released for another retry: Lambda's asynchronous
    /// invocation makes 3 (MaximumRetryAttempts 2 in template.yaml); after that the event only reaches the
    /// on-failure queue, and the invoice would otherwise wait in PROCESSING/EXTRACTING for ever.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;
}
