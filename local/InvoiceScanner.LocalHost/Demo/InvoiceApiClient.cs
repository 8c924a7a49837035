using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Downloads;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.LocalHost.Demo;

/// <summary>An API answer: the status, the parsed body when it was the expected shape, and the raw text.</summary>
public sealed record ApiReply<T>(HttpStatusCode Status, T? Body, string Text) where T : class
{
    public string? ETag { get; init; }
}

/// <summary>
/// A client of the product's HTTP API as a user would drive it: create an invoice, PUT the file to the presigned
/// URL with a plain HTTP client, poll until it is done. Used by `demo` and by the end-to-end tests.
/// </summary>
public sealed class InvoiceApiClient(HttpClient http, string apiUrl)
{
    private static readonly string[] TerminalStatuses =
        [InvoiceStatus.Completed.ToWire(), InvoiceStatus.NeedsReview.ToWire(), InvoiceStatus.Failed.ToWire(), InvoiceStatus.Expired.ToWire()];

    public static bool IsTerminal(string? status) => status is not null && TerminalStatuses.Contains(status, StringComparer.Ordinal);

    /// <summary>POST /invoices for a file of <paramref name="size"/> bytes (the upload URL accepts exactly that many).</summary>
    public Task<ApiReply<CreateInvoiceResponse>> CreateAsync(string token, string fileName, string contentType, long size, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new CreateInvoiceBody(fileName, contentType, size), InvoiceScannerJsonContext.Default.CreateInvoiceBody);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{apiUrl}/invoices")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return SendAsync(request, token, InvoiceScannerJsonContext.Default.CreateInvoiceResponse, cancellationToken);
    }

    /// <summary>
    /// PUTs the file exactly as the upload instructions say (method, URL, and the signed headers: Content-Type,
    /// Content-Length, If-None-Match).
    /// </summary>
    public async Task<HttpStatusCode> UploadAsync(UploadInstructions upload, byte[] content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(upload.Method), upload.Url) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in upload.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                continue; // the content's own length: a file of another size than signed must reach S3 and be refused there
            else if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    public Task<ApiReply<InvoiceView>> GetAsync(string token, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}"), token,
            InvoiceScannerJsonContext.Default.InvoiceView, cancellationToken);

    public Task<ApiReply<InvoiceListResponse>> ListAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices"), token,
            InvoiceScannerJsonContext.Default.InvoiceListResponse, cancellationToken);

    public Task<ApiReply<InvoiceListResponse>> ListAsync(string token, string query, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices?{query}"), token,
            InvoiceScannerJsonContext.Default.InvoiceListResponse, cancellationToken);

    /// <summary>PATCH /invoices/{id}: <paramref name="correction"/> is the JSON body; <paramref name="ifMatch"/> the ETag seen.</summary>
    public Task<ApiReply<InvoiceView>> CorrectAsync(string token, string invoiceId, string correction, string? ifMatch, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}")
        {
            Content = new StringContent(correction, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return SendAsync(request, token, InvoiceScannerJsonContext.Default.InvoiceView, cancellationToken);
    }

    public Task<ApiReply<InvoiceView>> ApproveAsync(string token, string invoiceId, string? body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/approve")
        {
            Content = new StringContent(body ?? "", Encoding.UTF8, "application/json"),
        }, token, InvoiceScannerJsonContext.Default.InvoiceView, cancellationToken);

    public Task<ApiReply<ReprocessResponse>> ReprocessAsync(string token, string invoiceId, string? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/reprocess")
        {
            Content = new StringContent(body ?? "", Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return SendAsync(request, token, InvoiceScannerJsonContext.Default.ReprocessResponse, cancellationToken);
    }

    public Task<ApiReply<HistoryResponse>> HistoryAsync(string token, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/history?limit=100"), token,
            InvoiceScannerJsonContext.Default.HistoryResponse, cancellationToken);

    /// <summary>GET /invoices/{id}/pages/{n}: the link to page n's image.</summary>
    public Task<ApiReply<PageImageLink>> PageImageAsync(string token, string invoiceId, int page, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/pages/{page}")),
            token, InvoiceScannerJsonContext.Default.PageImageLink, cancellationToken);

    /// <summary>GET /invoices/{id}/file: the link to the uploaded file.</summary>
    public Task<ApiReply<OriginalFileLink>> OriginalFileAsync(string token, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/file"), token,
            InvoiceScannerJsonContext.Default.OriginalFileLink, cancellationToken);

    /// <summary>GET /invoices/{id}/einvoice: the link to the e-invoice's XML.</summary>
    public Task<ApiReply<OriginalFileLink>> EInvoiceXmlAsync(string token, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}/einvoice"), token,
            InvoiceScannerJsonContext.Default.OriginalFileLink, cancellationToken);

    /// <summary>DELETE /invoices/{id}: 204 (no body) when erased; the error envelope's text otherwise.</summary>
    public Task<ApiReply<ErasureStatusResponse>> DeleteAsync(string token, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{apiUrl}/invoices/{Uri.EscapeDataString(invoiceId)}"), token,
            InvoiceScannerJsonContext.Default.ErasureStatusResponse, cancellationToken);

    /// <summary>DELETE /me: 204 when all of the caller's data is gone, 202 with the status while some is left.</summary>
    public Task<ApiReply<ErasureStatusResponse>> DeleteMeAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{apiUrl}/me"), token,
            InvoiceScannerJsonContext.Default.ErasureStatusResponse, cancellationToken);

    public Task<ApiReply<InvoiceListResponse>> ReviewQueueAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/review?limit=100"), token,
            InvoiceScannerJsonContext.Default.InvoiceListResponse, cancellationToken);

    /// <summary>
    /// Polls GET /invoices/{id} until COMPLETED, NEEDS_REVIEW or FAILED; throws <see cref="InvoiceWaitTimeoutException"/>
    /// after <paramref name="timeout"/>, or at once when <paramref name="stuck"/> returns a reason (e.g. the stack saw
    /// Lambda give up on an event for this invoice, so its status will never move again).
    /// </summary>
    public async Task<InvoiceView> WaitForTerminalAsync(string token, string invoiceId, TimeSpan timeout, CancellationToken cancellationToken,
        Func<string?>? stuck = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ApiReply<InvoiceView>? last = null;
        try
        {
            while (true)
            {
                last = await GetAsync(token, invoiceId, deadline.Token);
                if (last.Status == HttpStatusCode.OK && IsTerminal(last.Body?.Status))
                    return last.Body!;
                if (last.Status is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable))
                    throw new InvalidOperationException($"GET /invoices/{invoiceId} answered {(int)last.Status}: {last.Text}");
                if (stuck?.Invoke() is { } reason)
                    throw new InvoiceWaitTimeoutException(invoiceId, last.Body?.Status, reason);
                await Task.Delay(TimeSpan.FromMilliseconds(300), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvoiceWaitTimeoutException(invoiceId, last?.Body?.Status, timeout, last?.Text);
        }
    }

    private async Task<ApiReply<T>> SendAsync<T>(HttpRequestMessage request, string token, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            T? body = null;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    body = JsonSerializer.Deserialize(text, type);
                }
                catch (JsonException)
                {
                    // Left null; the caller sees the raw text.
                }
            }
            return new ApiReply<T>(response.StatusCode, body, text) { ETag = response.Headers.ETag?.ToString() };
        }
    }
}

/// <summary>An invoice did not reach a terminal status in time; <see cref="LastStatus"/> is where it was stuck.</summary>
public sealed class InvoiceWaitTimeoutException : TimeoutException
{
    public InvoiceWaitTimeoutException(string invoiceId, string? lastStatus, TimeSpan timeout, string? lastAnswer)
        : base($"Invoice {invoiceId} was still {lastStatus ?? "unknown"} after {timeout.TotalSeconds:0} s (last answer: {lastAnswer}).") =>
        LastStatus = lastStatus;

    public InvoiceWaitTimeoutException(string invoiceId, string? lastStatus, string stuckReason)
        : base($"Invoice {invoiceId} is stuck at {lastStatus ?? "unknown"}: {stuckReason}")
    {
        LastStatus = lastStatus;
        StuckReason = stuckReason;
    }

    public string? LastStatus { get; }

    /// <summary>Why waiting longer is pointless, when that is known.</summary>
    public string? StuckReason { get; }
}
