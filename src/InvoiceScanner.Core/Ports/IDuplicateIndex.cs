namespace InvoiceScanner.Core.Ports;

/// <summary>
/// Lookup items in the user's own partition that point a duplicate key (a file's hash, a vendor's invoice number) to the
/// first invoice that held it. Reached by key only, never by scanning, and never across users.
/// </summary>
public interface IDuplicateIndex
{
    /// <summary>
    /// Points <paramref name="key"/> to <paramref name="invoiceId"/> when nothing holds it yet — or, with
    /// <paramref name="replacing"/>, when it points to that (stale) invoice — and returns the id the key points to
    /// afterwards: <paramref name="invoiceId"/> when this call won, else the invoice that holds it.
    /// </summary>
    Task<string> ClaimAsync(string userId, string key, string invoiceId, string? replacing, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="key"/> when it points to <paramref name="invoiceId"/>; nothing happens otherwise.</summary>
    Task ReleaseAsync(string userId, string key, string invoiceId, CancellationToken cancellationToken);
}
