using System.Collections.Concurrent;

namespace InvoiceScanner.FakeAws;

/// <summary>An object as Textract would read it from S3.</summary>
public sealed record S3ObjectContent(ReadOnlyMemory<byte> Content, string? ContentType = null);

/// <summary>
/// Where the fake Textract reads <c>Document.S3Object</c> / <c>DocumentLocation.S3Object</c> from. Returns null when
/// the bucket or key does not exist (the fake answers InvalidS3ObjectException, as Textract does).
/// </summary>
public interface IS3ObjectReader
{
    Task<S3ObjectContent?> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);
}

/// <summary>Objects held in memory, by bucket and key (versions ignored).</summary>
public sealed class InMemoryS3ObjectReader : IS3ObjectReader
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), S3ObjectContent> _objects = new();

    public InMemoryS3ObjectReader Put(string bucket, string key, ReadOnlyMemory<byte> content, string? contentType = null)
    {
        _objects[(bucket, key)] = new S3ObjectContent(content.ToArray(), contentType);
        return this;
    }

    public bool Remove(string bucket, string key) => _objects.TryRemove((bucket, key), out _);

    public Task<S3ObjectContent?> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.GetValueOrDefault((bucket, key)));
}
