using System.Globalization;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// PP-OCR's recogniser has no "€" or "£" in its alphabet, so on a page it read, a price printed as "6.174,67 €" loses
/// its currency. For such pages tesseract's reading of the same image supplies the currency signs the recogniser
/// cannot produce; nothing else of tesseract's reading is used.
/// </summary>
internal static class CurrencySigns
{
    public static bool HasAny(OcrPage page) =>
        page.Lines.Any(l => l.Text.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol));

    /// <summary>
    /// Adds each currency sign of <paramref name="other"/> that <paramref name="canRead"/> says the page's own reader
    /// cannot produce, as a word of its own, to the line of <paramref name="page"/> it sits in (most vertical overlap, at
    /// least half the smaller height, and of those the nearest), in reading order. Signs outside every line, and signs
    /// not beside a figure of that line, are dropped.
    /// </summary>
    public static OcrPage AddMissing(OcrPage page, OcrPage other, Func<string, bool> canRead)
    {
        var lines = page.Lines.Select(l => l.Words.ToList()).ToList();
        var changed = false;
        foreach (var word in other.Lines.SelectMany(l => l.Words))
        {
            for (var i = 0; i < word.Text.Length; i++)
            {
                var sign = word.Text[i];
                if (char.GetUnicodeCategory(sign) != UnicodeCategory.CurrencySymbol || canRead(sign.ToString())) continue;
                // The sign's share of the word's box, by its place in the word ("£5,301.00": the first ninth).
                var left = word.Box.Left + word.Box.Width * i / word.Text.Length;
                var box = BoundingBox.FromEdges(left, word.Box.Top, left + word.Box.Width / word.Text.Length, word.Box.Bottom);
                var target = BestLine(page.Lines, box);
                if (target < 0 || !BesideAmount(page.Lines[target], box)) continue;
                lines[target].Add(new OcrWord(sign.ToString(), box, word.Confidence));
                changed = true;
            }
        }

        if (!changed) return page;
        var rebuilt = page.Lines.Select((line, k) =>
        {
            if (lines[k].Count == line.Words.Count) return line;
            var words = lines[k].OrderBy(w => w.Box.Left).ToList();
            return line with { Text = string.Join(' ', words.Select(w => w.Text)), Box = BoundingBox.UnionOf(words.Select(w => w.Box)), Words = words };
        }).ToList();
        return page with { Lines = rebuilt };
    }

    /// <summary>
    /// A sign counts only next to a figure of the page's own line (within three of its widths): tesseract reading "CO."
    /// in "POPULAR BOOK CO. (M)" as "£0." does not make it a currency.
    /// </summary>
    private static bool BesideAmount(OcrLine line, BoundingBox sign) =>
        line.Words.Any(w => w.Text.Any(char.IsAsciiDigit) && Distance(w.Box, sign) <= 3 * sign.Width);

    /// <summary>Of the lines on the sign's row, the nearest one: a sign sits beside its amount, not across the page.</summary>
    private static int BestLine(IReadOnlyList<OcrLine> lines, BoundingBox sign) =>
        Enumerable.Range(0, lines.Count)
            .Where(k => Math.Min(lines[k].Box.Bottom, sign.Bottom) - Math.Max(lines[k].Box.Top, sign.Top) >= 0.5 * Math.Min(lines[k].Box.Height, sign.Height))
            .OrderBy(k => Distance(lines[k].Box, sign))
            .DefaultIfEmpty(-1)
            .First();

    private static double Distance(BoundingBox line, BoundingBox sign) =>
        Math.Max(0, Math.Max(line.Left - sign.Right, sign.Left - line.Right));
}
