using System.Net;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Webhooks;

namespace Webhooks.Tests;

/// <summary>The SSRF guard: which addresses and URLs a webhook may name, in AWS and in local mode.</summary>
public class WebhookUrlPolicyTests
{
    private static readonly Dictionary<string, IPAddress[]> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.example.com"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946")],
        ["internal.example.com"] = [IPAddress.Parse("10.0.0.5")],
        ["mixed.example.com"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.1.10")],
        ["metadata.example.com"] = [IPAddress.Parse("169.254.169.254")],
        ["v6local.example.com"] = [IPAddress.Parse("fd00::1")],
        ["localhost"] = [IPAddress.Loopback, IPAddress.IPv6Loopback],
    };

    private static WebhookUrlPolicy Policy(bool allowLoopback = false) =>
        new(allowLoopback, (host, _) => Names.TryGetValue(host, out var found) ? Task.FromResult(found) : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException(11001)));

    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    public void Each_refused_range_is_refused_naming_it(string address, string why)
    {
        var refused = WebhookAddressRules.WhyRefused(IPAddress.Parse(address), allowLoopback: false);

        Assert.NotNull(refused);
        Assert.Contains(why, refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(WebhookAddressRules.WhyRefused(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    public void Local_mode_opens_exactly_the_loopback_addresses(string address, bool allowed) =>
        Assert.Equal(allowed, WebhookAddressRules.WhyRefused(IPAddress.Parse(address), allowLoopback: true) is null);

    [Theory]
    [InlineData("http://hooks.example.com/hook", "https")]
    [InlineData("ftp://hooks.example.com/hook", "https")]
    [InlineData("https://user:secret@hooks.example.com/hook", "user name")]
    [InlineData("https://localhost/hook", "this machine")]
    [InlineData("https://api.localhost/hook", "this machine")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[::ffff:a9fe:a9fe]/", "link-local")]
    [InlineData("https://[fe80::1]/hook", "link-local")]
    [InlineData("https://internal.example.com/hook", "10.0.0.5")]
    [InlineData("https://mixed.example.com/hook", "192.168.1.10")]
    [InlineData("https://metadata.example.com/hook", "link-local")]
    [InlineData("https://v6local.example.com/hook", "unique-local")]
    [InlineData("https://nowhere.example.com/hook", "does not resolve")]
    public async Task A_refused_url_throws_WEBHOOK_URL_REFUSED_naming_why(string url, string why)
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Policy().RequireAllowedAsync(url, CancellationToken.None));

        Assert.Equal(ErrorCodes.WebhookUrlRefused, refused.Code);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.com/hook")]
    [InlineData("https://hooks.example.com:8443/hooks/invoices?source=scanner")]
    [InlineData("https://93.184.216.34/hook")]
    public async Task A_public_https_url_is_allowed(string url) =>
        Assert.Equal(new Uri(url), await Policy().RequireAllowedAsync(url, CancellationToken.None));

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", null)]
    [InlineData("https://127.0.0.1:8443/hook", null)]
    [InlineData("http://localhost:8080/hook", null)]
    [InlineData("http://[::1]:8080/hook", null)]
    [InlineData("https://hooks.example.com/hook", null)]
    [InlineData("http://hooks.example.com/hook", "https")]
    [InlineData("http://10.0.0.1/hook", "https")]
    [InlineData("https://10.0.0.1/hook", "private")]
    [InlineData("https://192.168.1.1/hook", "private")]
    [InlineData("http://127.0.0.2/hook", "loopback")]
    public async Task Local_mode_allows_loopback_over_http_and_https_and_nothing_else_private(string url, string? why)
    {
        var check = Policy(allowLoopback: true).RequireAllowedAsync(url, CancellationToken.None);
        if (why is null)
        {
            await check;
            return;
        }
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => check);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }
}
