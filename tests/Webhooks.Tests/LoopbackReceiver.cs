using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Webhooks.Tests;

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (HttpListener on a free port): records every request and answers with the
/// status (and headers) the test's responder picks for it.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Func<ReceivedRequest, (int Status, IReadOnlyDictionary<string, string>? Headers)> respond;

    public LoopbackReceiver(Func<ReceivedRequest, (int Status, IReadOnlyDictionary<string, string>? Headers)> respond)
    {
        this.respond = respond;
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public LoopbackReceiver(int status) : this(_ => (status, null))
    {
    }

    public int Port { get; }

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray(), DateTimeOffset.UtcNow);
            Requests.Enqueue(request);
            var (status, extra) = respond(request);
            try
            {
                context.Response.StatusCode = status;
                foreach (var (name, value) in extra ?? new Dictionary<string, string>())
                    context.Response.Headers[name] = value;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // The client gave up (a timed-out attempt) or the receiver is being stopped.
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(false);
    }
}
