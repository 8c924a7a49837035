using System.Collections.Concurrent;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>
/// <see cref="IInvoiceRepository"/> in memory with the same conditional-write rules as the DynamoDB one
/// (both defer to <see cref="InvoiceStatuses.Permits"/>), for fast domain and handler tests.
/// </summary>
public sealed class InMemoryInvoiceRepository : IInvoiceRepository
{
    private readonly ConcurrentDictionary<(string User, string Id), InvoiceRecord> _items = new();
    private readonly Lock _gate = new();

    public int TransitionCalls { get; private set; }

    public IReadOnlyCollection<InvoiceRecord> All => _items.Values.ToList();

    public Task CreateAsync(InvoiceRecord invoice, CancellationToken cancellationToken)
    {
        if (!_items.TryAdd((invoice.UserId, invoice.InvoiceId), invoice))
            throw new InvalidOperationException("exists");
        return Task.CompletedTask;
    }

    public Task<InvoiceRecord?> GetAsync(string userId, string invoiceId, CancellationToken cancellationToken) =>
        Task.FromResult(_items.GetValueOrDefault((userId, invoiceId)));

    public Task<InvoicePage> ListAsync(InvoiceQuery query, CancellationToken cancellationToken)
    {
        string? after = query.Cursor is null ? null : InvoiceCursor.Decode(query.Cursor);
        var items = _items.Values
            .Where(i => i.UserId == query.UserId)
            .OrderByDescending(i => i.InvoiceId, StringComparer.Ordinal)
            .Where(i => after is null || string.CompareOrdinal(i.InvoiceId, after) < 0)
            .Where(i => query.Status is null || i.Status == query.Status)
            .ToList();
        var page = items.Take(query.Limit).ToList();
        var next = items.Count > query.Limit ? InvoiceCursor.Encode(page[^1].InvoiceId) : null;
        return Task.FromResult(new InvoicePage(page, next));
    }

    public Task<TransitionResult> TransitionAsync(string userId, string invoiceId, StatusUpdate update, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            TransitionCalls++;
            if (!_items.TryGetValue((userId, invoiceId), out var current))
                return Task.FromResult(new TransitionResult(TransitionOutcome.NotFound));
            if (!InvoiceStatuses.Permits(current.Status, current.LeaseExpiresAt, update))
                return Task.FromResult(new TransitionResult(TransitionOutcome.Conflict, current.Status));
            _items[(userId, invoiceId)] = current with
            {
                Status = update.To,
                UpdatedAt = update.At,
                LeaseExpiresAt = update.LeaseExpiresAt,
                Document = update.Document ?? current.Document,
                OcrKey = update.OcrKey ?? current.OcrKey,
                OcrEngine = update.OcrEngine ?? current.OcrEngine,
                Failure = update.Failure ?? current.Failure,
                Result = update.Result ?? current.Result,
            };
            return Task.FromResult(new TransitionResult(TransitionOutcome.Applied));
        }
    }

    private readonly Dictionary<(string User, string Id, InvoiceStatus Claimed), int> _failedAttempts = [];

    public Task<int> ReleaseClaimAsync(string userId, string invoiceId, InvoiceStatus claimed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue((userId, invoiceId), out var current) || current.Status != claimed)
                return Task.FromResult(0);
            _items[(userId, invoiceId)] = current with { LeaseExpiresAt = DateTimeOffset.UnixEpoch };
            var failed = _failedAttempts.GetValueOrDefault((userId, invoiceId, claimed)) + 1;
            _failedAttempts[(userId, invoiceId, claimed)] = failed;
            return Task.FromResult(failed);
        }
    }

    public Task RecordDocumentAsync(string userId, string invoiceId, DocumentFacts document, string ocrKey, string ocrEngine, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_items.TryGetValue((userId, invoiceId), out var current))
                _items[(userId, invoiceId)] = current with { Document = document, OcrKey = ocrKey, OcrEngine = ocrEngine };
        }
        return Task.CompletedTask;
    }
}
