using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.S3;

/// <summary><see cref="IObjectStore"/> on one S3 bucket.</summary>
public sealed class S3ObjectStore(IAmazonS3 s3, string bucketName) : IObjectStore
{
    public string BucketName => bucketName;

    public async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucketName, Key = key }, cancellationToken);
            return new ObjectInfo(head.ContentLength, head.Headers.ContentType);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            // Stop at maxBytes: the caller rejects anything larger, so reading the rest would be waste.
            while (buffer.Length < maxBytes
                   && (read = await response.ResponseStream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes - buffer.Length)), cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
            return new StoredObject(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.Headers.ContentType, response.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucketName,
            Key = key,
            InputStream = new MemoryStream(content.ToArray(), writable: false),
            ContentType = contentType,
            // aws-chunked bodies are stored verbatim by S3 emulators; a plain body works everywhere.
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);

    public async Task<ObjectKeyPage> ListAsync(string prefix, string? continuation, int max, CancellationToken cancellationToken)
    {
        // ListObjects (v1) goes on after a key (Marker), which is the page's last key. v2's continuation token cannot be
        // used locally: s3rver makes it with a DES cipher that the OpenSSL 3 of current Node no longer offers.
        var response = await s3.ListObjectsAsync(new ListObjectsRequest
        {
            BucketName = bucketName,
            Prefix = prefix,
            Marker = continuation,
            MaxKeys = max,
        }, cancellationToken);
        var keys = (response.S3Objects ?? []).Select(o => o.Key).ToList();
        return new ObjectKeyPage(keys, response.IsTruncated == true && keys.Count > 0 ? keys[^1] : null);
    }

    public async Task TouchAsync(string key, CancellationToken cancellationToken)
    {
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucketName, Key = key }, cancellationToken);
        var request = new CopyObjectRequest
        {
            SourceBucket = bucketName,
            SourceKey = key,
            DestinationBucket = bucketName,
            DestinationKey = key,
            // S3 refuses a copy onto itself that changes nothing; new metadata (the time of the request) is the change.
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = head.Headers.ContentType,
        };
        foreach (var name in head.Metadata.Keys)
            request.Metadata[name] = head.Metadata[name];
        request.Metadata["reprocessed-at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await s3.CopyObjectAsync(request, cancellationToken);
    }
}
