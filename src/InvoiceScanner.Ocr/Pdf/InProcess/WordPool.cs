namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Words bucketed by baseline (4-point buckets), each bucket ordered along the reading direction: the structure
/// poppler groups blocks and lines from. Which word a search meets first depends on this order, so it is kept
/// exactly: by start, and among equal starts the word added last comes first.
/// </summary>
internal sealed class WordPool
{
    private const double Step = 4;
    private readonly Dictionary<int, List<TextWord>> buckets = [];
    private int count;

    public WordPool(IEnumerable<TextWord> words)
    {
        var order = 0;
        var ranked = new List<(TextWord Word, int Order)>();
        foreach (var word in words) ranked.Add((word, order++));
        foreach (var (word, _) in ranked.OrderBy(r => r.Word.PMin).ThenByDescending(r => r.Order))
        {
            var index = (int)(word.Base / Step);
            if (!buckets.TryGetValue(index, out var bucket)) buckets[index] = bucket = [];
            bucket.Add(word);
            count++;
        }

        MinIndex = count == 0 ? 0 : buckets.Keys.Min();
        MaxIndex = count == 0 ? -1 : buckets.Keys.Max();
    }

    public int MinIndex { get; }
    public int MaxIndex { get; }
    public bool IsEmpty => count == 0;

    /// <summary>The bucket a baseline falls in, clamped to the pool's range.</summary>
    public int IndexOf(double baseline)
    {
        var raw = baseline / Step;
        if (double.IsNaN(raw) || raw < MinIndex) return MinIndex;
        return raw > MaxIndex ? MaxIndex : (int)raw;
    }

    /// <summary>The words of a bucket, in order; empty when there are none. Remove through <see cref="Take"/>.</summary>
    public IReadOnlyList<TextWord> Bucket(int index) =>
        buckets.TryGetValue(index, out var bucket) ? bucket : [];

    public TextWord Take(int index, int position)
    {
        var bucket = buckets[index];
        var word = bucket[position];
        bucket.RemoveAt(position);
        count--;
        return word;
    }

    public void Remove(TextWord word)
    {
        if (buckets.TryGetValue((int)(word.Base / Step), out var bucket) && bucket.Remove(word)) count--;
    }

    /// <summary>The first non-empty bucket at or after <paramref name="from"/>, or null.</summary>
    public int? FirstNonEmpty(int from)
    {
        for (var index = Math.Max(from, MinIndex); index <= MaxIndex; index++)
        {
            if (Bucket(index).Count > 0) return index;
        }

        return null;
    }

    /// <summary>
    /// Where a block or line starts: the first non-empty bucket, or among it and the next three the one whose first
    /// word starts furthest back, so a superscript above a line does not start it.
    /// </summary>
    public int SeedBucket(int first)
    {
        var best = first;
        for (var index = first + 1; index < first + 4 && index <= MaxIndex; index++)
        {
            var bucket = Bucket(index);
            if (bucket.Count > 0 && bucket[0].PMin < Bucket(best)[0].PMin) best = index;
        }

        return best;
    }
}
