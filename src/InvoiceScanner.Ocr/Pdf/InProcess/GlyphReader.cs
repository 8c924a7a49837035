using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// One drawn character in the displayed page's frame (points, origin top-left, y down): its origin on the baseline,
/// its advance, the quarter-turn its baseline runs in (0 →, 1 ↓, 2 ←, 3 ↑) and where it sits in the content stream.
/// </summary>
/// <param name="Ascent">Font ascent as a fraction of the font size (positive).</param>
/// <param name="Descent">Font descent as a fraction of the font size (negative).</param>
/// <param name="Font">Identifies the font resource: words only merge across glyphs of the same font.</param>
/// <param name="Position">Index among the page's letters; consecutive positions mean nothing was drawn in between.</param>
internal readonly record struct TextGlyph(
    string Text, double X, double Y, double Dx, double Dy, int Rotation, double FontSize,
    double Ascent, double Descent, object Font, int Position)
{
    /// <summary>A lone whitespace character separates words and is never part of one.</summary>
    public bool IsSeparator => Text.Length == 1 && char.IsWhiteSpace(Text[0]);
}

/// <summary>Turns PdfPig's letters into <see cref="TextGlyph"/>s, dropping those drawn outside the page.</summary>
internal static class GlyphReader
{
    public static List<TextGlyph> Read(Page page, FontMetricsTable fonts, Structure structure)
    {
        // PdfPig already maps content through the crop box and /Rotate into the displayed page, y up.
        var width = page.Width;
        var height = page.Height;
        var letters = page.Letters;
        var glyphs = new List<TextGlyph>(letters.Count);
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            var x = letter.StartBaseLine.X;
            var y = height - letter.StartBaseLine.Y;
            var dx = letter.EndBaseLine.X - letter.StartBaseLine.X;
            var dy = letter.StartBaseLine.Y - letter.EndBaseLine.Y;
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(dx) || !double.IsFinite(dy)) continue;
            // The origin decides, as in poppler: a glyph starting beyond an edge is not on the page.
            if (x + dx < 0 || x > width || y + dy < 0 || y > height) continue;
            var text = ExpandLigatures(letter.Value ?? "");
            if (text == "\0") continue;
            var (ascent, descent) = fonts.For(letter);
            var size = SizeOf(letter);
            glyphs.Add(new TextGlyph(text, x, y, dx, dy, RotationOf(letter, dx, dy), size, ascent, descent, FontKey(letter), i));
        }

        // Viewers draw annotations over the content, so their text follows it.
        glyphs.AddRange(AnnotationGlyphs.Read(page, structure, letters.Count)
            .Where(g => !(g.X + g.Dx < 0 || g.X > width || g.Y + g.Dy < 0 || g.Y > height)));
        return glyphs;
    }

    /// <summary>
    /// The font size in points on the page. PdfPig rounds its PointSize to hundredths, which moves word and block
    /// thresholds across gaps pdftotext measures exactly; the loose glyph box spans ascent to descent at the exact
    /// size, so the size is recovered from it whenever it agrees with the rounded one.
    /// </summary>
    private static double SizeOf(Letter letter)
    {
        var rounded = double.IsFinite(letter.PointSize) && letter.PointSize > 0 ? letter.PointSize : 1;
        var font = letter.GetFont();
        if (font is null) return rounded;
        var em = font.GetAscent() - font.GetDescent();
        var loose = letter.GlyphRectangleLoose;
        var height = Math.Sqrt(Math.Pow(loose.TopLeft.X - loose.BottomLeft.X, 2) + Math.Pow(loose.TopLeft.Y - loose.BottomLeft.Y, 2));
        var exact = em > 0 ? height / em : double.NaN;
        // Within noise of the rounded size, the rounded one is the exact one (10, not 9.99999: thresholds are strict).
        return double.IsFinite(exact) && Math.Abs(exact - rounded) is > 1e-4 and <= 0.0051 ? exact : rounded;
    }

    private static object FontKey(Letter letter) =>
        (object?)letter.FontDetails?.FontDictionaryReference ?? letter.FontName ?? "";

    /// <summary>The quarter-turn of the baseline: from the advance, else the glyph box, else PdfPig's orientation.</summary>
    private static int RotationOf(Letter letter, double dx, double dy)
    {
        if (Math.Abs(dx) + Math.Abs(dy) > 1e-6) return Quarter(dx, dy);
        var box = letter.BoundingBox;
        var bx = box.BottomRight.X - box.BottomLeft.X;
        var by = box.BottomLeft.Y - box.BottomRight.Y;
        if (Math.Abs(bx) + Math.Abs(by) > 1e-6) return Quarter(bx, by);
        return letter.TextOrientation switch
        {
            TextOrientation.Rotate90 => 1,
            TextOrientation.Rotate180 => 2,
            TextOrientation.Rotate270 => 3,
            _ => 0,
        };
    }

    /// <summary>The quarter turn (0 →, 1 ↓, 2 ←, 3 ↑) a direction on the displayed page is closest to.</summary>
    internal static int Quarter(double dx, double dy) =>
        Math.Abs(dx) >= Math.Abs(dy) ? (dx >= 0 ? 0 : 2) : (dy > 0 ? 1 : 3);

    /// <summary>Presentation-form ligatures (ﬁ, ﬂ, …) come out as their letters, as pdftotext writes them.</summary>
    internal static string ExpandLigatures(string text)
    {
        if (!text.Any(c => c is >= '\uFB00' and <= '\uFB06')) return text;
        var expanded = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            expanded.Append(c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                _ => c.ToString(),
            });
        }

        return expanded.ToString();
    }
}
