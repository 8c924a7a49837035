using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The probe's findings, through the real stack (the product stack <see cref="EndToEndTests"/> starts): an object
/// written beside the invoice's upload key is removed unread, an upload URL takes one file of its size once, and the
/// sweeper runs on its schedule.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task An_object_written_beside_the_upload_key_is_removed_and_the_invoice_keeps_waiting()
    {
        var token = fixture.Stack.CreateToken("e2e-stray");
        var created = await fixture.CreateAsync(token, "mine.pdf", "application/pdf", 1000, Cancellation);
        var stray = ObjectKeys.Upload("e2e-stray", created.InvoiceId, "someone-elses.pdf");
        using var s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = fixture.Stack.Options.BucketName, Key = stray, ContentBody = "%PDF-1.4 not this invoice's %%EOF", UseChunkEncoding = false,
        }, Cancellation);

        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(
            j => j.Any(r => r.FunctionName == LocalFleet.ProcessInvoiceFunction && r.PayloadText.Contains("someone-elses", StringComparison.Ordinal)
                && r.Result is { Succeeded: true } result && result.PayloadText.Contains("Removed", StringComparison.Ordinal)),
            ProductStackFixture.ProcessingTimeout, Cancellation));
        var exception = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(fixture.Stack.Options.BucketName, stray, Cancellation));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("AWAITING_UPLOAD", (await fixture.Api.GetAsync(token, created.InvoiceId, Cancellation)).Body!.Status);
    }

    [Fact]
    public async Task The_upload_url_takes_one_file_of_its_size_once()
    {
        var token = fixture.Stack.CreateToken("e2e-once");
        var content = SampleFiles.MinimalPdf();
        var created = await fixture.CreateAsync(token, "once.pdf", "application/pdf", content.Length, Cancellation);

        var wrongSize = await fixture.Api.UploadAsync(created.Upload, [.. content, .. "extra"u8.ToArray()], Cancellation);
        var first = await fixture.Api.UploadAsync(created.Upload, content, Cancellation);
        var second = await fixture.Api.UploadAsync(created.Upload, content, Cancellation);

        Assert.Equal((System.Net.HttpStatusCode.Forbidden, System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.PreconditionFailed), (wrongSize, first, second));
    }

    [Fact]
    public async Task The_sweeper_runs_on_its_schedule_against_the_stack()
    {
        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(
            j => j.Any(r => r.FunctionName == LocalFleet.SweepInvoicesFunction && r.Source == InvocationSource.Schedule
                && r.Result is { Succeeded: true } result && result.PayloadText.Contains("\"examined\"", StringComparison.Ordinal)),
            ProductStackFixture.SweepInterval * 6, Cancellation));
    }
}
