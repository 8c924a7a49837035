using System.Collections.Concurrent;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>
/// <see cref="IInvoiceRepository"/> in memory with the same conditional-write rules as the DynamoDB one
/// (both defer to <see cref="InvoiceStatuses.Permits"/>), for fast domain and handler tests. An invoice marked as being
/// erased is missing to every read and refuses every write, as in the table.
/// </summary>
public sealed partial class InMemoryInvoiceRepository : IInvoiceRepository
{
    private readonly ConcurrentDictionary<(string User, string Id), InvoiceRecord> _items = new();
    private readonly Lock _gate = new();

    public int TransitionCalls { get; private set; }

    public IReadOnlyCollection<InvoiceRecord> All => _items.Values.ToList();

    private readonly List<(string User, string Id, HistoryEntry Entry)> _history = [];
    private readonly Dictionary<(string User, string Id, string Key), IdempotencyMark> _marks = [];

    /// <summary>Makes the next history write fail, as a failed transaction would: the change it belongs to must not land.</summary>
    public bool FailNextHistoryWrite { get; set; }

    public Task CreateAsync(InvoiceRecord invoice, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_items.ContainsKey((invoice.UserId, invoice.InvoiceId)))
                throw new InvalidOperationException("exists");
            AppendHistory(invoice.UserId, invoice.InvoiceId,
                [new HistoryEntry(HistoryKinds.Created, invoice.CreatedAt, Actor.User(invoice.UserId)) { Status = invoice.Status.ToWire() }]);
            _items[(invoice.UserId, invoice.InvoiceId)] = invoice with { Version = Math.Max(1, invoice.Version) };
        }
        return Task.CompletedTask;
    }

    /// <summary>Appends atomically with the caller's change: throws before anything is written when told to fail.</summary>
    private void AppendHistory(string user, string id, IEnumerable<HistoryEntry> entries)
    {
        if (FailNextHistoryWrite)
        {
            FailNextHistoryWrite = false;
            throw new InvalidOperationException("history write failed (transaction cancelled)");
        }
        _history.AddRange(entries.Select(e => (user, id, e)));
    }

    public Task<InvoiceRecord?> GetAsync(string userId, string invoiceId, CancellationToken cancellationToken) =>
        Task.FromResult(IsErasing(userId, invoiceId) ? null : _items.GetValueOrDefault((userId, invoiceId)));

    public Task<InvoicePage> ListAsync(InvoiceQuery query, CancellationToken cancellationToken)
    {
        string? after = query.Cursor is null ? null : InvoiceCursor.Decode(query.Cursor);
        var mine = _items.Values.Where(i => i.UserId == query.UserId && !IsErasing(i.UserId, i.InvoiceId));
        var items = (query.OldestFirst ? mine.OrderBy(i => i.InvoiceId, StringComparer.Ordinal) : mine.OrderByDescending(i => i.InvoiceId, StringComparer.Ordinal))
            .Where(i => after is null || (query.OldestFirst ? string.CompareOrdinal(i.InvoiceId, after) > 0 : string.CompareOrdinal(i.InvoiceId, after) < 0))
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
            if (!_items.TryGetValue((userId, invoiceId), out var current) || IsErasing(userId, invoiceId))
                return Task.FromResult(new TransitionResult(TransitionOutcome.NotFound));
            if (!InvoiceStatuses.Permits(current.Status, current.LeaseExpiresAt, update, current.Failure?.Code))
                return Task.FromResult(new TransitionResult(TransitionOutcome.Conflict, current.Status));
            AppendHistory(userId, invoiceId, [new HistoryEntry(HistoryKinds.Status, update.At, update.By ?? Actor.Function("unknown"))
            {
                Status = update.To.ToWire(),
                Result = update.Result is { } result ? ResultSummary.Of(result) : null,
                Reason = update.Failure is { } failure ? $"{failure.Code}: {failure.Message}" : null,
            }]);
            _items[(userId, invoiceId)] = current with
            {
                Version = current.Version + 1,
                Status = update.To,
                UpdatedAt = update.At,
                LeaseExpiresAt = update.LeaseExpiresAt,
                Document = update.Document ?? current.Document,
                OcrKey = update.OcrKey ?? current.OcrKey,
                OcrEngine = update.OcrEngine ?? current.OcrEngine,
                Failure = update.Failure ?? (update.To is InvoiceStatus.Failed or InvoiceStatus.Expired ? current.Failure : null),
                Result = update.Result ?? current.Result,
            };
            return Task.FromResult(new TransitionResult(TransitionOutcome.Applied));
        }
    }

    private readonly Dictionary<(string User, string Id, InvoiceStatus Claimed), int> _failedAttempts = [];

    /// <summary>How many of the next claim releases fail, as they would while the table is unreachable.</summary>
    public int FailNextReleases { get; set; }

    public Task<int> ReleaseClaimAsync(string userId, string invoiceId, InvoiceStatus claimed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextReleases > 0)
            {
                FailNextReleases--;
                throw new IOException("the table is unreachable");
            }
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
            if (_items.TryGetValue((userId, invoiceId), out var current) && !IsErasing(userId, invoiceId))
                _items[(userId, invoiceId)] = current with { Document = document, OcrKey = ocrKey, OcrEngine = ocrEngine };
        }
        return Task.CompletedTask;
    }

    public Task<ChangeOutcome> SaveChangeAsync(InvoiceRecord updated, long expectedVersion, IReadOnlyList<HistoryEntry> history,
        IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue((updated.UserId, updated.InvoiceId), out var current) || current.Version != expectedVersion
                || IsErasing(updated.UserId, updated.InvoiceId))
                return Task.FromResult(ChangeOutcome.Stale);
            if (mark is not null && _marks.ContainsKey((updated.UserId, updated.InvoiceId, mark.Key)))
                return Task.FromResult(ChangeOutcome.DuplicateRequest);
            AppendHistory(updated.UserId, updated.InvoiceId, history);
            if (mark is not null)
                _marks[(updated.UserId, updated.InvoiceId, mark.Key)] = mark;
            _items[(updated.UserId, updated.InvoiceId)] = updated;
            return Task.FromResult(ChangeOutcome.Applied);
        }
    }

    public Task<IdempotencyMark?> GetIdempotencyMarkAsync(string userId, string invoiceId, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_marks.GetValueOrDefault((userId, invoiceId, key)));
    }

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<HistoryEntry>>([.. _history.Where(h => h.User == userId && h.Id == invoiceId).Select(h => h.Entry)]);
    }

    public Task<InvoicePage> ReviewQueueAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : ReviewCursor.Decode(cursor).InvoiceId;
        var queue = _items.Values.Where(i => i.Status == InvoiceStatus.NeedsReview && !IsErasing(i.UserId, i.InvoiceId))
            .OrderBy(i => i.InvoiceId, StringComparer.Ordinal)
            .Where(i => after is null || string.CompareOrdinal(i.InvoiceId, after) > 0)
            .ToList();
        var page = queue.Take(limit).ToList();
        return Task.FromResult(new InvoicePage(page, queue.Count > limit ? ReviewCursor.Encode(page[^1].UserId, page[^1].InvoiceId) : null));
    }

    public async IAsyncEnumerable<InFlightInvoice> InFlightAsync(DateTimeOffset updatedBefore, int max,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<InvoiceRecord> due;
        lock (_gate)
            due = [.. _items.Values.Where(i => !i.Status.IsTerminal() && i.UpdatedAt < updatedBefore && !IsErasing(i.UserId, i.InvoiceId))
                .OrderBy(i => i.UpdatedAt).Take(max)];
        foreach (var invoice in due)
        {
            await Task.Yield();
            yield return new InFlightInvoice(invoice.UserId, invoice.InvoiceId, invoice.Status, invoice.UpdatedAt)
            {
                UploadExpiresAt = invoice.UploadExpiresAt,
                LeaseExpiresAt = invoice.LeaseExpiresAt,
            };
        }
    }

    public Task<string?> FindOwnerAsync(string invoiceId, CancellationToken cancellationToken) =>
        Task.FromResult(_items.Keys.Where(k => k.Id == invoiceId).Select(k => k.User).FirstOrDefault());
}
