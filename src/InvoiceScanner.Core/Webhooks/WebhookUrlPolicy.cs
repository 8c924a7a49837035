using System.Net;
using System.Net.Sockets;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>Resolves a host name to its addresses (DNS in production; a table in tests).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>
/// Where a webhook may point (the SSRF guard): https, no user info, and a host that neither is nor resolves to an
/// address <see cref="WebhookAddressRules"/> refuses. Checked when the user sets the URL, and again on the address
/// actually dialled at every delivery (<see cref="WebhookConnection"/>), since DNS may answer differently later.
/// </summary>
public sealed class WebhookUrlPolicy(bool allowLoopback, HostResolver? resolver = null)
{
    public static readonly HostResolver Dns = (host, cancellationToken) => System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);

    public bool AllowLoopback => allowLoopback;

    private readonly HostResolver resolver = resolver ?? Dns;

    /// <summary>The addresses a host stands for: an IP literal itself, a name what the resolver answers.</summary>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.TrimEnd('.').Trim('[', ']');
        return IPAddress.TryParse(host, out var literal) ? Task.FromResult<IPAddress[]>([literal]) : resolver(host, cancellationToken);
    }

    /// <summary>Why the URL itself is refused (before any lookup), or null.</summary>
    public string? WhyRefused(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
            return "the URL must use https";
        if (url.UserInfo.Length > 0)
            return "the URL must not carry a user name or password";
        var host = url.DnsSafeHost.TrimEnd('.');
        var loopbackHost = IsLocalhostName(host) || (IPAddress.TryParse(host, out var literal) && WebhookAddressRules.IsLoopback(literal));
        if (allowLoopback && loopbackHost)
            return null;
        if (url.Scheme == "http")
            return allowLoopback ? "http is allowed only to 127.0.0.1, ::1 or localhost in local mode; use https" : "the URL must use https";
        if (IsLocalhostName(host))
            return $"the host {host} names this machine";
        if (host.Length == 0)
            return "the URL names no host";
        return IPAddress.TryParse(host, out var address) && WebhookAddressRules.WhyRefused(address, allowLoopback) is { } why
            ? $"the host {address} {why}"
            : null;
    }

    /// <summary>Why an address the URL's host resolved to (or the connection reached) is refused, or null.</summary>
    public string? WhyRefused(IPAddress address) =>
        WebhookAddressRules.WhyRefused(address, allowLoopback) is { } why ? $"the host resolves to {address}, which {why}" : null;

    /// <summary>Checks the URL and every address its host resolves to now.</summary>
    /// <exception cref="RequestValidationException">WEBHOOK_URL_REFUSED, naming why (also under details.url).</exception>
    public async Task<Uri> RequireAllowedAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw Refused("the URL is not an absolute URL");
        if (WhyRefused(uri) is { } why)
            throw Refused(why);
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw Refused($"the host {uri.DnsSafeHost} does not resolve");
        }
        if (addresses.Length == 0)
            throw Refused($"the host {uri.DnsSafeHost} does not resolve");
        foreach (var address in addresses)
            if (WhyRefused(address) is { } refused)
                throw Refused(refused);
        return uri;
    }

    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static RequestValidationException Refused(string why) =>
        new(ErrorCodes.WebhookUrlRefused, "The webhook URL is refused: " + why + ".", new Dictionary<string, string> { ["url"] = why });
}
