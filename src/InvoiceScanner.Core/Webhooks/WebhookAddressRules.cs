using System.Net;
using System.Net.Sockets;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// Which IP addresses a webhook may reach: public unicast only. Everything that reaches this machine, its network,
/// the cloud's metadata service or a carrier's shared space is refused, as is any IPv6 form that carries such an
/// IPv4 address (mapped, compatible, NAT64).
/// </summary>
public static class WebhookAddressRules
{
    /// <summary>Why <paramref name="address"/> is refused, or null when a webhook may connect to it.</summary>
    /// <param name="allowLoopback">Local mode: 127.0.0.1 and ::1 (exactly those) are allowed.</param>
    public static string? WhyRefused(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (allowLoopback && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback)
            || (address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(IPAddress.Loopback))))
            return null;
        if (EmbeddedIPv4(address) is { } inner)
            return WhyRefusedV4(inner.GetAddressBytes());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyRefusedV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => WhyRefusedV6(address),
            _ => "is not an IP address a webhook can reach",
        };
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (EmbeddedIPv4(address) is { } inner && IPAddress.IsLoopback(inner));

    private static string? WhyRefusedV4(byte[] b) => (b[0], b[1]) switch
    {
        (0, _) => "is an unspecified address (0.0.0.0/8)",
        (127, _) => "is a loopback address (127.0.0.0/8)",
        (10, _) => "is a private address (10.0.0.0/8)",
        (172, >= 16 and <= 31) => "is a private address (172.16.0.0/12)",
        (192, 168) => "is a private address (192.168.0.0/16)",
        (169, 254) => "is a link-local address (169.254.0.0/16, which includes the cloud metadata service)",
        (100, >= 64 and <= 127) => "is a carrier-grade NAT address (100.64.0.0/10)",
        (var first, _) when first is >= 224 and <= 239 => "is a multicast address (224.0.0.0/4)",
        (var first, _) when first >= 240 => "is a reserved or broadcast address (240.0.0.0/4, 255.255.255.255)",
        _ => null,
    };

    private static string? WhyRefusedV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6None))
            return "is the unspecified address (::)";
        if (address.Equals(IPAddress.IPv6Loopback))
            return "is the loopback address (::1)";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
            return "is a link-local address (fe80::/10)";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
            return "is a site-local address (fec0::/10)";
        if ((b[0] & 0xfe) == 0xfc)
            return "is a unique-local address (fc00::/7)";
        if (b[0] == 0xff)
            return "is a multicast address (ff00::/8)";
        return null;
    }

    /// <summary>The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d).</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        var b = address.GetAddressBytes();
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        // A compatible address has twelve zero bytes; :: and ::1 themselves are judged as IPv6.
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0;
        return nat64 || compatible ? new IPAddress(b.AsSpan(12, 4)) : null;
    }
}
