using System.Globalization;
using Amazon.S3;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.S3;

/// <summary>
/// Presigned PUT URLs for one key each. The signature covers Content-Type, Content-Length and If-None-Match: *, so S3
/// refuses another size (403) and a second write to the key (412): the client must send exactly these headers.
/// </summary>
public sealed class S3UploadUrlSigner(IAmazonS3 s3, string bucketName, Uri? endpoint) : IUploadUrlSigner
{
    public PresignedUpload CreateUploadUrl(UploadGrant grant)
    {
        var request = S3DownloadUrlSigner.Presign(bucketName, grant.Key, HttpVerb.PUT, grant.ExpiresAt, endpoint);
        request.ContentType = grant.ContentType;
        request.Headers.ContentLength = grant.Size;
        request.Headers["If-None-Match"] = "*";
        var url = s3.GetPreSignedURL(request);
        return new PresignedUpload(new Uri(url), "PUT", new Dictionary<string, string>
        {
            ["Content-Type"] = grant.ContentType,
            ["Content-Length"] = grant.Size.ToString(CultureInfo.InvariantCulture),
            ["If-None-Match"] = "*",
        }, grant.ExpiresAt);
    }
}
