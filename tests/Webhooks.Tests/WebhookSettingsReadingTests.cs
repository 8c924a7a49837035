using InvoiceScanner.Core.Configuration;

namespace Webhooks.Tests;

/// <summary>The WEBHOOKS_* variables, read by the one settings reader.</summary>
public class WebhookSettingsReadingTests
{
    private static FunctionSettings Read(params (string Name, string Value)[] variables)
    {
        var all = new Dictionary<string, string> { ["TABLE_NAME"] = "t", ["BUCKET_NAME"] = "b" };
        foreach (var (name, value) in variables)
            all[name] = value;
        return FunctionSettings.FromVariables(name => all.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_are_https_only_five_attempts_from_one_second()
    {
        var webhooks = Read().Webhooks;

        Assert.False(webhooks.AllowLoopback);
        Assert.Equal(5, webhooks.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), webhooks.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(8), webhooks.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), webhooks.AttemptTimeout);
        Assert.Equal(5, webhooks.DisableAfterFailures);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Local_mode_is_switched_by_WEBHOOKS_ALLOW_LOOPBACK(string value, bool allowed) =>
        Assert.Equal(allowed, Read(("WEBHOOKS_ALLOW_LOOPBACK", value)).Webhooks.AllowLoopback);

    [Fact]
    public void Attempts_and_base_delay_are_settable_and_checked()
    {
        var webhooks = Read(("WEBHOOKS_MAX_ATTEMPTS", "2"), ("WEBHOOKS_RETRY_BASE_MS", "10")).Webhooks;

        Assert.Equal((2, TimeSpan.FromMilliseconds(10)), (webhooks.MaxAttempts, webhooks.BaseDelay));
        Assert.Contains("WEBHOOKS_MAX_ATTEMPTS", Assert.Throws<InvalidOperationException>(() => Read(("WEBHOOKS_MAX_ATTEMPTS", "0"))).Message, StringComparison.Ordinal);
        Assert.Contains("WEBHOOKS_ALLOW_LOOPBACK", Assert.Throws<InvalidOperationException>(() => Read(("WEBHOOKS_ALLOW_LOOPBACK", "yes"))).Message, StringComparison.Ordinal);
    }
}
