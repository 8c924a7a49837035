using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Reads objects from an S3 endpoint with AWSSDK.S3: by default the local s3rver (path-style addressing, its fixed
/// credentials S3RVER/S3RVER). Objects larger than <see cref="MaxBytes"/> are refused before being read whole.
/// </summary>
public sealed class AwsSdkS3ObjectReader : IS3ObjectReader, IDisposable
{
    /// <summary>s3rver's fixed access key and secret.</summary>
    public const string S3rverAccessKey = "S3RVER";
    public const string S3rverSecretKey = "S3RVER";

    private readonly IAmazonS3 _s3;
    private readonly bool _owned;

    /// <param name="serviceUrl">The S3 endpoint, e.g. http://127.0.0.1:4568 (s3rver).</param>
    /// <param name="credentials">Null = S3RVER/S3RVER.</param>
    public AwsSdkS3ObjectReader(Uri serviceUrl, string region = "us-east-1", AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        _s3 = new AmazonS3Client(credentials ?? new BasicAWSCredentials(S3rverAccessKey, S3rverSecretKey), new AmazonS3Config
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = region,
            ForcePathStyle = true,
            UseHttp = serviceUrl.Scheme == Uri.UriSchemeHttp,
            MaxErrorRetry = 2,
        });
        _owned = true;
    }

    /// <summary>Uses a client configured elsewhere (not disposed by this reader).</summary>
    public AwsSdkS3ObjectReader(IAmazonS3 s3)
    {
        _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
    }

    /// <summary>Largest object read (Textract's async limit is 500 MB); larger ones are reported as too large.</summary>
    public long MaxBytes { get; init; } = 512L * 1024 * 1024;

    public async Task<S3ObjectContent?> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId }, cancellationToken)
                .ConfigureAwait(false);
            if (response.ContentLength > MaxBytes)
                throw new FakeAwsException(400, "DocumentTooLargeException", $"S3 object {bucket}/{key} is {response.ContentLength:N0} bytes.");
            using var buffer = new MemoryStream(response.ContentLength > 0 ? (int)Math.Min(response.ContentLength, int.MaxValue) : 0);
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new S3ObjectContent(buffer.ToArray(), response.Headers.ContentType);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound
            || error.ErrorCode is "NoSuchKey" or "NoSuchBucket" or "NoSuchVersion")
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_owned)
            _s3.Dispose();
    }
}
