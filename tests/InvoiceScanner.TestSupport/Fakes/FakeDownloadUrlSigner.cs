using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>Signs nothing: a URL naming the key (as the local bucket serves it), and a record of every grant.</summary>
public sealed class FakeDownloadUrlSigner : IDownloadUrlSigner
{
    public List<DownloadGrant> Grants { get; } = [];

    public Uri CreateDownloadUrl(DownloadGrant grant)
    {
        Grants.Add(grant);
        return new Uri("http://127.0.0.1:4569/invoicescanner-local/" + Uri.EscapeDataString(grant.Key).Replace("%2F", "/")
            + "?X-Amz-Expires=900&X-Amz-Signature=fake");
    }
}
