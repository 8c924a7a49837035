namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Joins words of a line that the glyph pass split but that are one word: consecutive in the content stream, in the
/// same font and size, and closer than the line's word-spacing threshold. The threshold is 0.03× the font size, or,
/// on a line set entirely in single letters (letter-spaced headings), 1.3× the narrowest gap up to 0.4× the size.
/// </summary>
internal static class LineWordMerger
{
    private const double MaxCharSpacing = 0.03;
    private const double WideCharSpacingFactor = 1.3;
    private const double MaxWideCharSpacing = 0.4;
    private const double MaxFontSizeDelta = 0.05;

    public static void Apply(TextLine line)
    {
        var words = line.Words;
        if (words.Count < 2) return;
        var size = words[0].FontSize;
        var narrowest = NarrowestLetterGap(words);
        var space = narrowest <= 0
            ? MaxCharSpacing * size
            : Math.Min(WideCharSpacingFactor * narrowest, MaxWideCharSpacing * size);

        for (var i = 0; i + 1 < words.Count;)
        {
            var (left, right) = (words[i], words[i + 1]);
            if (left.PrimaryDelta(right) < space
                && Equals(left.Chars[^1].Font, right.Chars[0].Font)
                && Math.Abs(left.FontSize - right.FontSize) < MaxFontSizeDelta * size
                && right.FirstPosition == left.PositionEnd)
            {
                left.Merge(right);
                words.RemoveAt(i + 1);
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>The smallest gap between words when every word is a single character; 0 otherwise.</summary>
    private static double NarrowestLetterGap(List<TextWord> words)
    {
        if (words[0].Chars.Count > 1 || words[1].Chars.Count > 1) return 0;
        var narrowest = words[0].PrimaryDelta(words[1]);
        for (var i = 1; i + 1 < words.Count && narrowest > 0; i++)
        {
            if (words[i + 1].Chars.Count > 1) return 0;
            narrowest = Math.Min(narrowest, words[i].PrimaryDelta(words[i + 1]));
        }

        return narrowest;
    }
}
