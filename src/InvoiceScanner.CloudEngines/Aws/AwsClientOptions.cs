using Amazon.Runtime;
using InvoiceScanner.Core.Configuration;

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
    /// The X-Ray trace header of the invocation making the call (Lambda's _X_AMZN_TRACE_ID, which the host sets per
    /// invocation), sent as X-Amzn-Trace-Id so Textract and Bedrock calls appear in the invocation's trace.
    /// </summary>
    public Func<string?> TraceHeader { get; init; } = () => Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");

    /// <summary>
    /// Reads AWS_REGION (or AWS_DEFAULT_REGION, else us-east-1) and the endpoint override from
    /// <paramref name="serviceEndpointVariable"/> (e.g. AWS_ENDPOINT_URL_TEXTRACT) or AWS_ENDPOINT_URL.
    /// </summary>
    public static AwsClientOptions FromEnvironment(string serviceEndpointVariable, Func<string, string?>? read = null)
    {
        var settings = new SettingsReader(read ?? Environment.GetEnvironmentVariable);
        return new AwsClientOptions
        {
            Region = settings.AwsRegion(),
            ServiceUrl = settings.AwsEndpoint(serviceEndpointVariable),
        };
    }

    /// <summary>https://{prefix}.{region}.amazonaws.com (".com.cn" in the China partition).</summary>
    public static Uri DefaultEndpoint(string hostPrefix, string region) =>
        new($"https://{hostPrefix}.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");
}
