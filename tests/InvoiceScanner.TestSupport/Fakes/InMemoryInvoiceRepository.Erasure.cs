using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>
/// Erasure in memory. The user's partition is what this repository holds (invoices, history, idempotency marks) plus
/// <see cref="AddPartitionItem"/>'s items standing in for what other stores keep there (vendor memory, quota counters).
/// </summary>
public sealed partial class InMemoryInvoiceRepository : IInvoiceErasureStore
{
    private readonly HashSet<(string User, string Id)> _erasing = [];
    private readonly SortedSet<(string User, string SortKey)> _otherItems = [];

    /// <summary>Makes the next <see cref="DeleteInvoiceItemsAsync"/> fail after the history went, before the invoice item.</summary>
    public bool FailNextInvoiceItemDelete { get; set; }

    /// <summary>How many times an invoice was marked as being erased (a retry marks again).</summary>
    public int ErasureMarks { get; private set; }

    private bool IsErasing(string userId, string invoiceId)
    {
        lock (_gate)
            return _erasing.Contains((userId, invoiceId));
    }

    /// <summary>Another item in the user's partition, e.g. "VENDOR#…" or "QUOTA#…".</summary>
    public void AddPartitionItem(string userId, string sortKey)
    {
        lock (_gate)
            _otherItems.Add((userId, sortKey));
    }

    /// <summary>The sort keys of every item in the user's partition, as the table would hold them.</summary>
    public IReadOnlyList<string> PartitionItems(string userId)
    {
        lock (_gate)
        {
            var keys = _items.Keys.Where(k => k.User == userId).Select(k => "INVOICE#" + k.Id)
                .Concat(_history.Where(h => h.User == userId).GroupBy(h => h.Id).SelectMany(g => g.Select((_, i) => $"HISTORY#{g.Key}#{i:D6}")))
                .Concat(_marks.Keys.Where(k => k.User == userId).Select(k => $"IDEMPOTENCY#{k.Id}#{k.Key}"))
                .Concat(_otherItems.Where(o => o.User == userId).Select(o => o.SortKey));
            return [.. keys.Order(StringComparer.Ordinal)];
        }
    }

    public Task<InvoiceRecord?> MarkErasingAsync(string userId, string invoiceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue((userId, invoiceId), out var current))
                return Task.FromResult<InvoiceRecord?>(null);
            ErasureMarks++;
            _erasing.Add((userId, invoiceId));
            // The version moves, so a person's change read before the mark is stale.
            _items[(userId, invoiceId)] = current with { Version = current.Version + 1 };
            return Task.FromResult<InvoiceRecord?>(current);
        }
    }

    public Task DeleteInvoiceItemsAsync(string userId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _history.RemoveAll(h => h.User == userId && h.Id == invoiceId);
            foreach (var key in _marks.Keys.Where(k => k.User == userId && k.Id == invoiceId).ToList())
                _marks.Remove(key);
            if (FailNextInvoiceItemDelete)
            {
                FailNextInvoiceItemDelete = false;
                throw new IOException("the table is unavailable");
            }
            _items.TryRemove((userId, invoiceId), out _);
            _erasing.Remove((userId, invoiceId));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> InvoiceIdsAsync(string userId, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _items.Keys.Where(k => k.User == userId).Select(k => k.Id).Order(StringComparer.Ordinal).Take(max)]);

    public Task<int> DeletePartitionItemsAsync(string userId, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var deleted = 0;
            foreach (var id in _items.Keys.Where(k => k.User == userId).Select(k => k.Id).Take(max).ToList())
            {
                _items.TryRemove((userId, id), out _);
                _erasing.Remove((userId, id));
                deleted++;
            }
            var history = _history.Where(h => h.User == userId).Take(max - deleted).ToList();
            _history.RemoveAll(history.Contains);
            deleted += history.Count;
            foreach (var key in _marks.Keys.Where(k => k.User == userId).Take(max - deleted).ToList())
            {
                _marks.Remove(key);
                deleted++;
            }
            // The upload quota's counters stay, as in DynamoDB.
            foreach (var item in _otherItems.Where(o => o.User == userId && !o.SortKey.StartsWith("QUOTA#", StringComparison.Ordinal)).Take(max - deleted).ToList())
            {
                _otherItems.Remove(item);
                deleted++;
            }
            return Task.FromResult(deleted);
        }
    }
}
