namespace InvoiceScanner.Core.Ports;

public sealed record PresignedUpload(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>Hands out a URL the client uploads one object to, without credentials of its own.</summary>
public interface IUploadUrlSigner
{
    PresignedUpload CreateUploadUrl(string key, string contentType, DateTimeOffset expiresAt);
}
