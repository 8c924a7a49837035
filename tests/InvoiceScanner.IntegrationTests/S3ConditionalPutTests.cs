using System.Net;
using System.Net.Http.Headers;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.Storage.S3;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The local S3 (local/s3-front.js in front of s3rver) honours S3's conditional write and presigned signatures: an
/// upload URL that signs "If-None-Match: *" and Content-Length works once, is refused (412) for an existing key, and
/// refuses another size or a left-out header (403).
/// </summary>
public sealed class S3ConditionalPutTests(EchoStackFixture fixture) : IDisposable
{
    private readonly AmazonS3Client _s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Bucket => fixture.Stack.Options.BucketName;

    [Fact]
    public async Task A_conditional_upload_URL_writes_once_and_a_second_PUT_gets_412_keeping_the_first_bytes()
    {
        var key = NewKey("first wins.pdf");
        var url = PresignConditionalPut(key, 5);

        using var first = await PutAsync(url, "first"u8.ToArray());
        using var second = await PutAsync(url, "again"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        var error = await second.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("<Code>PreconditionFailed</Code>", error, StringComparison.Ordinal);
        Assert.Contains("<Message>At least one of the pre-conditions you specified did not hold</Message>", error, StringComparison.Ordinal);
        Assert.Contains("<Condition>If-None-Match</Condition>", error, StringComparison.Ordinal);
        Assert.Equal("application/xml", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("first", await ReadAsync(key));
    }

    [Fact]
    public async Task A_Content_Length_other_than_the_signed_one_is_refused_with_403_and_nothing_is_stored()
    {
        var key = NewKey("size.pdf");
        var url = PresignConditionalPut(key, 5);

        using var response = await PutAsync(url, "sixsix"u8.ToArray());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(Bucket, key, Cancellation));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The URL itself is still good for the signed size.
        using var right = await PutAsync(url, "fives"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Leaving_out_the_signed_If_None_Match_is_refused_with_403_and_a_presigned_GET_still_works()
    {
        var key = NewKey("no condition (v1)+x.pdf");
        var url = PresignConditionalPut(key, 5);
        await PutObjectAsync(key, "first");

        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent("again"u8.ToArray()) };
        using var unconditional = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, unconditional.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await unconditional.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        var get = _s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });
        Assert.Equal("first", await fixture.Http.GetStringAsync(get, Cancellation));
        using var tampered = await fixture.Http.GetAsync(get[..^4] + (get.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000"), Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task The_product_s_upload_URL_with_its_headers_works_once_and_refuses_another_content_type()
    {
        var key = NewKey("product upload.png");
        var signer = new S3UploadUrlSigner(_s3, Bucket, fixture.Stack.Endpoints.S3);
        var upload = signer.CreateUploadUrl(new UploadGrant(key, "image/png", 4, DateTimeOffset.UtcNow.AddMinutes(10)));

        using var wrongType = await SendAsync(upload, "PNG!"u8.ToArray(), "image/jpeg");
        using var first = await SendAsync(upload, "PNG!"u8.ToArray());
        using var second = await SendAsync(upload, "PNG?"u8.ToArray());

        Assert.Equal(HttpStatusCode.Forbidden, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("PNG!", await ReadAsync(key));
    }

    [Fact]
    public async Task Of_concurrent_conditional_PUTs_to_a_new_key_exactly_one_is_written()
    {
        var key = NewKey("race.pdf");
        var url = PresignConditionalPut(key, 8);
        var bodies = Enumerable.Range(0, 6).Select(i => System.Text.Encoding.ASCII.GetBytes($"upload-{i}")).ToList();

        var responses = await Task.WhenAll(bodies.Select(body => PutAsync(url, body)));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
            var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal($"upload-{winner}", await ReadAsync(key));
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
    }

    [Fact]
    public async Task Writes_without_If_None_Match_still_overwrite_and_copies_still_land_on_existing_keys()
    {
        var key = NewKey("plain.json");
        var source = NewKey("source.json");
        using (var created = await PutAsync(PresignConditionalPut(key, 5), "first"u8.ToArray()))
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        await PutObjectAsync(key, "second");
        Assert.Equal("second", await ReadAsync(key));
        await PutObjectAsync(source, "copied");
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = source,
            DestinationBucket = Bucket,
            DestinationKey = key,
        }, Cancellation);

        Assert.Equal("copied", await ReadAsync(key));
    }

    [Fact]
    public async Task A_PUT_cut_off_before_its_Content_Length_stores_nothing_and_announces_nothing()
    {
        const int declared = 4_000_000, sent = 1_000_000;
        var key = NewKey("cut off.pdf");
        var url = PresignConditionalPut(key, declared);

        // A quarter of the declared bytes, then the connection is reset (a client killed, a network drop).
        var uri = new Uri(url);
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(uri.Host, uri.Port, Cancellation);
            var stream = client.GetStream();
            var head = $"PUT {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Length: {declared}\r\nIf-None-Match: *\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), Cancellation);
            for (var chunk = 0; chunk < sent / 100_000; chunk++)
            {
                await stream.WriteAsync(new byte[100_000], Cancellation);
                await Task.Delay(20, Cancellation);
            }
            await Task.Delay(300, Cancellation);
            client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }
        Assert.True(await fixture.Log.WaitForLineAsync(l => l.Contains("cut off before its Content-Length", StringComparison.Ordinal)
            && l.Contains(key, StringComparison.Ordinal), TimeSpan.FromSeconds(20)), "the cut-off PUT was not reported");

        // s3rver kept what arrived (a reset mid-body leaves a file); S3 stores nothing, and neither does the stack.
        await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(Bucket, key, Cancellation));
        var whole = new byte[declared];
        whole.AsSpan().Fill((byte)'x');
        using var retry = await PutAsync(url, whole);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(new string('x', declared), await ReadAsync(key));
        Assert.True(await fixture.Stack.S3Events!.WaitUntilAsync(events => events.Any(e => e.Key == key), TimeSpan.FromSeconds(10), Cancellation));
        Assert.Single(fixture.Stack.S3Events.Snapshot(), e => e.Key == key);
    }

    /// <summary>Keys outside uploads/ and ocr/: no function is notified.</summary>
    private static string NewKey(string name) => $"conditional/{Guid.NewGuid():N}/{name}";

    /// <summary>A presigned PUT like the product's upload URLs: If-None-Match and Content-Length are signed.</summary>
    private string PresignConditionalPut(string key, long size)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        };
        request.Headers.ContentLength = size;
        request.Headers["If-None-Match"] = "*";
        return _s3.GetPreSignedURL(request);
    }

    private async Task<HttpResponseMessage> PutAsync(string url, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        var response = await fixture.Http.SendAsync(request, Cancellation);
        await response.Content.LoadIntoBufferAsync(Cancellation);
        return response;
    }

    /// <summary>What a client of the product does: PUT with exactly the headers the upload URL lists.</summary>
    private async Task<HttpResponseMessage> SendAsync(PresignedUpload upload, byte[] body, string? contentType = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(upload.Method), upload.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in upload.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, name == "Content-Type" ? contentType ?? value : value);
        }
        var response = await fixture.Http.SendAsync(request, Cancellation);
        await response.Content.LoadIntoBufferAsync(Cancellation);
        return response;
    }

    private Task PutObjectAsync(string key, string content) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content, UseChunkEncoding = false }, Cancellation);

    private async Task<string> ReadAsync(string key)
    {
        using var response = await _s3.GetObjectAsync(Bucket, key, Cancellation);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }

    public void Dispose() => _s3.Dispose();
}
