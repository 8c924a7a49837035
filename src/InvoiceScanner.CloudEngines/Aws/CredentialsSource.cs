using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>Credentials for one call: the configured ones, or AWSSDK.Core's default chain (which caches and refreshes).</summary>
internal static class CredentialsSource
{
    private static readonly Lazy<DefaultAWSCredentialsIdentityResolver> DefaultChain = new(() => new DefaultAWSCredentialsIdentityResolver());

    public static async Task<ImmutableCredentials> ResolveAsync(AWSCredentials? configured, CancellationToken cancellationToken)
    {
        var credentials = configured ?? await DefaultChain.Value.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        var immutable = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        return immutable ?? throw new AmazonClientException("The AWS credential provider returned no credentials.");
    }
}
