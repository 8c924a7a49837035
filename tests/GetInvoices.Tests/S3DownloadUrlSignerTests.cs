using Amazon.Runtime;
using Amazon.S3;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Storage.S3;

namespace GetInvoices.Tests;

/// <summary>The S3 signer's URL as the SDK presigns it (offline: presigning needs credentials, not the network).</summary>
public class S3DownloadUrlSignerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Uri Sign(Uri endpoint, string? fileName)
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test-key", "test-secret"),
            new AmazonS3Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true });
        return new S3DownloadUrlSigner(s3, "invoicescanner-local", endpoint)
            .CreateDownloadUrl(new DownloadGrant("exports/user-alice/01KBX0EXPORT000000000000000.csv", Now.AddMinutes(15), fileName));
    }

    [Fact]
    public void A_download_url_is_a_signed_get_of_the_key_for_its_lifetime_saved_under_the_file_name()
    {
        var url = Sign(new Uri("http://127.0.0.1:4569"), "invoices-2026-11-23.csv");
        var query = Uri.UnescapeDataString(url.Query);

        Assert.Equal("http", url.Scheme); // an http endpoint override is presigned as http
        Assert.Equal("/invoicescanner-local/exports/user-alice/01KBX0EXPORT000000000000000.csv", url.AbsolutePath);
        Assert.Contains("X-Amz-Signature=", query, StringComparison.Ordinal);
        Assert.InRange(int.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), 895, 900);
        Assert.Contains("response-content-disposition=attachment; filename=\"invoices-2026-11-23.csv\"", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_name_the_object_is_served_as_stored_and_https_stays_https()
    {
        var url = Sign(new Uri("https://s3.example.test"), null);

        Assert.Equal("https", url.Scheme);
        Assert.DoesNotContain("response-content-disposition", url.Query, StringComparison.Ordinal);
    }
}
