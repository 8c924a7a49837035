namespace InvoiceScanner.Core.Ports;

/// <summary>A per-user limit: at most <see cref="Limit"/> uploads in each <see cref="Window"/> (windows start on its multiples since the epoch).</summary>
public sealed record QuotaWindow(string Name, TimeSpan Window, int Limit);

/// <summary>The window that refused, and when it opens again.</summary>
public sealed record QuotaRefusal(QuotaWindow Window, DateTimeOffset RetryAt);

/// <summary>Counts each user's upload requests against their windows.</summary>
public interface IUploadQuota
{
    /// <summary>
    /// Counts one upload for <paramref name="userId"/> at <paramref name="at"/> in every window, atomically: either all
    /// windows take it (null) or none is changed and the first full window is returned.
    /// </summary>
    Task<QuotaRefusal?> TryTakeAsync(string userId, DateTimeOffset at, IReadOnlyList<QuotaWindow> windows, CancellationToken cancellationToken);
}
