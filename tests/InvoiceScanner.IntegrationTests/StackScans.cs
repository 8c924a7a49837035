using System.Net;
using InvoiceScanner.Core.Api;

namespace InvoiceScanner.IntegrationTests;

/// <summary>What a client does with the product stack: create an invoice, upload its file, wait for the outcome.</summary>
internal static class StackScans
{
    public static async Task<CreateInvoiceResponse> CreateAsync(this ProductStackFixture fixture, string token, string fileName, string contentType,
        long size, CancellationToken cancellationToken)
    {
        var created = await fixture.Api.CreateAsync(token, fileName, contentType, size, cancellationToken);
        Assert.True(created.Status == HttpStatusCode.Created, $"POST /invoices answered {(int)created.Status}: {created.Text}");
        Assert.NotNull(created.Body);
        Assert.Equal("PUT", created.Body.Upload.Method);
        return created.Body;
    }

    /// <summary>Create, upload through the presigned URL, wait for a terminal status.</summary>
    public static async Task<InvoiceView> ScanAsync(this ProductStackFixture fixture, string token, string fileName, string contentType, byte[] content,
        CancellationToken cancellationToken)
    {
        var created = await fixture.CreateAsync(token, fileName, contentType, content.Length, cancellationToken);
        var uploaded = await fixture.Api.UploadAsync(created.Upload, content, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, uploaded);
        // Stops early, with the function's error, once Lambda would have given up on an event for this invoice.
        return await fixture.Api.WaitForTerminalAsync(token, created.InvoiceId, ProductStackFixture.ProcessingTimeout, cancellationToken,
            () => fixture.Stack.AbandonedEventError(created.InvoiceId));
    }
}
