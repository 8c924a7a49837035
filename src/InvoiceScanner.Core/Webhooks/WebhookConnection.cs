using System.Net;
using System.Net.Sockets;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>A connection the SSRF guard refused: the host resolved to, or the socket reached, a refused address.</summary>
public sealed class WebhookAddressRefusedException(string message) : IOException(message);

/// <summary>
/// The HTTP client deliveries use. It resolves the host itself and checks every address before dialling and the
/// address actually reached after (a DNS answer that changed since the URL was set cannot lead inside); it follows
/// no redirect (a 3xx is an answer, not a new target) and uses no proxy (the proxy would do the dialling).
/// </summary>
public static class WebhookConnection
{
    public static HttpClient CreateClient(WebhookUrlPolicy policy) => new(CreateHandler(policy), disposeHandler: true)
    {
        // Each attempt brings its own timeout (WebhookSettings.AttemptTimeout).
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static SocketsHttpHandler CreateHandler(WebhookUrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // A pooled connection was checked when it was made; a short life bounds how long a changed DNS answer is ignored.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(WebhookUrlPolicy policy, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await policy.ResolveAsync(endPoint.Host, cancellationToken);
        if (addresses.Length == 0)
            throw new WebhookAddressRefusedException($"the host {endPoint.Host} does not resolve");
        foreach (var address in addresses)
            if (policy.WhyRefused(address) is { } why)
                throw new WebhookAddressRefusedException(why);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            if (socket.RemoteEndPoint is not IPEndPoint reached || policy.WhyRefused(reached.Address) is { } why)
                throw new WebhookAddressRefusedException("the connection reached a refused address");
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
