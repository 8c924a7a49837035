using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// PP-OCR's recogniser, trained mostly on Chinese, has only some accented letters ("é", "è", "ü", not "ç", "ö", "ê")
/// and seldom reads even those: "Lumière" comes out "Lumiere". On a page in a language written with accents
/// (<see cref="PageLanguage"/>), tesseract's reading in that language supplies them: where tesseract read the same word
/// with the same letters, accents aside, its accents are taken on the letters PP-OCR read plain. Nothing else of
/// tesseract's reading is used.
/// </summary>
internal static class Accents
{
    /// <summary>
    /// Each word of <paramref name="page"/> that a word of <paramref name="other"/> in the same place (overlapping at
    /// least half of the smaller of the two, across and down) spells the same but with accents takes those accents, in
    /// the page's own case. A letter the page's reader read accented keeps its own accent.
    /// </summary>
    public static OcrPage Restore(OcrPage page, OcrPage other)
    {
        var theirs = other.Lines.SelectMany(l => l.Words).Where(w => w.Text.Any(LatinLetters.IsAccented)).ToList();
        if (theirs.Count == 0) return page;

        var changed = false;
        var lines = page.Lines.Select(line =>
        {
            var words = line.Words.Select(word =>
            {
                var accented = theirs.Where(t => SamePlace(word.Box, t.Box)).Select(t => WithAccents(word.Text, t.Text)).FirstOrDefault(t => t is not null);
                return accented is null ? word : word with { Text = accented };
            }).ToList();
            if (words.SequenceEqual(line.Words)) return line;
            changed = true;
            return line with { Text = string.Join(' ', words.Select(w => w.Text)), Words = words };
        }).ToList();
        return changed ? page with { Lines = lines } : page;
    }

    /// <summary>
    /// <paramref name="ours"/> with the accents of <paramref name="theirs"/> where both have the same letters once accents
    /// and case are set aside (and the "ß" read as a B); null when they differ or there is nothing to take.
    /// </summary>
    internal static string? WithAccents(string ours, string theirs)
    {
        if (ours.Length != theirs.Length) return null;
        var result = ours.ToCharArray();
        var taken = false;
        for (var i = 0; i < ours.Length; i++)
        {
            var (mine, accented) = (ours[i], theirs[i]);
            // The recogniser has no "ß" and reads it as a B ("HafenstraBe"); "ß" follows a small letter.
            if (accented == 'ß' && mine == 'B' && i > 0 && char.IsLower(ours[i - 1]))
            {
                result[i] = 'ß';
                taken = true;
                continue;
            }

            if (char.ToUpperInvariant(LatinLetters.Fold(mine)) != char.ToUpperInvariant(LatinLetters.Fold(accented))) return null;
            if (!LatinLetters.IsAccented(accented) || LatinLetters.IsAccented(mine)) continue;
            result[i] = char.IsUpper(mine) ? char.ToUpperInvariant(accented) : char.ToLowerInvariant(accented);
            taken = true;
        }

        return taken ? new string(result) : null;
    }

    private static bool SamePlace(BoundingBox a, BoundingBox b)
    {
        var across = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var down = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return across >= 0.5 * Math.Min(a.Width, b.Width) && down >= 0.5 * Math.Min(a.Height, b.Height);
    }
}
