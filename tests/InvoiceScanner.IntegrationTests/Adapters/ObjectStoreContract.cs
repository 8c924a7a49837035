using System.Net.Http.Headers;
using System.Text;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>What every <see cref="IObjectStore"/> must do: run against s3rver and against the in-memory fake.</summary>
public abstract class ObjectStoreContract
{
    protected abstract IObjectStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Keys as users name their files: spaces, brackets, non-ASCII, a plus sign.</summary>
    protected static string UploadKey(string fileName) =>
        ObjectKeys.Upload("user-" + Guid.NewGuid().ToString("N"), InvoiceId.New(DateTimeOffset.UtcNow), fileName);

    [Theory]
    [InlineData("invoice.pdf")]
    [InlineData("My Invoice (2).pdf")]
    [InlineData("Rechnung Nr. 7 für März + Zubehör.pdf")]
    public async Task An_object_reads_back_with_its_size_and_content_type(string fileName)
    {
        var key = UploadKey(fileName);
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 " + new string('x', 5000) + " %%EOF");

        await Store.PutAsync(key, content, "application/pdf", Ct);

        Assert.Equal(new ObjectInfo(content.Length, "application/pdf"), await Store.HeadAsync(key, Ct));
        var stored = await Store.GetAsync(key, maxBytes: 1_000_000, Ct);
        Assert.NotNull(stored);
        Assert.Equal(content, stored.Content.ToArray());
        Assert.Equal(content.Length, stored.Size);
        Assert.Equal("application/pdf", stored.ContentType);
    }

    [Fact]
    public async Task Reading_stops_at_the_limit_but_reports_the_full_size()
    {
        var key = UploadKey("big.png");
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        await Store.PutAsync(key, content, "image/png", Ct);

        var stored = await Store.GetAsync(key, maxBytes: 100_001, Ct);

        Assert.NotNull(stored);
        Assert.Equal(content.AsSpan(0, 100_001).ToArray(), stored.Content.ToArray());
        Assert.Equal(300_000, stored.Size);
    }

    [Fact]
    public async Task A_deleted_object_is_gone_and_deleting_a_missing_one_is_no_error()
    {
        var key = UploadKey("stray.pdf");
        await Store.PutAsync(key, "%PDF-1.4 %%EOF"u8.ToArray(), "application/pdf", Ct);

        await Store.DeleteAsync(key, Ct);
        await Store.DeleteAsync(key, Ct);

        Assert.Null(await Store.HeadAsync(key, Ct));
    }

    [Fact]
    public async Task Listing_a_prefix_pages_through_its_keys_and_no_others()
    {
        var user = "user-" + Guid.NewGuid().ToString("N");
        var id = InvoiceId.New(DateTimeOffset.UtcNow);
        var keys = Enumerable.Range(0, 5).Select(i => ObjectKeys.Upload(user, id, $"f{i}.pdf")).ToList();
        foreach (var key in keys)
            await Store.PutAsync(key, "%PDF"u8.ToArray(), "application/pdf", Ct);
        await Store.PutAsync(ObjectKeys.OcrResult(user, id), "{}"u8.ToArray(), "application/json", Ct);

        var listed = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync($"{ObjectKeys.UploadsPrefix}{user}/", next, 2, Ct);
            listed.AddRange(page.Keys);
            next = page.Next;
            pages++;
        }
        while (next is not null);

        Assert.Equal(keys, listed);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_missing_object_is_null_not_an_error()
    {
        var key = UploadKey("never-uploaded.pdf");

        Assert.Null(await Store.HeadAsync(key, Ct));
        Assert.Null(await Store.GetAsync(key, 1000, Ct));
    }
}

public sealed class S3ObjectStoreContractTests(EmulatorsFixture emulators) : ObjectStoreContract, IClassFixture<EmulatorsFixture>
{
    protected override IObjectStore Store { get; } = new S3ObjectStore(emulators.S3, EmulatorsFixture.BucketName);

    [Theory]
    [InlineData("My Invoice (2).pdf")]
    [InlineData("Rechnung für März + 50%.pdf")]
    public async Task A_presigned_url_takes_a_plain_http_put_of_the_file_to_its_key(string fileName)
    {
        var key = UploadKey(fileName);
        var signer = new S3UploadUrlSigner(emulators.S3, EmulatorsFixture.BucketName, emulators.Endpoints.S3);
        var content = Encoding.ASCII.GetBytes("%PDF-1.4 presigned %%EOF");
        var upload = signer.CreateUploadUrl(new UploadGrant(key, "application/pdf", content.Length, DateTimeOffset.UtcNow.AddMinutes(15)));

        using var http = new HttpClient();
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(upload.Headers["Content-Type"]);
        using var request = new HttpRequestMessage(new HttpMethod(upload.Method), upload.Url) { Content = body };
        request.Headers.TryAddWithoutValidation("If-None-Match", upload.Headers["If-None-Match"]);
        using var response = await http.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var query = upload.Url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature", "X-Amz-SignedHeaders"],
            query.Keys.Where(n => n.StartsWith("X-Amz-", StringComparison.Ordinal)).Order());
        // The size and the one-write condition are part of the signature: S3 refuses a request that changes them.
        Assert.Equal("content-length;content-type;host;if-none-match", query["X-Amz-SignedHeaders"]);
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), upload.Headers["Content-Length"]);
        var stored = await Store.GetAsync(key, 1000, Ct);
        Assert.NotNull(stored);
        Assert.Equal(content, stored.Content.ToArray());
    }
}

public sealed class InMemoryObjectStoreContractTests : ObjectStoreContract
{
    protected override IObjectStore Store { get; } = new InMemoryObjectStore();
}
