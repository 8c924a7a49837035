using System.Security.Cryptography;
using System.Text;
using InvoiceScanner.Core.Webhooks;

namespace Webhooks.Tests;

/// <summary>The signature header, checked against an HMAC computed here independently of the product's code.</summary>
public class WebhookSignatureTests
{
    private const string Secret = "whsec-0123456789abcdef";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"e1","detail-type":"Invoice Completed","detail":{"total":"119.00"}}""");

    private static string Independent(string secret, long t, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signed = Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray();
        return string.Concat(hmac.ComputeHash(signed).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_header_is_the_time_and_the_hex_hmac_of_time_dot_body()
    {
        var header = WebhookSignature.Header(Secret, 1795370400, Body);

        Assert.Equal($"t=1795370400,v1={Independent(Secret, 1795370400, Body)}", header);
    }

    [Fact]
    public void Verify_accepts_the_signed_body_and_refuses_a_tampered_one_another_secret_or_an_old_time()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1795370400);
        var header = WebhookSignature.Header(Secret, now.ToUnixTimeSeconds(), Body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("119.00", "911.00", StringComparison.Ordinal));
        var tolerance = TimeSpan.FromMinutes(5);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, header, tampered, now, tolerance));
        Assert.NotEqual(Independent(Secret, now.ToUnixTimeSeconds(), tampered), header.Split("v1=")[1]);
        Assert.False(WebhookSignature.Verify("another-secret-entirely", header, Body, now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, now.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify(Secret, null, Body, now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, "v1=" + Independent(Secret, now.ToUnixTimeSeconds(), Body), Body, now, tolerance));
    }

    /// <summary>The receiver's check as README.md shows it (kept the same, so the README's code is known to work).</summary>
    private static bool ReadmeVerify(string secret, string header, byte[] body, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out var seconds) || !parts.TryGetValue("v1", out var v1)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
            return false;
        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(expected)), Encoding.ASCII.GetBytes(v1));
    }

    [Fact]
    public void The_readme_receiver_code_accepts_a_signed_body_and_refuses_a_tampered_one()
    {
        var header = WebhookSignature.Header(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Body);

        Assert.True(ReadmeVerify(Secret, header, Body, TimeSpan.FromMinutes(5)));
        Assert.False(ReadmeVerify(Secret, header, [.. Body, (byte)' '], TimeSpan.FromMinutes(5)));
        Assert.False(ReadmeVerify(Secret, WebhookSignature.Header(Secret, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), Body), Body, TimeSpan.FromMinutes(5)));
    }
}
