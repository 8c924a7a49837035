using System.Collections.Concurrent;
using InvoiceScanner.Core.Memory;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary><see cref="IVendorMemoryStore"/> in memory: one entry per user and vendor key, as the DynamoDB store keeps it.</summary>
public sealed class InMemoryVendorMemoryStore : IVendorMemoryStore
{
    public ConcurrentDictionary<(string User, string Key), VendorMemory> Entries { get; } = new();

    public Task<VendorMemory?> FindAsync(string userId, IReadOnlyList<string> vendorKeys, CancellationToken cancellationToken) =>
        Task.FromResult(vendorKeys.Select(k => Entries.GetValueOrDefault((userId, k))).FirstOrDefault(m => m is not null));

    public Task SaveAsync(VendorMemory memory, CancellationToken cancellationToken)
    {
        foreach (var key in memory.Keys.DefaultIfEmpty(memory.VendorKey))
            Entries[(memory.UserId, key)] = memory;
        return Task.CompletedTask;
    }
}
