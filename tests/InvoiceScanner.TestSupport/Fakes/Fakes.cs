using System.Collections.Concurrent;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

public sealed class InMemoryObjectStore(string bucketName = "invoicescanner-local") : IObjectStore
{
    public ConcurrentDictionary<string, (byte[] Content, string ContentType)> Objects { get; } = new();

    public string BucketName => bucketName;

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(key, out var o) ? new ObjectInfo(o.Content.Length, o.ContentType) : null);

    public Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(key, out var o)
            ? new StoredObject(o.Content.AsMemory(0, (int)Math.Min(maxBytes, o.Content.Length)), o.ContentType, o.Content.Length)
            : null);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        Objects[key] = (content.ToArray(), contentType);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<ObjectKeyPage> ListAsync(string prefix, string? continuation, int max, CancellationToken cancellationToken)
    {
        // The continuation is the last key returned, as S3's StartAfter would take it.
        var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)
                && (continuation is null || string.CompareOrdinal(k, continuation) > 0))
            .Order(StringComparer.Ordinal).Take(max + 1).ToList();
        var page = keys.Take(max).ToList();
        return Task.FromResult(new ObjectKeyPage(page, keys.Count > max ? page[^1] : null));
    }

    /// <summary>The keys written over themselves, in order (each would raise an ObjectCreated:Copy event).</summary>
    public ConcurrentQueue<string> Touched { get; } = new();

    public Task TouchAsync(string key, CancellationToken cancellationToken)
    {
        if (!Objects.ContainsKey(key))
            throw new InvalidOperationException($"no object {key}");
        Touched.Enqueue(key);
        return Task.CompletedTask;
    }
}

public sealed class FakeUploadUrlSigner : IUploadUrlSigner
{
    public PresignedUpload CreateUploadUrl(UploadGrant grant) =>
        new(new Uri("http://127.0.0.1:4569/invoicescanner-local/" + Uri.EscapeDataString(grant.Key).Replace("%2F", "/") + "?X-Amz-Signature=fake"),
            "PUT", new Dictionary<string, string>
            {
                ["Content-Type"] = grant.ContentType,
                ["Content-Length"] = grant.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["If-None-Match"] = "*",
            }, grant.ExpiresAt);
}

/// <summary>An OCR engine that returns a fixed document, or runs the given behaviour.</summary>
public sealed class ScriptedOcrEngine(Func<OcrInput, CancellationToken, Task<OcrDocument>> behaviour) : IOcrEngine
{
    public int Calls { get; private set; }

    public string Name => "scripted";

    /// <summary>Plays a managed service billed per page (Textract).</summary>
    public bool PaidPerPage { get; init; }

    public static ScriptedOcrEngine Returning(params string[] lines) => new((_, _) => Task.FromResult(Documents.FromLines(lines)));

    public Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        Calls++;
        return behaviour(input, cancellationToken);
    }
}

public sealed class ScriptedExtractor(Func<OcrDocument, ExtractionResult> behaviour) : IInvoiceExtractor
{
    public int Calls { get; private set; }

    public Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions options, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(behaviour(document));
    }
}

public static class Documents
{
    /// <summary>A one-page document with one line per string, stacked top to bottom.</summary>
    public static OcrDocument FromLines(params string[] lines) => new("scripted",
    [
        new OcrPage(1, 612, 792, lines.Select((text, i) =>
        {
            var box = new BoundingBox(0.1, 0.05 + i * 0.03, 0.5, 0.02);
            return new OcrLine(text, box, 0.99, [new OcrWord(text, box, 0.99)]);
        }).ToList()),
    ]);

    public static ExtractionResult Result(decimal total, string currency, params ReviewReason[] reasons) => new(
        new InvoiceFields
        {
            Total = new Field<decimal>(total, total.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.95),
            Currency = new Field<string>(currency, currency, 0.9),
            InvoiceNumber = new Field<string>("INV-1", "INV-1", 0.9),
        },
        [],
        reasons,
        0.9,
        "scripted");
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>An engine that reads PDFs as jobs (like Textract's multi-page path) and images at once.</summary>
public sealed class ScriptedAsyncOcrEngine(OcrDocument result) : IAsyncOcrEngine
{
    public List<(string JobId, string InvoiceId)> Started { get; } = [];
    public int Completions { get; private set; }

    public string Name => "scripted-async";

    public bool RequiresAsync(OcrInput input) => input.Kind == InvoiceScanner.Core.Files.DocumentKind.Pdf;

    public Task<string> StartAsync(OcrInput input, string invoiceId, CancellationToken cancellationToken)
    {
        var jobId = "job-" + invoiceId;
        Started.Add((jobId, invoiceId));
        return Task.FromResult(jobId);
    }

    /// <summary>Reads notices in Textract's shape (JobId, Status, DocumentLocation), as the sample SNS event carries.</summary>
    public OcrJobCompletion ReadCompletionNotice(string message)
    {
        try
        {
            using var notice = System.Text.Json.JsonDocument.Parse(message);
            var root = notice.RootElement;
            var location = root.GetProperty("DocumentLocation");
            var status = root.GetProperty("Status").GetString();
            return new OcrJobCompletion(root.GetProperty("JobId").GetString()!, status == "SUCCEEDED",
                location.GetProperty("S3Bucket").GetString()!, location.GetProperty("S3ObjectName").GetString()!, status);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not a job notice: " + e.Message, e);
        }
    }

    /// <summary>When set, collecting a job's result throws this (a transient service error, say).</summary>
    public Exception? CompletionError { get; set; }

    public Task<OcrDocument> CompleteAsync(string jobId, CancellationToken cancellationToken)
    {
        Completions++;
        return CompletionError is { } error ? Task.FromException<OcrDocument>(error) : Task.FromResult(result);
    }

    public Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken) => Task.FromResult(result);
}

/// <summary>Upload counters in memory, with the same windows as the DynamoDB adapter.</summary>
public sealed class InMemoryUploadQuota : IUploadQuota
{
    private readonly Dictionary<(string User, string Window, long Start), int> _counts = [];
    private readonly Lock _gate = new();

    public Task<QuotaRefusal?> TryTakeAsync(string userId, DateTimeOffset at, IReadOnlyList<QuotaWindow> windows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long Start(QuotaWindow w) => (at - DateTimeOffset.UnixEpoch).Ticks / w.Window.Ticks;
            foreach (var window in windows)
            {
                if (_counts.GetValueOrDefault((userId, window.Name, Start(window))) >= window.Limit)
                    return Task.FromResult<QuotaRefusal?>(new QuotaRefusal(window,
                        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((Start(window) + 1) * window.Window.Ticks)));
            }
            foreach (var window in windows)
                _counts[(userId, window.Name, Start(window))] = _counts.GetValueOrDefault((userId, window.Name, Start(window))) + 1;
            return Task.FromResult<QuotaRefusal?>(null);
        }
    }
}
