using System.Globalization;

namespace InvoiceScanner.Core.Configuration;

/// <summary>
/// The one reader of configuration (environment variables). Each settings record states its defaults once, as its
/// property initialisers, and passes them here as the fallback; an unset or blank variable keeps the default, a value
/// that does not parse or is out of range throws at start-up with a message naming the variable, what it must be and
/// what it was, so a misconfigured function fails before its first document rather than on it.
/// </summary>
public sealed class SettingsReader(Func<string, string?> read)
{
    public static SettingsReader FromEnvironment() => new(Environment.GetEnvironmentVariable);

    /// <summary>The trimmed value; null when unset or blank.</summary>
    public string? Text(string name) => read(name) is { } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    public string Required(string name) =>
        Text(name) ?? throw new InvalidOperationException($"Environment variable {name} is not set.");

    public long Integer(string name, long fallback, long min, long max)
    {
        if (Text(name) is not { } value)
            return fallback;
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw Invalid(name, value, $"a whole number from {min} to {max}");
    }

    public int Integer(string name, int fallback, int min, int max) => (int)Integer(name, (long)fallback, min, max);

    /// <summary>A whole number of seconds.</summary>
    public TimeSpan Seconds(string name, TimeSpan fallback, long min, long max) =>
        TimeSpan.FromSeconds(Integer(name, (long)fallback.TotalSeconds, min, max));

    public double Fraction(string name, double fallback)
    {
        if (Text(name) is not { } value)
            return fallback;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
            ? number
            : throw Invalid(name, value, "a number from 0 to 1");
    }

    /// <summary>1 (on) or 0 (off).</summary>
    public bool Switch(string name, bool fallback) => Integer(name, fallback ? 1 : 0, 0, 1) == 1;

    /// <summary>One of the enum's names, in any case.</summary>
    public T Choice<T>(string name, T fallback) where T : struct, Enum =>
        Choice(name, fallback, Enum.GetValues<T>().Select(v => (v.ToString(), v)).ToArray());

    /// <summary>One of the given names, in any case.</summary>
    public T Choice<T>(string name, T fallback, params (string Name, T Value)[] choices)
    {
        if (Text(name) is not { } value)
            return fallback;
        foreach (var (choice, result) in choices)
            if (string.Equals(choice, value, StringComparison.OrdinalIgnoreCase))
                return result;
        throw Invalid(name, value, "one of " + string.Join(", ", choices.Select(c => c.Name)));
    }

    /// <summary>An absolute http(s) URL, e.g. an endpoint override for a local stand-in; null when unset.</summary>
    public Uri? HttpUrl(string name)
    {
        if (Text(name) is not { } value)
            return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw Invalid(name, value, "an http(s) URL");
    }

    /// <summary>AWS_REGION as Lambda sets it, else AWS_DEFAULT_REGION (CLI convention), else us-east-1.</summary>
    public string AwsRegion() => Text("AWS_REGION") ?? Text("AWS_DEFAULT_REGION") ?? "us-east-1";

    /// <summary>A service's endpoint override: its own variable (e.g. AWS_ENDPOINT_URL_S3), else AWS_ENDPOINT_URL.</summary>
    public Uri? AwsEndpoint(string serviceVariable) => HttpUrl(serviceVariable) ?? HttpUrl("AWS_ENDPOINT_URL");

    private static InvalidOperationException Invalid(string name, string value, string expected) =>
        new($"Environment variable {name} must be {expected}, not '{value}'.");
}
