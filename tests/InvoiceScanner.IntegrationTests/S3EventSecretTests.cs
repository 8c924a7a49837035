using System.Net;
using System.Text;
using Amazon.S3.Model;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Emulators;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The control port's S3 event endpoint only hears emulators.js, which alone got this run's secret: a forged event is
/// refused and runs no function, while real notifications still arrive.
/// </summary>
public sealed class S3EventSecretTests(EchoStackFixture fixture)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_forged_event_without_the_stack_s_secret_gets_403_and_invokes_nothing(string? secret)
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Stack.ControlUrl + "/s3-events")
        {
            Content = new StringContent(EventJson($"uploads/user-1/{id}/forged.pdf"), Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
            request.Headers.Add(EmulatorsProcess.SinkSecretHeader, secret);

        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(await fixture.Log.WaitForLineAsync(l => l.Contains("/s3-events: refused a request", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        // A real upload after it is delivered; by then the forged one would have been too (the sink handles both the same way).
        await RealUploadIsDeliveredAsync();
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(), r => r.PayloadText.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Stack.S3Events!.Snapshot(), e => e.Key.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_secret_reaches_emulators_js_but_not_DynamoDB_Local()
    {
        var javaPid = fixture.Stack.Status().DynamoDbPid!.Value;

        var environment = await File.ReadAllTextAsync($"/proc/{javaPid}/environ", Cancellation);

        Assert.DoesNotContain(EmulatorsProcess.SinkSecretVariable, environment, StringComparison.Ordinal);
        await RealUploadIsDeliveredAsync();
    }

    private async Task RealUploadIsDeliveredAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        using var s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = fixture.Stack.Options.BucketName,
            Key = $"uploads/user-1/{id}/real.pdf",
            ContentBody = "%PDF-1.4 real",
            UseChunkEncoding = false,
        }, Cancellation);
        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(
            j => j.Any(r => r.FunctionName == LocalFleet.ProcessInvoiceFunction && r.PayloadText.Contains(id, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), Cancellation), "the real upload's notification did not arrive");
    }

    /// <summary>A record as s3rver emits it (what emulators.js forwards).</summary>
    private string EventJson(string key) => $$"""
        {"eventVersion":"2.0","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2024-01-01T00:00:00.000Z",
         "eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","bucket":{"name":"{{fixture.Stack.Options.BucketName}}"},
         "object":{"key":"{{key}}","size":3,"eTag":"abc"} } }
        """;
}
