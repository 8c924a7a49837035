using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Ports;

/// <summary>What an OCR engine reads: the stored object's key (Textract reads it from S3 itself) and its bytes.</summary>
public sealed record OcrInput(string Bucket, string Key, DocumentKind Kind, ReadOnlyMemory<byte> Content);

/// <summary>
/// Turns a document into the normalised <see cref="OcrDocument"/>. Throws <see cref="DocumentRejectedException"/>
/// when the document itself is the problem (unreadable, no text); other exceptions are treated as transient.
/// </summary>
public interface IOcrEngine
{
    string Name { get; }
    Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken);
}

public sealed record StoredObject(ReadOnlyMemory<byte> Content, string? ContentType, long Size);

public sealed record ObjectInfo(long Size, string? ContentType);

/// <summary>The document bucket. Keys are full object keys (see <see cref="Storage.ObjectKeys"/>).</summary>
public interface IObjectStore
{
    string BucketName { get; }
    Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken);
    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the object does not exist.</summary>
    Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken);
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);
}

public sealed record PresignedUpload(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

public interface IUploadUrlSigner
{
    PresignedUpload CreateUploadUrl(string key, string contentType, DateTimeOffset expiresAt);
}

/// <summary>
/// An engine that reads some documents (e.g. multi-page PDFs on Textract) as a job: ProcessInvoice starts it
/// and the engine's own completion notice brings the result back, so no function sleeps while it runs.
/// </summary>
public interface IAsyncOcrEngine : IOcrEngine
{
    bool RequiresAsync(OcrInput input);

    /// <summary>Starts the job; idempotent per invoice id. Returns the job id.</summary>
    Task<string> StartAsync(OcrInput input, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Collects a finished job's result.</summary>
    Task<OcrDocument> CompleteAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>An engine's notice that an asynchronous job ended, naming the uploaded object it read.</summary>
public sealed record OcrJobCompletion(string JobId, bool Succeeded, string Bucket, string Key, string? StatusMessage = null);
