using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.S3;

namespace InvoiceScanner.IntegrationTests;

/// <summary>s3rver's events become real S3 notifications, routed by prefix, delivered at least once with retries.</summary>
public sealed class S3BridgeTests(EchoStackFixture fixture) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly AmazonS3Client _s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Bucket => fixture.Stack.Options.BucketName;

    [Fact]
    public async Task A_PutObject_under_uploads_reaches_ProcessInvoice_as_an_S3_notification_with_an_encoded_key()
    {
        var id = Guid.NewGuid().ToString("N");
        var key = $"uploads/user 1/{id}/my invoice+v2 (copy).pdf";
        var content = Encoding.UTF8.GetBytes("%PDF-1.4 pretend");

        var put = await PutAsync(key, content);

        var record = await SingleNotificationAsync(LocalFleet.ProcessInvoiceFunction, id);
        Assert.Equal($"uploads/user+1/{id}/my+invoice%2Bv2+%28copy%29.pdf", record.S3.Object.Key);
        Assert.Equal(key, S3NotificationKeys.Decode(record.S3.Object.Key));
        Assert.Equal("2.1", record.EventVersion);
        Assert.Equal("aws:s3", record.EventSource);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal("ObjectCreated:Put", record.EventName);
        Assert.Equal("1.0", record.S3.S3SchemaVersion);
        Assert.Equal(Bucket, record.S3.Bucket.Name);
        Assert.Equal($"arn:aws:s3:::{Bucket}", record.S3.Bucket.Arn);
        Assert.Equal(content.Length, record.S3.Object.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), record.S3.Object.ETag);
        Assert.Equal(put.ETag.Trim('"'), record.S3.Object.ETag);
        Assert.Matches("^[0-9A-F]+$", record.S3.Object.Sequencer);
        Assert.Null(record.S3.Object.VersionId);
        Assert.Equal(DateTimeKind.Utc, record.EventTime.Kind);
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(),
            r => r.FunctionName == LocalFleet.ExtractDataFunction && r.PayloadText.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Objects_under_ocr_go_to_ExtractData_and_other_prefixes_to_no_function()
    {
        var id = Guid.NewGuid().ToString("N");
        await PutAsync($"elsewhere/{id}-unrouted.json", "{}"u8.ToArray());
        await PutAsync($"ocr/user-1/{id}.json", "{}"u8.ToArray());

        var record = await SingleNotificationAsync(LocalFleet.ExtractDataFunction, id);

        Assert.Equal($"ocr/user-1/{id}.json", record.S3.Object.Key);
        // emulators.js forwards events one at a time, in order: the unrouted one was handled before this one arrived.
        Assert.Contains(fixture.Stack.S3Events!.Snapshot(), e => e.Key == $"elsewhere/{id}-unrouted.json" && e.Functions.Count == 0);
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(), r => r.PayloadText.Contains($"{id}-unrouted", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Stack.Journal.Snapshot(),
            r => r.FunctionName == LocalFleet.ProcessInvoiceFunction && r.PayloadText.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_copied_object_arrives_as_ObjectCreated_Copy_with_its_ETag()
    {
        var id = Guid.NewGuid().ToString("N");
        await PutAsync($"elsewhere/{id}-source.json", "{\"copied\":true}"u8.ToArray());
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = $"elsewhere/{id}-source.json",
            DestinationBucket = Bucket,
            DestinationKey = $"ocr/user-1/{id}-copy.json",
        }, Cancellation);

        var record = await SingleNotificationAsync(LocalFleet.ExtractDataFunction, $"{id}-copy");

        Assert.Equal("ObjectCreated:Copy", record.EventName);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("{\"copied\":true}"u8.ToArray())), record.S3.Object.ETag);
    }

    [Fact]
    public async Task Sequencers_grow_with_every_write_of_a_key()
    {
        var id = Guid.NewGuid().ToString("N");
        var key = $"ocr/user-1/{id}.json";
        await PutAsync(key, "{\"v\":1}"u8.ToArray());
        await PutAsync(key, "{\"v\":22}"u8.ToArray());

        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(j => Notifications(j, LocalFleet.ExtractDataFunction, id).Count() == 2, Wait, Cancellation));
        var records = Notifications(fixture.Stack.Journal.Snapshot(), LocalFleet.ExtractDataFunction, id).ToList();
        var first = records.Single(r => r.S3.Object.Size == 7);
        var second = records.Single(r => r.S3.Object.Size == 8);
        Assert.True(S3NotificationKeys.CompareSequencers(second.S3.Object.Sequencer, first.S3.Object.Sequencer) > 0);
    }

    [Fact]
    public async Task A_failing_function_gets_the_event_three_times_like_Lambda_async_retries()
    {
        var id = Guid.NewGuid().ToString("N");
        await PutAsync($"uploads/user-1/{id}/fail-always.pdf", "x"u8.ToArray());

        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(
            j => Invocations(j, LocalFleet.ProcessInvoiceFunction, id).Count(r => r.Result is not null) == AsyncInvocation.MaxAttempts, Wait, Cancellation));
        var attempts = Invocations(fixture.Stack.Journal.Snapshot(), LocalFleet.ProcessInvoiceFunction, id).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(r => r.Attempt).Order());
        Assert.All(attempts, r => Assert.Equal(InvocationOutcome.FunctionError, r.Result!.Outcome));
        Assert.All(attempts, r => Assert.Equal("EchoError", r.Result!.ErrorType));
        Assert.Single(attempts.Select(r => r.PayloadText).Distinct());
    }

    [Fact]
    public async Task With_duplicates_every_record_is_delivered_that_many_times_unchanged()
    {
        await using var bridge = new S3NotificationBridge(LocalFleet.S3Notifications, fixture.Stack.Functions,
            fixture.Stack.Options.Region, duplicates: 3, TimeSpan.FromMilliseconds(100), fixture.Stack.Log);
        var id = Guid.NewGuid().ToString("N");
        var raw = new S3EventNotificationRecord
        {
            EventName = "ObjectCreated:Put",
            S3 = new S3Entity
            {
                Bucket = new S3BucketEntity { Name = Bucket },
                Object = new S3ObjectEntity { Key = $"uploads/user-1/{id}/dup.pdf", Size = 3, ETag = "abc" },
            },
        };

        Assert.Equal(3, bridge.Accept(raw));

        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(
            j => Invocations(j, LocalFleet.ProcessInvoiceFunction, id).Count(r => r.Result is not null) == 3, Wait, Cancellation));
        var deliveries = Invocations(fixture.Stack.Journal.Snapshot(), LocalFleet.ProcessInvoiceFunction, id).ToList();
        Assert.Equal(3, deliveries.Count);
        Assert.Single(deliveries.Select(d => d.PayloadText).Distinct());
        Assert.Equal(3, deliveries.Select(d => d.RequestId).Distinct().Count());
        Assert.All(deliveries, d => Assert.True(d.Result!.Succeeded));
    }

    private async Task<PutObjectResponse> PutAsync(string key, byte[] content) =>
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        }, Cancellation);

    private async Task<S3EventNotificationRecord> SingleNotificationAsync(string function, string keyPart)
    {
        Assert.True(await fixture.Stack.Journal.WaitUntilAsync(j => Notifications(j, function, keyPart).Any(), Wait, Cancellation),
            $"no S3 notification for '{keyPart}' reached {function}");
        return Assert.Single(Notifications(fixture.Stack.Journal.Snapshot(), function, keyPart));
    }

    private static IEnumerable<InvocationRecord> Invocations(IReadOnlyList<InvocationRecord> journal, string function, string keyPart) =>
        journal.Where(r => r.FunctionName == function && r.Source == InvocationSource.S3Notification && r.PayloadText.Contains(keyPart, StringComparison.Ordinal));

    private static IEnumerable<S3EventNotificationRecord> Notifications(IReadOnlyList<InvocationRecord> journal, string function, string keyPart) =>
        Invocations(journal, function, keyPart).Select(r => Assert.Single(JsonSerializer.Deserialize(r.Payload, LambdaJsonContext.Default.S3Event)!.Records));

    public void Dispose() => _s3.Dispose();
}
