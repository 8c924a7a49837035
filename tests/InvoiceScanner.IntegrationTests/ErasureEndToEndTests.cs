using System.Net;
using Amazon.S3.Model;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.IntegrationTests.Adapters;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// Erasure on the local stack, checked behind the API's back through the SDK clients: after DELETE /invoices/{id} no
/// item of the invoice and no object under its keys is left; after DELETE /me nothing of the user's partition or
/// prefixes is, while another user's data stays.
/// </summary>
public sealed class ErasureEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static byte[] Invoice(string number) => MinimalPdf.Build(
    [
        "Nordwind Papier GmbH", "Hafenstrasse 5, 20457 Hamburg",
        "Rechnung", $"Rechnungsnummer: {number}", "Rechnungsdatum: 20.11.2026",
        "Kopierpapier A4   100,00 EUR",
        "Nettobetrag 100,00 EUR", "MwSt 19% 19,00 EUR", "Gesamtbetrag 119,00 EUR",
    ]);

    private async Task<IReadOnlyList<string>> PartitionAsync(string user)
    {
        using var dynamo = StackProvisioner.CreateDynamoDbClient(fixture.Stack.Endpoints.DynamoDb, fixture.Stack.Options.Region);
        return await DynamoPartition.SortKeysAsync(dynamo, fixture.Stack.Options.TableName, user, Cancellation);
    }

    private async Task<IReadOnlyList<string>> ObjectsAsync(string prefix)
    {
        using var s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.Stack.Options.BucketName, Prefix = prefix }, Cancellation);
        return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
    }

    private async Task<IReadOnlyList<string>> UserObjectsAsync(string user)
    {
        var keys = new List<string>();
        foreach (var prefix in ObjectKeys.UserPrefixes(user))
            keys.AddRange(await ObjectsAsync(prefix));
        return keys;
    }

    [Fact]
    public async Task Deleting_a_scanned_invoice_leaves_no_item_and_no_object_and_it_is_not_found_after()
    {
        var token = fixture.Stack.CreateToken("e2e-erase-one");
        var erased = await fixture.ScanAsync(token, "erase me.pdf", "application/pdf", Invoice("RE-2026-0901"), Cancellation);
        var kept = await fixture.ScanAsync(token, "keep me.pdf", "application/pdf", Invoice("RE-2026-0902"), Cancellation);
        Assert.Contains(await PartitionAsync("e2e-erase-one"), k => k.Contains(erased.InvoiceId, StringComparison.Ordinal));
        Assert.NotEmpty(await ObjectsAsync(ObjectKeys.UploadFolder("e2e-erase-one", erased.InvoiceId)));
        Assert.NotEmpty(await ObjectsAsync(ObjectKeys.PagesFolder("e2e-erase-one", erased.InvoiceId)));

        var deleted = await fixture.Api.DeleteAsync(token, erased.InvoiceId, Cancellation);
        var again = await fixture.Api.DeleteAsync(token, erased.InvoiceId, Cancellation);
        var get = await fixture.Api.GetAsync(token, erased.InvoiceId, Cancellation);

        Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.Text);
        Assert.Equal("", deleted.Text);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains("\"NOT_FOUND\"", again.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        var partition = await PartitionAsync("e2e-erase-one");
        Assert.DoesNotContain(partition, k => k.Contains(erased.InvoiceId, StringComparison.Ordinal));
        Assert.Contains(partition, k => k == "INVOICE#" + kept.InvoiceId);
        Assert.Empty(await ObjectsAsync(ObjectKeys.UploadFolder("e2e-erase-one", erased.InvoiceId)));
        Assert.Empty(await ObjectsAsync(ObjectKeys.OcrResult("e2e-erase-one", erased.InvoiceId)));
        Assert.Empty(await ObjectsAsync(ObjectKeys.PagesFolder("e2e-erase-one", erased.InvoiceId)));
        Assert.NotEmpty(await ObjectsAsync(ObjectKeys.PagesFolder("e2e-erase-one", kept.InvoiceId)));
        Assert.NotEmpty(await ObjectsAsync(ObjectKeys.OcrResult("e2e-erase-one", kept.InvoiceId)));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.GetAsync(token, kept.InvoiceId, Cancellation)).Status);
    }

    [Fact]
    public async Task Deleting_me_removes_every_item_and_object_of_the_caller_and_another_users_data_stays()
    {
        var token = fixture.Stack.CreateToken("e2e-erase-me");
        var otherToken = fixture.Stack.CreateToken("e2e-erase-other");
        var scans = await Task.WhenAll(
            fixture.ScanAsync(token, "mine.pdf", "application/pdf", Invoice("RE-2026-0911"), Cancellation),
            fixture.ScanAsync(otherToken, "theirs.pdf", "application/pdf", Invoice("RE-2026-0912"), Cancellation));
        // An approval teaches the vendor memory: VENDOR# items join the invoice, history and quota counters.
        var approved = await fixture.Api.ApproveAsync(token, scans[0].InvoiceId, """{"override":true,"reason":"e2e"}""", Cancellation);
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Text);
        var mine = await PartitionAsync("e2e-erase-me");
        Assert.Contains(mine, k => k.StartsWith("VENDOR#", StringComparison.Ordinal));
        Assert.Contains(mine, k => k.StartsWith("QUOTA#", StringComparison.Ordinal));
        var theirs = await PartitionAsync("e2e-erase-other");
        var theirObjects = await UserObjectsAsync("e2e-erase-other");

        var answers = new List<HttpStatusCode>();
        for (var call = 0; call < 10 && answers.LastOrDefault() != HttpStatusCode.NoContent; call++)
        {
            var reply = await fixture.Api.DeleteMeAsync(token, Cancellation);
            Assert.True(reply.Status is HttpStatusCode.NoContent or HttpStatusCode.Accepted, reply.Text);
            answers.Add(reply.Status);
        }
        var repeat = await fixture.Api.DeleteMeAsync(token, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, answers[^1]);
        Assert.Equal(HttpStatusCode.NoContent, repeat.Status);
        // Only the upload quota's counters are left (they expire by themselves; erasing must not reset the quota).
        Assert.All(await PartitionAsync("e2e-erase-me"), k => Assert.StartsWith("QUOTA#", k, StringComparison.Ordinal));
        Assert.Empty(await UserObjectsAsync("e2e-erase-me"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Api.GetAsync(token, scans[0].InvoiceId, Cancellation)).Status);
        Assert.Empty((await fixture.Api.ListAsync(token, Cancellation)).Body!.Items);
        Assert.Equal(theirs, await PartitionAsync("e2e-erase-other"));
        Assert.Equal(theirObjects, await UserObjectsAsync("e2e-erase-other"));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.GetAsync(otherToken, scans[1].InvoiceId, Cancellation)).Status);
    }
}
