using System.Security.Cryptography;
using System.Text;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.LocalHost.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>One POST a webhook receiver got, and whether its signature verified with the receiver's secret.</summary>
public sealed record ReceivedHook(string Body, string? EventId, string? Signature, bool SignatureValid);

/// <summary>
/// A webhook endpoint on 127.0.0.1 as an integrator would write one: it checks InvoiceScanner-Signature
/// (t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;) with its own HMAC code and answers
/// <see cref="Status"/>.
/// </summary>
public sealed class WebhookReceiver(string secret, int status = 204) : IAsyncDisposable
{
    private WebApplication? _app;

    public WaitableLog<ReceivedHook> Received { get; } = new();

    public int Status { get; set; } = status;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(string secret, int status = 204, CancellationToken cancellationToken = default)
    {
        var receiver = new WebhookReceiver(secret, status);
        receiver._app = LoopbackWebApp.Create(0, 1024 * 1024, app => app.Run(receiver.HandleAsync));
        await receiver._app.StartAsync(cancellationToken);
        receiver.Url = $"http://127.0.0.1:{LoopbackWebApp.BoundPort(receiver._app)}/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var signature = context.Request.Headers["InvoiceScanner-Signature"].ToString();
        Received.Add(new ReceivedHook(body, context.Request.Headers["InvoiceScanner-Event-Id"].ToString(), signature, Verify(signature, body)));
        context.Response.StatusCode = Status;
    }

    private bool Verify(string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var timestamp) || !parts.TryGetValue("v1", out var given))
            return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
