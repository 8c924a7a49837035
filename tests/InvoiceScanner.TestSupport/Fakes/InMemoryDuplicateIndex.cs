using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary><see cref="IDuplicateIndex"/> in memory, with the table's conditional rules: the first claim wins.</summary>
public sealed class InMemoryDuplicateIndex : IDuplicateIndex
{
    private readonly Dictionary<(string User, string Key), string> _holders = [];
    private readonly Lock _gate = new();

    /// <summary>The keys the user's partition holds, with the invoice each points to.</summary>
    public IReadOnlyDictionary<string, string> Keys(string userId)
    {
        lock (_gate)
            return _holders.Where(h => h.Key.User == userId).ToDictionary(h => h.Key.Key, h => h.Value);
    }

    public Task<string> ClaimAsync(string userId, string key, string invoiceId, string? replacing, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_holders.TryGetValue((userId, key), out var holder) || holder == invoiceId || holder == replacing)
                _holders[(userId, key)] = holder = invoiceId;
            return Task.FromResult(holder);
        }
    }

    public Task ReleaseAsync(string userId, string key, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_holders.TryGetValue((userId, key), out var holder) && holder == invoiceId)
                _holders.Remove((userId, key));
        }
        return Task.CompletedTask;
    }
}
