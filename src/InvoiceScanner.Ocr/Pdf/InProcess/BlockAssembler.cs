namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Grows blocks from words the way pdftotext does, per text direction. A block starts at the top-left word left and
/// takes in, until nothing more fits: words on the lines just above or below (within 1.5× the font size) that overlap
/// it and share its font size; words on its own lines that overlap it or come within 0.7× the font size of it; and,
/// when nothing else was found, up to three stray words per side within one font size of its edge. A wider gap on a
/// line therefore starts another block, which is how columns and table cells stay apart.
/// </summary>
internal static class BlockAssembler
{
    private const double ColumnSpacingInside = 0.7;
    private const double ColumnSpacingOutside = 1.0;
    private const double MaxLineSpacing = 1.5;
    private const double MaxIntraLineDelta = 0.5;
    private const double MaxFontSizeDeltaAboveBelow = 0.05;
    private const double MaxFontSizeDeltaOverlapping = 0.6;
    private const double MaxFontSizeDeltaBeside = 0.2;

    public static List<TextBlock> Assemble(IReadOnlyList<TextWord> words)
    {
        var blocks = new List<TextBlock>();
        for (var rotation = 0; rotation < 4; rotation++)
        {
            var pool = new WordPool(words.Where(w => w.Rotation == rotation));
            var cursor = pool.MinIndex;
            while (pool.FirstNonEmpty(cursor) is { } first)
            {
                cursor = first;
                var seed = pool.Take(pool.SeedBucket(first), 0);
                blocks.Add(Grow(pool, seed));
            }
        }

        return blocks;
    }

    private static TextBlock Grow(WordPool pool, TextWord seed)
    {
        var block = new TextBlock(seed.Rotation);
        block.Add(seed);
        var size = seed.FontSize;
        var (minBase, maxBase) = (seed.Base, seed.Base);
        var lineSpace = MaxLineSpacing * size;
        var intraLine = MaxIntraLineDelta * size;
        bool found;
        do
        {
            found = false;
            var last = TakeAll(pool, block, pool.IndexOf(minBase), pool.IndexOf(minBase - lineSpace), w =>
                w.Base < minBase && w.Base >= minBase - lineSpace && Overlaps(w, block, 0) && SimilarSize(w, size, MaxFontSizeDeltaAboveBelow));
            if (last is not null) (minBase, found) = (last.Base, true);

            last = TakeAll(pool, block, pool.IndexOf(maxBase), pool.IndexOf(maxBase + lineSpace), w =>
                w.Base > maxBase && w.Base <= maxBase + lineSpace && Overlaps(w, block, 0) && SimilarSize(w, size, MaxFontSizeDeltaAboveBelow));
            if (last is not null) (maxBase, found) = (last.Base, true);

            var (low, high) = (minBase - intraLine, maxBase + intraLine);
            last = TakeAll(pool, block, pool.IndexOf(low), pool.IndexOf(high), w =>
                w.Base >= low && w.Base <= high && Overlaps(w, block, ColumnSpacingInside * size) && SimilarSize(w, size, MaxFontSizeDeltaOverlapping));
            found |= last is not null;
            if (found) continue;

            var gap = ColumnSpacingOutside * size;
            found |= TakeStrays(pool, block, ref minBase, ref maxBase, intraLine, size, w => w.PMax <= block.PMin && w.PMax > block.PMin - gap);
            found |= TakeStrays(pool, block, ref minBase, ref maxBase, intraLine, size, w => w.PMin >= block.PMax && w.PMin < block.PMax + gap);
        }
        while (found);

        return block;
    }

    /// <summary>Moves every matching word of buckets <paramref name="from"/>..<paramref name="to"/> into the block; the last one moved, or null.</summary>
    private static TextWord? TakeAll(WordPool pool, TextBlock block, int from, int to, Func<TextWord, bool> matches)
    {
        TextWord? last = null;
        var step = to >= from ? 1 : -1;
        for (var index = from; step > 0 ? index <= to : index >= to; index += step)
        {
            var bucket = pool.Bucket(index);
            for (var i = 0; i < bucket.Count;)
            {
                if (!matches(bucket[i]))
                {
                    i++;
                    continue;
                }

                last = pool.Take(index, i);
                block.Add(last);
            }
        }

        return last;
    }

    /// <summary>
    /// Words just beside the block on its lines join it only when at most three lines have one: more means a
    /// neighbouring column, not stragglers. One word per line is taken per round.
    /// </summary>
    private static bool TakeStrays(
        WordPool pool, TextBlock block, ref double minBase, ref double maxBase, double intraLine, double size, Func<TextWord, bool> beside)
    {
        var (low, high) = (minBase - intraLine, maxBase + intraLine);
        bool Matches(TextWord w) => w.Base >= low && w.Base <= high && beside(w) && SimilarSize(w, size, MaxFontSizeDeltaBeside);
        var from = pool.IndexOf(low);
        var to = pool.IndexOf(high);
        var lines = 0;
        for (var index = from; index <= to; index++)
        {
            if (pool.Bucket(index).Any(Matches)) lines++;
        }

        if (lines is 0 or > 3) return false;
        var taken = false;
        for (var index = from; index <= to; index++)
        {
            var bucket = pool.Bucket(index);
            for (var i = 0; i < bucket.Count; i++)
            {
                if (!Matches(bucket[i])) continue;
                var word = pool.Take(index, i);
                block.Add(word);
                if (word.Base < minBase) minBase = word.Base;
                else if (word.Base > maxBase) maxBase = word.Base;
                taken = true;
                break;
            }
        }

        return taken;
    }

    private static bool Overlaps(TextWord word, TextBlock block, double slack) =>
        word.PMin < block.PMax + slack && word.PMax > block.PMin - slack;

    private static bool SimilarSize(TextWord word, double size, double tolerance) =>
        Math.Abs(word.FontSize - size) < tolerance * size;
}
