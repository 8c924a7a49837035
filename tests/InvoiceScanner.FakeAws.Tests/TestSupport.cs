using System.Globalization;
using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Ocr;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.FakeAws.Tests;

internal static class Fake
{
    public const string Bucket = "invoicescanner-local";
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:invoicescanner-textract";
    public const string RoleArn = "arn:aws:iam::123456789012:role/TextractPublishRole";
    public const string Model = "us.amazon.nova-micro-v1:0";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static BasicAWSCredentials Credentials { get; } = new(FakeAwsServer.TestAccessKey, FakeAwsServer.TestSecretKey);

    /// <summary>One attempt, so a refused request shows its error at once.</summary>
    public static AwsClientOptions Options(FakeAwsServer server, AWSCredentials? credentials = null) => new()
    {
        Region = server.Region,
        ServiceUrl = server.BaseAddress,
        Credentials = credentials ?? Credentials,
        Retry = AwsRetryPolicy.None,
    };

    public static TextractClient Textract(FakeAwsServer server, AWSCredentials? credentials = null) => new(Options(server, credentials));

    public static BedrockRuntimeClient Bedrock(FakeAwsServer server, AWSCredentials? credentials = null) => new(Options(server, credentials));

    public static TextractOcrEngine Engine(FakeAwsServer server, int? maxResults = null) => new(Textract(server), new TextractOcrEngineOptions
    {
        SnsTopicArn = TopicArn,
        RoleArn = RoleArn,
        MaxResults = maxResults,
    });

    /// <summary>A server with the Textract emulator (local OCR + rules) reading from <paramref name="objects"/>.</summary>
    public static Task<FakeAwsServer> StartAsync(IS3ObjectReader objects, Func<FakeTextractOptions, FakeTextractOptions>? configure = null, FakeBedrockOptions? bedrock = null)
    {
        Tools.RequirePoppler();
        var textract = new FakeTextractOptions { Objects = objects, Ocr = new LocalOcrOptions { MaxParallelPages = 1 } };
        return FakeAwsServer.StartNewAsync(new FakeAwsServerOptions
        {
            Textract = configure is null ? textract : configure(textract),
            Bedrock = bedrock ?? new FakeBedrockOptions(),
        }, Ct);
    }

    public static IEnumerable<SampleInvoice> OnePageSamples => SampleInvoiceCatalog.All.Where(s => s.Expected.PageCount == 1);

    public static SampleInvoice TwoPageSample => SampleInvoiceCatalog.All.Single(s => s.Expected.PageCount == 2);

    /// <summary>A printed amount's value: "$1,234.50", "1.234,50 €", "RM 12.00" (the last separator followed by 1-2 digits is the decimal point).</summary>
    public static decimal? Amount(string text)
    {
        var kept = new string(text.Where(c => char.IsAsciiDigit(c) || c is '.' or ',').ToArray()).Trim('.', ',');
        if (kept.Length == 0)
            return null;
        var last = kept.LastIndexOfAny(['.', ',']);
        var normalized = last >= 0 && kept.Length - last - 1 is 1 or 2
            ? kept[..last].Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal) + "." + kept[(last + 1)..]
            : kept.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

internal static class Tools
{
    public static void RequirePoppler()
    {
        foreach (var name in new[] { "pdfinfo", "pdftotext", "pdftoppm" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/opt/bin")
                .Any(d => File.Exists(Path.Combine(d, name)));
            if (!found)
                Assert.Fail($"{name} is required by the fake's local OCR but was not found: apt-get install poppler-utils (local/install.sh does this).");
        }
    }
}

/// <summary>A callback that hands each published notice to the test, awaited without any timeout but the test's own.</summary>
internal sealed class NoticeInbox
{
    private readonly System.Threading.Channels.Channel<SnsNotification> _channel = System.Threading.Channels.Channel.CreateUnbounded<SnsNotification>();

    public Task Publish(SnsNotification notification, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(notification, cancellationToken).AsTask();

    public ValueTask<SnsNotification> NextAsync() => _channel.Reader.ReadAsync(Fake.Ct);

    public bool TryTake(out SnsNotification? notification) => _channel.Reader.TryRead(out notification);
}
