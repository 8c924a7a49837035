using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Files;

namespace InvoiceScanner.FakeAws;

// The asynchronous expense API: starting jobs, running them, announcing their end and paging their results.
internal sealed partial class TextractEmulator
{
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
}
