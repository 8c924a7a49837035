namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Drops words drawn twice at almost the same place, which is how producers fake bold type and draw shadows:
/// a later word with the same text whose ends lie within a tenth of the font size of an earlier one's, and whose
/// top and bottom lie within a fifth of it, is the same word (pdftotext keeps one copy too).
/// </summary>
internal static class DuplicateWordFilter
{
    private const double MaxPrimaryDelta = 0.1;
    private const double MaxSecondaryDelta = 0.2;

    public static void Apply(WordPool pool)
    {
        for (var index = pool.MinIndex; index <= pool.MaxIndex; index++)
        {
            var bucket = pool.Bucket(index);
            for (var i = 0; i < bucket.Count;)
            {
                var duplicate = FindDuplicate(pool, index, i);
                if (duplicate is null) i++;
                else pool.Remove(duplicate);
            }
        }
    }

    /// <summary>A word after the one at (<paramref name="index"/>, <paramref name="position"/>) that repeats it, or null.</summary>
    private static TextWord? FindDuplicate(WordPool pool, int index, int position)
    {
        var word = pool.Bucket(index)[position];
        var primary = MaxPrimaryDelta * word.FontSize;
        var secondary = MaxSecondaryDelta * word.FontSize;
        var text = word.Text;
        var last = pool.IndexOf(word.Base + secondary);
        for (var other = index; other <= last; other++)
        {
            var bucket = pool.Bucket(other);
            for (var j = other == index ? position + 1 : 0; j < bucket.Count; j++)
            {
                var candidate = bucket[j];
                if (candidate.Chars.Count == word.Chars.Count
                    && Math.Abs(candidate.PMin - word.PMin) < primary && Math.Abs(candidate.PMax - word.PMax) < primary
                    && Math.Abs(candidate.CrossMin - word.CrossMin) < secondary && Math.Abs(candidate.CrossMax - word.CrossMax) < secondary
                    && candidate.Text == text)
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
