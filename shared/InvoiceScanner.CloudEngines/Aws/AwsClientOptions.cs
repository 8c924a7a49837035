using Amazon.Runtime;

namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>
/// What every signed client needs: region, optional endpoint override (local stand-ins), credentials (null =
/// AWSSDK.Core's default chain: environment, profile, web identity, container/instance role) and retry policy.
/// </summary>
public sealed record AwsClientOptions
{
    public required string Region { get; init; }

    /// <summary>Overrides the service's default https endpoint, e.g. http://127.0.0.1:4599 for a local fake.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Fixed credentials (tests, tools); null resolves them from the default chain on each call.</summary>
    public AWSCredentials? Credentials { get; init; }

    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;

    /// <summary>Limit for a single HTTP attempt; the caller's token still bounds the whole call.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Clock used for x-amz-date.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Reads AWS_REGION (or AWS_DEFAULT_REGION, else us-east-1) and the endpoint override from
    /// <paramref name="serviceEndpointVariable"/> (e.g. AWS_ENDPOINT_URL_TEXTRACT) or AWS_ENDPOINT_URL.
    /// </summary>
    public static AwsClientOptions FromEnvironment(string serviceEndpointVariable, Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var region = read("AWS_REGION") is { Length: > 0 } r ? r : read("AWS_DEFAULT_REGION") is { Length: > 0 } d ? d : "us-east-1";
        return new AwsClientOptions
        {
            Region = region,
            ServiceUrl = EndpointFrom(read, serviceEndpointVariable) ?? EndpointFrom(read, "AWS_ENDPOINT_URL"),
        };
    }

    /// <summary>https://{prefix}.{region}.amazonaws.com (".com.cn" in the China partition).</summary>
    public static Uri DefaultEndpoint(string hostPrefix, string region) =>
        new($"https://{hostPrefix}.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");

    private static Uri? EndpointFrom(Func<string, string?> read, string name) =>
        read(name) is not { Length: > 0 } value ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new InvalidOperationException($"Environment variable {name} must be an http(s) URL, not '{value}'.");
}
