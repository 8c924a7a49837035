using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Extraction;
using InvoiceScanner.Ocr;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Textract's expense operations on local engines: AnalyzeExpense (sync, one page), StartExpenseAnalysis (a job run in
/// the background, bounded, idempotent per ClientRequestToken, ending with an SNS notice) and GetExpenseAnalysis
/// (paged by MaxResults/NextToken), plus DetectDocumentText. Answers null for operations it does not implement.
/// </summary>
internal sealed partial class TextractEmulator : IAsyncDisposable
{
    public const string ModelVersion = "1.0";
    private const int DefaultMaxResults = 20;

    private readonly FakeTextractOptions _options;
    private readonly FakeAwsFixtures? _fixtures;
    private readonly TimeProvider _clock;
    private readonly ExpenseAnalyzer _analyzer;
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, string JobId, DateTimeOffset At)> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentQueue<SnsNotification> _notifications = new();
    private int _disposed;

    public TextractEmulator(FakeTextractOptions options, FakeAwsFixtures? fixtures, TimeProvider clock)
    {
        options.Validate();
        _options = options;
        _fixtures = fixtures;
        _clock = clock;
        _slots = new SemaphoreSlim(options.MaxConcurrentJobs);
        var ocr = options.OcrEngine ?? new LocalOcrEngine(options.Ocr ?? new LocalOcrOptions());
        _analyzer = new ExpenseAnalyzer(ocr, options.Extractor ?? new LocalInvoiceExtractor(), options.Extraction);
    }

    public IReadOnlyList<SnsNotification> Notifications => _notifications.ToArray();

    public async Task<FakeAwsResponse?> HandleAsync(FakeAwsRequest request, CancellationToken cancellationToken) => request.Operation switch
    {
        "AnalyzeExpense" => await AnalyzeExpenseAsync(request, cancellationToken).ConfigureAwait(false),
        "StartExpenseAnalysis" => await StartExpenseAnalysisAsync(request, cancellationToken).ConfigureAwait(false),
        "GetExpenseAnalysis" => GetExpenseAnalysis(request),
        "DetectDocumentText" => await DetectDocumentTextAsync(request, cancellationToken).ConfigureAwait(false),
        _ => null,
    };

    // ------------------------------------------------------------------ AnalyzeExpense / DetectDocumentText

    private async Task<FakeAwsResponse> AnalyzeExpenseAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        var document = Parse(request, TextractJsonContext.Default.AnalyzeExpenseRequest).Document;
        var s3 = CheckDocument(document);
        if (s3 is not null && _fixtures?.AnalyzeExpense(s3.Name) is { } recorded)
            return recorded;

        var content = await ReadDocumentAsync(document, s3, cancellationToken).ConfigureAwait(false);
        CheckSyncSize(content.Length);
        var analysis = await _analyzer.AnalyzeAsync(content, synchronous: true, cancellationToken).ConfigureAwait(false);
        return Json(new AnalyzeExpenseResponse
        {
            DocumentMetadata = new DocumentMetadata { Pages = analysis.Ocr.Pages.Count },
            ExpenseDocuments = ExpenseResponseBuilder.Build(analysis),
        }, TextractJsonContext.Default.AnalyzeExpenseResponse);
    }

    private async Task<FakeAwsResponse> DetectDocumentTextAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        var document = Parse(request, TextractJsonContext.Default.DetectDocumentTextRequest).Document;
        var s3 = CheckDocument(document);
        var content = await ReadDocumentAsync(document, s3, cancellationToken).ConfigureAwait(false);
        CheckSyncSize(content.Length);
        var analysis = await _analyzer.AnalyzeAsync(content, synchronous: true, cancellationToken).ConfigureAwait(false);
        return Json(new DetectDocumentTextResponse
        {
            DocumentMetadata = new DocumentMetadata { Pages = analysis.Ocr.Pages.Count },
            Blocks = ExpenseResponseBuilder.TextBlocks(analysis),
            DetectDocumentTextModelVersion = ModelVersion,
        }, TextractJsonContext.Default.DetectDocumentTextResponse);
    }

    private async Task<ReadOnlyMemory<byte>> ReadDocumentAsync(Document document, S3Object? s3, CancellationToken cancellationToken)
    {
        if (s3 is null)
            return document.Bytes!;
        return (await ReadObjectAsync(s3, cancellationToken).ConfigureAwait(false)).Content;
    }

    private async Task<S3ObjectContent> ReadObjectAsync(S3Object s3, CancellationToken cancellationToken)
    {
        var found = _options.Objects is { } reader
            ? await reader.GetObjectAsync(s3.Bucket, s3.Name, s3.Version, cancellationToken).ConfigureAwait(false)
            : null;
        return found ?? throw new FakeAwsException(400, "InvalidS3ObjectException",
            "Unable to get object metadata from S3. Check object key, region and/or access permissions." +
            (_options.Objects is null ? " (The fake has no S3 reader configured.)" : ""));
    }

    // ------------------------------------------------------------------ helpers

    private static T Parse<T>(FakeAwsRequest request, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(request.Body, type) ?? throw InvalidParameter("The request body is JSON null.");
        }
        catch (JsonException error)
        {
            throw new FakeAwsException(400, "SerializationException", $"The request body is not a valid {typeof(T).Name}: {error.Message}");
        }
    }

    private static FakeAwsResponse Json<T>(T value, JsonTypeInfo<T> type) => FakeAwsResponse.Json(JsonSerializer.Serialize(value, type));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Keys.ToArray()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each job records its own failure.
        }
        _stopping.Dispose();
        _slots.Dispose();
    }
}
