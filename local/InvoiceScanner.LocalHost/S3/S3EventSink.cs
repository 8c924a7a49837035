using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.LocalHost.Emulators;
using InvoiceScanner.LocalHost.Web;
using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.LocalHost.S3;

/// <summary>
/// POST /s3-events on the control port: the object-created records emulators.js forwards from s3rver, handed to the
/// notification bridge. Only a caller presenting this run's secret is heard (emulators.js gets it through its
/// environment), so no other process on the machine can make the functions run on forged events. A stack that uses
/// emulators it did not start gets no events from them (they do not know the sink), so it requires the secret all the same.
/// </summary>
internal sealed class S3EventSink(Func<S3NotificationBridge?> bridge, StackLog log)
{
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly byte[] _secret = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>What emulators.js sends in <see cref="EmulatorsProcess.SinkSecretHeader"/>: 32 random bytes as hex, new every run.</summary>
    public string Secret => Encoding.ASCII.GetString(_secret);

    public async Task HandleAsync(HttpContext context)
    {
        if (!HasSecret(context.Request))
        {
            log.Warn($"/s3-events: refused a request from {context.Connection.RemoteIpAddress}:{context.Connection.RemotePort} without this stack's secret");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var body = await HttpBodies.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        S3EventNotificationRecord? record = null;
        try
        {
            record = body is null ? null : JsonSerializer.Deserialize(body, LambdaJsonContext.Default.S3EventNotificationRecord);
        }
        catch (JsonException)
        {
            // Answered below.
        }
        if (record is null || string.IsNullOrEmpty(record.S3.Object.Key))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (bridge() is not { } target)
        {
            // Still starting: emulators.js retries.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (target.Accept(record) == 0)
            log.Info($"s3://{record.S3.Bucket.Name}/{record.S3.Object.Key}: {record.EventName}, no notification configured");
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private bool HasSecret(HttpRequest request) =>
        request.Headers[EmulatorsProcess.SinkSecretHeader] is [{ } presented]
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _secret);
}
