namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Groups glyphs, in the order the page draws them, into words the way pdftotext does: a word ends at a whitespace
/// character, at a gap wider than a tenth of the font size, at a step back of more than a fifth of it, at a baseline
/// shift of half a point, at a change of size or direction, and around a glyph drawn over its predecessor (fake bold
/// and shadows put each copy in a word of its own, for the duplicate filter to drop later).
/// </summary>
internal static class WordAssembler
{
    private const double MinWordBreakSpace = 0.1;
    private const double MinDupBreakOverlap = 0.2;
    private const double DupMaxPrimaryDelta = 0.1;
    private const double DupMaxSecondaryDelta = 0.2;
    private const double MaxBaseShiftPoints = 0.5;
    private const double CombiningMaxMidDelta = 0.3;
    private const double CombiningMaxBaseDelta = 0.4;

    public static List<TextWord> Assemble(IReadOnlyList<TextGlyph> glyphs)
    {
        var words = new List<TextWord>();
        TextWord? word = null;
        var lastCharOverlap = false;
        foreach (var glyph in glyphs)
        {
            if (glyph.IsSeparator)
            {
                End(ref word, words);
                continue;
            }

            if (word is { Chars.Count: > 0 } && TryCombine(word, glyph)) continue;

            if (word is { Chars.Count: > 0 })
            {
                var (baseline, gap, delta) = Measure(word, glyph);
                var overlap = Math.Abs(delta) < DupMaxPrimaryDelta * word.FontSize
                    && Math.Abs(baseline - word.Base) < DupMaxSecondaryDelta * word.FontSize;
                if (overlap || lastCharOverlap
                    || gap < -MinDupBreakOverlap * word.FontSize || gap > MinWordBreakSpace * word.FontSize
                    || Math.Abs(baseline - word.Base) > MaxBaseShiftPoints
                    || !SameSize(glyph.FontSize, word.FontSize) || glyph.Rotation != word.Rotation)
                {
                    End(ref word, words);
                }

                lastCharOverlap = overlap;
            }
            else
            {
                lastCharOverlap = false;
            }

            if (glyph.Text.Length == 0) continue;
            word ??= new TextWord(glyph.Rotation, glyph.FontSize);
            Add(word, glyph);
        }

        End(ref word, words);
        return words;
    }

    /// <summary>
    /// pdftotext splits at any change of size; sizes recovered from glyph boxes carry rounding noise, which must not.
    /// </summary>
    private static bool SameSize(double a, double b) => Math.Abs(a - b) <= 1e-4 * Math.Max(a, b);

    /// <summary>The glyph's baseline, its gap from the word's end and its offset from the word's last character.</summary>
    private static (double Baseline, double Gap, double Delta) Measure(TextWord word, TextGlyph glyph)
    {
        var lastEdge = word.Chars[^1].Edge;
        return word.Rotation switch
        {
            0 => (glyph.Y, glyph.X - word.XMax, glyph.X - lastEdge),
            1 => (glyph.X, glyph.Y - word.YMax, glyph.Y - lastEdge),
            2 => (glyph.Y, word.XMin - glyph.X, lastEdge - glyph.X),
            _ => (glyph.X, word.YMin - glyph.Y, lastEdge - glyph.Y),
        };
    }

    /// <summary>Adds the glyph's code points, sharing its advance between them (a ligature's letters split it).</summary>
    private static void Add(TextWord word, TextGlyph glyph)
    {
        var parts = CodePoints(glyph.Text);
        var (dx, dy) = (glyph.Dx / parts.Count, glyph.Dy / parts.Count);
        for (var i = 0; i < parts.Count; i++)
            word.AddChar(parts[i], glyph.X + i * dx, glyph.Y + i * dy, dx, dy, glyph.Ascent, glyph.Descent, glyph.Font, glyph.Position);
    }

    /// <summary>
    /// A spacing accent (´ ¨ ˆ …) drawn over the letter before it joins that letter as a combining mark, as poppler
    /// merges them, so "é" built from "e" and "´" reads as one word.
    /// </summary>
    private static bool TryCombine(TextWord word, TextGlyph glyph)
    {
        if (glyph.Text.Length != 1 || glyph.Rotation != word.Rotation) return false;
        var mark = CombiningFormOf(glyph.Text[0]);
        var previous = word.Chars[^1].Text;
        if (mark is null || previous.Length == 0 || !char.IsLetterOrDigit(previous, 0)) return false;
        var lastEdge = word.Chars[^1].Edge;
        var horizontal = word.Rotation is 0 or 2;
        var mid = horizontal ? glyph.X + glyph.Dx / 2 : glyph.Y + glyph.Dy / 2;
        var baseline = horizontal ? glyph.Y : glyph.X;
        var height = horizontal ? word.YMax - word.YMin : word.XMax - word.XMin;
        if (Math.Abs(mid - (lastEdge + word.EdgeEnd) / 2) >= Math.Abs(word.EdgeEnd - lastEdge) * CombiningMaxMidDelta
            || Math.Abs(baseline - word.Base) >= height * CombiningMaxBaseDelta)
        {
            return false;
        }

        word.AddCombining(mark, glyph.Font, glyph.Position);
        return true;
    }

    private static string? CombiningFormOf(char accent) => accent switch
    {
        '\u0060' => "\u0300", // grave
        '\u00A8' => "\u0308", // dieresis
        '\u00AF' => "\u0304", // macron
        '\u00B4' => "\u0301", // acute
        '\u00B8' => "\u0327", // cedilla
        '\u02C6' => "\u0302", // circumflex
        '\u02C7' => "\u030C", // caron
        '\u02D8' => "\u0306", // breve
        '\u02D9' => "\u0307", // dot above
        '\u02DA' => "\u030A", // ring
        '\u02DC' => "\u0303", // tilde
        '\u02DD' => "\u030B", // double acute
        _ => null,
    };

    private static List<string> CodePoints(string text)
    {
        var parts = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes()) parts.Add(rune.ToString());
        return parts;
    }

    private static void End(ref TextWord? word, List<TextWord> words)
    {
        if (word is { Chars.Count: > 0 }) words.Add(word);
        word = null;
    }
}
