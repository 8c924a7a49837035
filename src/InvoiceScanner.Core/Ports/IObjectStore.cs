namespace InvoiceScanner.Core.Ports;

public sealed record StoredObject(ReadOnlyMemory<byte> Content, string? ContentType, long Size);

public sealed record ObjectInfo(long Size, string? ContentType);

/// <summary>One page of keys under a prefix; <see cref="Next"/> (the page's last key) continues the listing (null: no more).</summary>
public sealed record ObjectKeyPage(IReadOnlyList<string> Keys, string? Next);

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
    /// Up to <paramref name="max"/> keys under <paramref name="prefix"/> in key order, from where <paramref name="continuation"/>
    /// (a previous page's <see cref="ObjectKeyPage.Next"/>) left off.
    /// </summary>
    Task<ObjectKeyPage> ListAsync(string prefix, string? continuation, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the object over itself (same bytes and content type), so that its creation is announced again
    /// (S3 ObjectCreated:Copy) and the function it triggers runs as it did for the original write.
    /// </summary>
    Task TouchAsync(string key, CancellationToken cancellationToken);
}
