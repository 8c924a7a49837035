using System.Net;
using InvoiceScanner.CloudEngines.Textract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static InvoiceScanner.FakeAws.Tests.Fake;

namespace InvoiceScanner.FakeAws.Tests;

/// <summary>The AWSSDK.S3 reader against a tiny path-style S3 stand-in (what s3rver is to the local stack).</summary>
public sealed class S3ReaderTests
{
    /// <summary>Answers GET /{bucket}/{key} from a dictionary, 404 NoSuchKey otherwise; records the raw paths and credentials.</summary>
    private sealed class TinyS3 : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private TinyS3(WebApplication app) => _app = app;

        public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);
        public List<(string Path, string? Authorization)> Requests { get; } = [];
        public Uri Url { get; private set; } = new("http://127.0.0.1/");

        public static async Task<TinyS3> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var s3 = new TinyS3(app);
            app.Run(async context =>
            {
                var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget.Split('?')[0];
                lock (s3.Requests)
                    s3.Requests.Add((raw, context.Request.Headers.Authorization.ToString()));
                var path = Uri.UnescapeDataString(raw.TrimStart('/'));
                if (context.Request.Method == "GET" && s3.Objects.TryGetValue(path, out var body))
                {
                    context.Response.ContentType = "application/pdf";
                    context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body)) + "\"";
                    context.Response.ContentLength = body.Length;
                    await context.Response.Body.WriteAsync(body);
                    return;
                }
                context.Response.StatusCode = 404;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
            });
            await app.StartAsync(Ct);
            s3.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            return s3;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reads_path_style_with_the_s3rver_credentials_and_reports_missing_objects_as_null()
    {
        await using var s3 = await TinyS3.StartAsync();
        s3.Objects[$"{Bucket}/uploads/user-1/inv/My Invoice (2).pdf"] = [1, 2, 3];
        using var reader = new AwsSdkS3ObjectReader(s3.Url);

        var found = await reader.GetObjectAsync(Bucket, "uploads/user-1/inv/My Invoice (2).pdf", null, Ct);
        var missing = await reader.GetObjectAsync(Bucket, "uploads/none.pdf", null, Ct);

        Assert.Equal([1, 2, 3], found!.Content.ToArray());
        Assert.Equal("application/pdf", found.ContentType);
        Assert.Null(missing);
        Assert.StartsWith($"/{Bucket}/uploads/user-1/inv/My%20Invoice", s3.Requests[0].Path, StringComparison.Ordinal);
        Assert.Contains("Credential=S3RVER/", s3.Requests[0].Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_Textract_reads_its_documents_through_it()
    {
        await using var s3 = await TinyS3.StartAsync();
        var sample = SampleInvoices.SampleInvoiceCatalog.Get("de-software-rechnung");
        s3.Objects[$"{Bucket}/uploads/u/i/rechnung.pdf"] = sample.RenderPdf();
        using var reader = new AwsSdkS3ObjectReader(s3.Url);
        await using var server = await StartAsync(reader);

        var response = await Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = "uploads/u/i/rechnung.pdf" } },
        }, Ct);
        var missing = await Assert.ThrowsAsync<CloudEngines.Aws.AwsServiceException>(() => Textract(server).AnalyzeExpenseAsync(new AnalyzeExpenseRequest
        {
            Document = new Document { S3Object = new S3Object { Bucket = Bucket, Name = "uploads/u/i/none.pdf" } },
        }, Ct));

        Assert.Contains(response.ExpenseDocuments!.Single().SummaryFields!, f => f.Type?.Text == "TOTAL" && Amount(f.ValueDetection!.Text!) == sample.Expected.Total);
        Assert.Equal("InvalidS3ObjectException", missing.ErrorType);
    }

    [Fact]
    public async Task The_local_stack_settings_serve_the_functions_credential_from_s3rver()
    {
        Tools.RequirePoppler();
        await using var s3 = await TinyS3.StartAsync();
        var sample = TwoPageSample;
        s3.Objects[$"{Bucket}/uploads/u/i/two.pdf"] = sample.RenderPdf();
        var inbox = new NoticeInbox();
        await using var server = await FakeAwsServer.StartNewAsync(FakeAwsServerOptions.ForLocalStack(s3.Url, "eu-west-1", inbox.Publish), Ct);
        var functions = new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER");
        var engine = new TextractOcrEngine(Textract(server, functions), new TextractOcrEngineOptions { SnsTopicArn = TopicArn, RoleArn = RoleArn });

        var jobId = await engine.StartAsync(Bucket, "uploads/u/i/two.pdf", "01KAQ4N0Z6X8F0M6TV2C9R7B3D", Ct);
        var notice = TextractCompletionNotice.Parse((await inbox.NextAsync()).Message);

        Assert.Equal("eu-west-1", server.Region);
        Assert.Equal(jobId, notice.JobId);
        Assert.Equal(2, (await engine.CompleteAsync(jobId, Ct)).Pages.Count);
        Assert.All(s3.Requests, r => Assert.Contains("Credential=S3RVER/", r.Authorization, StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<CloudEngines.Aws.AwsServiceException>(() => Textract(server).GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId }, Ct));
        Assert.Equal("UnrecognizedClientException", refused.ErrorType);
    }
}
