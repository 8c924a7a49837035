using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Things loaded from disk once per process and shared (models, by folder or file). A load that fails is not kept:
/// the next caller tries again (the files may still have been installing).
/// </summary>
// Lazy<T> asks the trimmer to keep T's default constructor (for its parameterless form, unused here).
internal sealed class LoadedOnce<TKey, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<TValue>> _loaded = new();

    public TValue Get(TKey key, Func<TKey, TValue> load)
    {
        var lazy = _loaded.GetOrAdd(key, k => new Lazy<TValue>(() => load(k)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _loaded.TryRemove(new KeyValuePair<TKey, Lazy<TValue>>(key, lazy));
            throw;
        }
    }
}
