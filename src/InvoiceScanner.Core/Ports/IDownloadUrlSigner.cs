namespace InvoiceScanner.Core.Ports;

/// <summary>What one download URL allows: reading the object at <see cref="Key"/> until <see cref="ExpiresAt"/>, saved as <see cref="FileName"/>.</summary>
public sealed record DownloadGrant(string Key, DateTimeOffset ExpiresAt, string? FileName = null);

/// <summary>Hands out a URL that reads one object without credentials of its own (e.g. a large export).</summary>
public interface IDownloadUrlSigner
{
    Uri CreateDownloadUrl(DownloadGrant grant);
}
