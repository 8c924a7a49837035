using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// The InvoiceScanner-Signature header: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;.
/// The time is signed with the body so a receiver can refuse a replay of an old request.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "InvoiceScanner-Signature";

    public static string Header(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, unixSeconds, body)}";

    /// <summary>Lower-case hex of the HMAC over "&lt;t&gt;." followed by the body's bytes exactly as sent.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>
    /// What a receiver does: the header's v1 matches the body under the secret (compared in constant time) and its t
    /// is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
            return false;
        long? t = null;
        string? v1 = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                t = seconds;
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
                v1 = part[3..];
        }
        if (t is not { } signedAt || v1 is null || Math.Abs(now.ToUnixTimeSeconds() - signedAt) > tolerance.TotalSeconds)
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, signedAt, body)), Encoding.ASCII.GetBytes(v1));
    }
}
