using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.S3;

/// <summary>Presigned PUT URLs for one key each; the client must send the signed Content-Type.</summary>
public sealed class S3UploadUrlSigner(IAmazonS3 s3, string bucketName, Uri? endpoint) : IUploadUrlSigner
{
    public PresignedUpload CreateUploadUrl(string key, string contentType, DateTimeOffset expiresAt)
    {
        var url = s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = bucketName,
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = expiresAt.UtcDateTime,
            ContentType = contentType,
            // The SDK presigns https unless told otherwise, even for an http endpoint override.
            Protocol = endpoint?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new PresignedUpload(new Uri(url), "PUT", new Dictionary<string, string> { ["Content-Type"] = contentType }, expiresAt);
    }
}
