namespace InvoiceScanner.Core.Ports;

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

    /// <summary>Removes the object; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the object over itself (same bytes and content type), so that its creation is announced again
    /// (S3 ObjectCreated:Copy) and the function it triggers runs as it did for the original write.
    /// </summary>
    Task TouchAsync(string key, CancellationToken cancellationToken);
}
