using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.S3;

/// <summary>
/// Presigned GET URLs for one key each (e.g. a large export). When a file name is given, S3 answers with it as an
/// attachment, so a browser or <c>curl -OJ</c> saves it under that name rather than the object's id.
/// </summary>
public sealed class S3DownloadUrlSigner(IAmazonS3 s3, string bucketName, Uri? endpoint) : IDownloadUrlSigner
{
    public Uri CreateDownloadUrl(DownloadGrant grant)
    {
        var request = Presign(bucketName, grant.Key, HttpVerb.GET, grant.ExpiresAt, endpoint);
        if (grant.FileName is { } fileName)
            request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return new Uri(s3.GetPreSignedURL(request));
    }

    /// <summary>The request every presigned URL of ours starts from: one key, one verb, until the expiry.</summary>
    internal static GetPreSignedUrlRequest Presign(string bucketName, string key, HttpVerb verb, DateTimeOffset expiresAt, Uri? endpoint) => new()
    {
        BucketName = bucketName,
        Key = key,
        Verb = verb,
        Expires = expiresAt.UtcDateTime,
        // The SDK presigns https unless told otherwise, even for an http endpoint override.
        Protocol = endpoint?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
    };
}
