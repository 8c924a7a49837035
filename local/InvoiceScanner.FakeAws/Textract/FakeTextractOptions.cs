using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// How the fake Textract answers operations that no scripted route or fixture answers: it reads the S3 object through
/// <see cref="Objects"/>, recognises it with <see cref="OcrEngine"/> (default: <see cref="LocalOcrEngine"/> with
/// <see cref="Ocr"/>), extracts fields with <see cref="Extractor"/> (default: the rules engine) and shapes the result as
/// AnalyzeExpense does. Asynchronous jobs end by calling <see cref="PublishNotification"/>.
/// </summary>
public sealed record FakeTextractOptions
{
    /// <summary>Where S3 documents are read; null = every S3 document is missing (InvalidS3ObjectException) unless a fixture answers.</summary>
    public IS3ObjectReader? Objects { get; init; }

    /// <summary>The OCR engine; null = <see cref="LocalOcrEngine"/> with <see cref="Ocr"/>.</summary>
    public IOcrEngine? OcrEngine { get; init; }

    /// <summary>Settings of the default <see cref="LocalOcrEngine"/>; null = <c>new LocalOcrOptions()</c>.</summary>
    public LocalOcrOptions? Ocr { get; init; }

    /// <summary>Turns the OCR into summary fields and line items; null = <c>LocalInvoiceExtractor</c>.</summary>
    public IInvoiceExtractor? Extractor { get; init; }

    public ExtractionOptions Extraction { get; init; } = ExtractionOptions.Default;

    /// <summary>
    /// Called once per finished StartExpenseAnalysis job with the SNS notification Textract would publish to the job's
    /// NotificationChannel.SNSTopicArn. Null = notices are only recorded (<see cref="FakeAwsServer.Notifications"/>).
    /// Exceptions are reported to <see cref="OnPublishFailed"/> and do not change the job's result.
    /// </summary>
    public Func<SnsNotification, CancellationToken, Task>? PublishNotification { get; init; }

    public Action<SnsNotification, Exception>? OnPublishFailed { get; init; }

    /// <summary>
    /// Awaited by each job before its analysis starts (with the job id); lets a test hold a job IN_PROGRESS without
    /// timing. Null = jobs start as soon as a slot is free.
    /// </summary>
    public Func<string, CancellationToken, Task>? BeforeJobRuns { get; init; }

    /// <summary>Jobs analysed at once; the rest wait (still IN_PROGRESS).</summary>
    public int MaxConcurrentJobs { get; init; } = 1;

    /// <summary>Unfinished jobs accepted before StartExpenseAnalysis answers LimitExceededException.</summary>
    public int MaxPendingJobs { get; init; } = 100;

    /// <summary>Textract's synchronous limit (and the async limit for images).</summary>
    public long MaxSyncBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Textract's asynchronous limit for PDF and TIFF.</summary>
    public long MaxAsyncBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>How long a job's results can be read (Textract: 7 days).</summary>
    public TimeSpan JobRetention { get; init; } = TimeSpan.FromDays(7);

    internal void Validate()
    {
        if (MaxConcurrentJobs < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentJobs), MaxConcurrentJobs, "must be at least 1");
        if (MaxPendingJobs < 1) throw new ArgumentOutOfRangeException(nameof(MaxPendingJobs), MaxPendingJobs, "must be at least 1");
        if (MaxSyncBytes < 1 || MaxAsyncBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxSyncBytes), "size limits must be positive");
    }
}
