namespace InvoiceScanner.Core.Ports;

public sealed record PresignedUpload(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>What one upload URL allows: one object at <see cref="Key"/>, of exactly <see cref="Size"/> bytes, until <see cref="ExpiresAt"/>.</summary>
public sealed record UploadGrant(string Key, string ContentType, long Size, DateTimeOffset ExpiresAt);

/// <summary>Hands out a URL the client uploads one object to, without credentials of its own.</summary>
public interface IUploadUrlSigner
{
    /// <summary>
    /// A URL whose signature covers the content type, the size and "If-None-Match: *" (S3 refuses a write to a key
    /// that exists), so it writes one object of that size, once. <see cref="PresignedUpload.Headers"/> are what the
    /// client must send.
    /// </summary>
    PresignedUpload CreateUploadUrl(UploadGrant grant);
}
