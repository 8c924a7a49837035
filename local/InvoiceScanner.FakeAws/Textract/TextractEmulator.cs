using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Files;
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

    private static S3Object? CheckDocument(Document document)
    {
        if ((document.S3Object is null) == (document.Bytes is null))
            throw InvalidParameter("Document must have exactly one of S3Object and Bytes.");
        if (document.S3Object is { } s3)
            CheckS3Object(s3, "document.s3Object");
        else if (document.Bytes!.Length == 0)
            throw Validation("document.bytes", "[]", "Member must have length greater than or equal to 1");
        return document.S3Object;
    }

    private void CheckSyncSize(long length)
    {
        if (length > _options.MaxSyncBytes)
            throw new FakeAwsException(400, "DocumentTooLargeException", $"S3 object size {length} is more than the maximum limit {_options.MaxSyncBytes}");
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

    // ------------------------------------------------------------------ StartExpenseAnalysis

    private async Task<FakeAwsResponse> StartExpenseAnalysisAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        var start = Parse(request, TextractJsonContext.Default.StartExpenseAnalysisRequest);
        var s3 = start.DocumentLocation.S3Object ?? throw InvalidParameter("DocumentLocation.S3Object is required.");
        CheckS3Object(s3, "documentLocation.s3Object");
        if (start.ClientRequestToken is { } token && !ClientRequestTokenPattern().IsMatch(token))
            throw Validation("clientRequestToken", token, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]+$");
        if (start.JobTag is { } tag && !JobTagPattern().IsMatch(tag))
            throw Validation("jobTag", tag, @"Member must satisfy regular expression pattern: [a-zA-Z0-9_.\-:]+");
        if (start.NotificationChannel is not { } channel)
            throw InvalidParameter("NotificationChannel (SNSTopicArn, RoleArn) is required: the local stack learns about finished jobs only through it.");
        if (!SnsTopicArnPattern().IsMatch(channel.SNSTopicArn))
            throw Validation("notificationChannel.sNSTopicArn", channel.SNSTopicArn, @"Member must satisfy regular expression pattern: (^arn:([a-z\d-]+):sns:[a-zA-Z\d-]{1,20}:\w{12}:.+$)");
        if (!RoleArnPattern().IsMatch(channel.RoleArn))
            throw Validation("notificationChannel.roleArn", channel.RoleArn, @"Member must satisfy regular expression pattern: arn:([a-z\d-]+):iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+");

        var fingerprint = string.Join('\n', s3.Bucket, s3.Name, s3.Version, start.JobTag, channel.SNSTopicArn, channel.RoleArn);
        if (start.ClientRequestToken is { } repeat && KnownToken(repeat, fingerprint) is { } existing)
            return Json(new StartExpenseAnalysisResponse { JobId = existing }, TextractJsonContext.Default.StartExpenseAnalysisResponse);

        var recorded = _fixtures?.ExpenseAnalysisJob(s3.Name);
        ReadOnlyMemory<byte> content = default;
        if (recorded is null)
        {
            content = (await ReadObjectAsync(s3, cancellationToken).ConfigureAwait(false)).Content;
            var kind = FileSniffer.Sniff(content.Span).Kind;
            var limit = kind is DocumentKind.Pdf or DocumentKind.Tiff ? _options.MaxAsyncBytes : _options.MaxSyncBytes;
            if (content.Length > limit)
                throw new FakeAwsException(400, "DocumentTooLargeException", $"S3 object size {content.Length} is more than the maximum limit {limit}");
        }

        Job job;
        lock (_gate)
        {
            // A concurrent start with the same token may have won while the object was read.
            if (start.ClientRequestToken is { } again && KnownToken(again, fingerprint) is { } raced)
                return Json(new StartExpenseAnalysisResponse { JobId = raced }, TextractJsonContext.Default.StartExpenseAnalysisResponse);
            if (_jobs.Values.Count(j => j.Status == TextractJobStatus.InProgress) >= _options.MaxPendingJobs)
                throw new FakeAwsException(400, "LimitExceededException", $"Too many open jobs: at most {_options.MaxPendingJobs} may run at once.");
            job = new Job(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), s3, start.JobTag, channel.SNSTopicArn, _clock.GetUtcNow());
            _jobs[job.JobId] = job;
            if (start.ClientRequestToken is { } fresh)
                _tokens[fresh] = (fingerprint, job.JobId, job.StartedAt);
        }

        var run = RunJobAsync(job, content, recorded);
        _running.TryAdd(run, 0);
        _ = run.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Json(new StartExpenseAnalysisResponse { JobId = job.JobId }, TextractJsonContext.Default.StartExpenseAnalysisResponse);
    }

    /// <summary>The job id an earlier start with this token got; a different request with the same token is refused, as Textract does.</summary>
    private string? KnownToken(string token, string fingerprint)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(token, out var known))
                return null;
            if (_clock.GetUtcNow() - known.At > _options.JobRetention)
            {
                _tokens.Remove(token);
                return null;
            }
            return known.Fingerprint == fingerprint
                ? known.JobId
                : throw new FakeAwsException(400, "IdempotentParameterMismatchException",
                    "A ClientRequestToken input parameter was reused with an operation, but at least one of the other input parameters is different from the previous call to the operation.");
        }
    }

    private async Task RunJobAsync(Job job, ReadOnlyMemory<byte> content, GetExpenseAnalysisResponse? recorded)
    {
        await Task.Yield();
        var stopping = _stopping.Token;
        try
        {
            await _slots.WaitAsync(stopping).ConfigureAwait(false);
            try
            {
                if (_options.BeforeJobRuns is { } gate)
                    await gate(job.JobId, stopping).ConfigureAwait(false);
                if (recorded is not null)
                {
                    if (recorded.JobStatus is TextractJobStatus.Failed)
                        job.Fail(recorded.StatusMessage ?? "The recorded job failed.", _clock.GetUtcNow());
                    else
                        job.Succeed(recorded.ExpenseDocuments ?? [], recorded.DocumentMetadata?.Pages ?? recorded.ExpenseDocuments?.Count ?? 0, recorded.Warnings, _clock.GetUtcNow());
                }
                else
                {
                    var analysis = await _analyzer.AnalyzeAsync(content, synchronous: false, stopping).ConfigureAwait(false);
                    job.Succeed(ExpenseResponseBuilder.Build(analysis), analysis.Ocr.Pages.Count, null, _clock.GetUtcNow());
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Fail("The fake Textract stopped before the job finished.", _clock.GetUtcNow());
            return;
        }
        catch (FakeAwsException error)
        {
            job.Fail(error.Message, _clock.GetUtcNow());
        }
        catch (Exception error)
        {
            job.Fail($"InternalServerError: {error.GetType().Name}: {error.Message}", _clock.GetUtcNow());
        }
        await PublishAsync(job, stopping).ConfigureAwait(false);
    }

    private async Task PublishAsync(Job job, CancellationToken cancellationToken)
    {
        var notification = new SnsNotification(job.TopicArn, Guid.NewGuid().ToString(), null, CompletionNotice(job), _clock.GetUtcNow());
        _notifications.Enqueue(notification);
        if (_options.PublishNotification is not { } publish)
            return;
        try
        {
            await publish(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            try
            {
                _options.OnPublishFailed?.Invoke(notification, error);
            }
            catch (Exception)
            {
                // Reporting must not take the job runner down.
            }
        }
    }

    /// <summary>{"JobId","Status","API","JobTag","Timestamp","DocumentLocation":{"S3ObjectName","S3Bucket"}}, in Textract's order.</summary>
    private string CompletionNotice(Job job)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("JobId", job.JobId);
            writer.WriteString("Status", job.Status);
            writer.WriteString("API", "StartExpenseAnalysis");
            if (job.JobTag is not null)
                writer.WriteString("JobTag", job.JobTag);
            writer.WriteNumber("Timestamp", (job.FinishedAt ?? _clock.GetUtcNow()).ToUnixTimeMilliseconds());
            writer.WriteStartObject("DocumentLocation");
            writer.WriteString("S3ObjectName", job.Document.Name);
            writer.WriteString("S3Bucket", job.Document.Bucket);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // ------------------------------------------------------------------ GetExpenseAnalysis

    private FakeAwsResponse GetExpenseAnalysis(FakeAwsRequest request)
    {
        var get = Parse(request, TextractJsonContext.Default.GetExpenseAnalysisRequest);
        if (get.MaxResults is < 1)
            throw Validation("maxResults", get.MaxResults.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        if (!_jobs.TryGetValue(get.JobId, out var job) || _clock.GetUtcNow() - job.StartedAt > _options.JobRetention)
            throw new FakeAwsException(400, "InvalidJobIdException", "An invalid job identifier was passed.");

        var (status, documents, pages, warnings, message) = job.Snapshot();
        if (status == TextractJobStatus.InProgress)
            return Json(new GetExpenseAnalysisResponse { JobStatus = status, AnalyzeExpenseModelVersion = ModelVersion }, TextractJsonContext.Default.GetExpenseAnalysisResponse);
        if (status == TextractJobStatus.Failed)
        {
            return Json(new GetExpenseAnalysisResponse { JobStatus = status, StatusMessage = message, AnalyzeExpenseModelVersion = ModelVersion },
                TextractJsonContext.Default.GetExpenseAnalysisResponse);
        }

        var offset = get.NextToken is { } token ? ReadToken(token, job.JobId, documents.Count) : 0;
        var size = Math.Min(get.MaxResults ?? DefaultMaxResults, DefaultMaxResults);
        var page = documents.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < documents.Count ? WriteToken(job.JobId, offset + page.Count) : null;
        return Json(new GetExpenseAnalysisResponse
        {
            DocumentMetadata = new DocumentMetadata { Pages = pages },
            JobStatus = status,
            NextToken = next,
            ExpenseDocuments = page,
            Warnings = offset == 0 ? warnings : null,
            AnalyzeExpenseModelVersion = ModelVersion,
        }, TextractJsonContext.Default.GetExpenseAnalysisResponse);
    }

    private static string WriteToken(string jobId, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{jobId}:{offset}"));

    private static int ReadToken(string token, string jobId, int count)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var at = text.LastIndexOf(':');
            if (at > 0 && text[..at] == jobId && int.TryParse(text[(at + 1)..], out var offset) && offset > 0 && offset < count)
                return offset;
        }
        catch (FormatException)
        {
        }
        throw InvalidParameter("NextToken is not a token this job returned.");
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

    private static void CheckS3Object(S3Object s3, string path)
    {
        if (!BucketPattern().IsMatch(s3.Bucket))
            throw Validation(path + ".bucket", s3.Bucket, "Member must satisfy regular expression pattern: [0-9A-Za-z\\.\\-_]*");
        if (s3.Name.Length is < 1 or > 1024)
            throw Validation(path + ".name", s3.Name, "Member must have length between 1 and 1024");
    }

    private static FakeAwsException InvalidParameter(string detail) =>
        new(400, "InvalidParameterException", "Request has invalid parameters: " + detail);

    private static FakeAwsException Validation(string member, string value, string constraint) =>
        new(400, "ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

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

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex ClientRequestTokenPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-:]{1,64}$")]
    private static partial Regex JobTagPattern();

    [GeneratedRegex(@"^arn:([a-z\d-]+):sns:[a-zA-Z\d-]{1,20}:\w{12}:.+$")]
    private static partial Regex SnsTopicArnPattern();

    [GeneratedRegex(@"^arn:([a-z\d-]+):iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[0-9A-Za-z\.\-_]{1,255}$")]
    private static partial Regex BucketPattern();

    /// <summary>One StartExpenseAnalysis job; its result is set once.</summary>
    private sealed class Job(string jobId, S3Object document, string? jobTag, string topicArn, DateTimeOffset startedAt)
    {
        private readonly Lock _gate = new();
        private IReadOnlyList<ExpenseDocument> _documents = [];
        private IReadOnlyList<Warning>? _warnings;
        private int _pages;
        private string? _message;

        public string JobId { get; } = jobId;
        public S3Object Document { get; } = document;
        public string? JobTag { get; } = jobTag;
        public string TopicArn { get; } = topicArn;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset? FinishedAt { get; private set; }
        public string Status { get; private set; } = TextractJobStatus.InProgress;

        public void Succeed(IReadOnlyList<ExpenseDocument> documents, int pages, IReadOnlyList<Warning>? warnings, DateTimeOffset at)
        {
            lock (_gate)
            {
                (_documents, _pages, _warnings) = (documents, pages, warnings);
                FinishedAt = at;
                Status = TextractJobStatus.Succeeded;
            }
        }

        public void Fail(string message, DateTimeOffset at)
        {
            lock (_gate)
            {
                _message = message;
                FinishedAt = at;
                Status = TextractJobStatus.Failed;
            }
        }

        public (string Status, IReadOnlyList<ExpenseDocument> Documents, int Pages, IReadOnlyList<Warning>? Warnings, string? Message) Snapshot()
        {
            lock (_gate)
                return (Status, _documents, _pages, _warnings, _message);
        }
    }
}
