namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Splits a block into lines as pdftotext does: from the top-left word, a line takes the nearest following word whose
/// baseline is within half the font size of its own, as long as the gap stays under 1.5× the font size and the word
/// does not start more than half the font size behind the line's end. Lines are ordered top to bottom, then by start.
/// </summary>
internal static class LineAssembler
{
    private const double MaxIntraLineDelta = 0.5;
    private const double MaxWordSpacing = 1.5;
    private const double MinCharSpacing = -0.5;

    public static void Apply(TextBlock block)
    {
        var pool = new WordPool(block.Words);
        DuplicateWordFilter.Apply(pool);
        var lines = new List<(TextLine Line, int Order)>();
        var cursor = pool.MinIndex;
        while (pool.FirstNonEmpty(cursor) is { } first)
        {
            cursor = first;
            var line = Build(pool, pool.Take(pool.SeedBucket(first), 0));
            LineWordMerger.Apply(line);
            lines.Add((line, lines.Count));
        }

        // Equal keys: the line built later goes first, as poppler inserts before its equals.
        block.Lines.AddRange(lines
            .OrderBy(l => l.Line.SecondaryKey)
            .ThenBy(l => l.Line.PMin)
            .ThenByDescending(l => l.Order)
            .Select(l => l.Line));
    }

    private static TextLine Build(WordPool pool, TextWord seed)
    {
        var line = new TextLine(seed.Rotation, seed.Base);
        line.Words.Add(seed);
        var size = seed.FontSize;
        var (minBase, maxBase) = (seed.Base - MaxIntraLineDelta * size, seed.Base + MaxIntraLineDelta * size);
        var (from, to) = (pool.IndexOf(minBase), pool.IndexOf(maxBase));
        var last = seed;
        while (Next(pool, last, from, to, minBase, maxBase, size) is { } next)
        {
            line.Words.Add(pool.Take(next.Index, next.Position));
            last = line.Words[^1];
        }

        return line;
    }

    /// <summary>
    /// The word to append after <paramref name="last"/>: per bucket only its first word in the baseline range is a
    /// candidate; one overlapping the line's end too far ends the line.
    /// </summary>
    private static (int Index, int Position)? Next(WordPool pool, TextWord last, int from, int to, double minBase, double maxBase, double size)
    {
        (int Index, int Position)? best = null;
        TextWord? bestWord = null;
        for (var index = from; index <= to; index++)
        {
            var bucket = pool.Bucket(index);
            for (var i = 0; i < bucket.Count; i++)
            {
                var word = bucket[i];
                if (word.Base < minBase || word.Base > maxBase) continue;
                var delta = last.PrimaryDelta(word);
                if (delta < MinCharSpacing * size) return null;
                if (delta < MaxWordSpacing * size && (bestWord is null || word.PMin < bestWord.PMin))
                    (best, bestWord) = ((index, i), word);
                break;
            }
        }

        return best;
    }
}
