using SkiaSharp;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Draws a character whose PDF font gives no outline — above all the standard 14 fonts (Helvetica, Times, Courier)
/// that generated invoices name without embedding, for which PdfPig has metrics but no glyph programs — from a
/// typeface of the same kind, stretched to the PDF's advance width so every word keeps its place and width. The
/// typefaces shipped beside the program (<c>fonts/</c>: Lambda has none of its own) come first, so a page looks the same
/// wherever it is drawn; installed ones only where those are missing. Where no typeface has the character, a light grey
/// bar marks where the text is rather than leaving the page blank.
/// </summary>
internal sealed class StandInGlyphs : IDisposable
{
    /// <summary>Glyphs are taken at this size and scaled down: outlines at size 1 are degenerate in some font engines.</summary>
    private const float UnitsPerEm = 1000;

    private static readonly Dictionary<TypefaceStyle, SKTypeface?> Typefaces = [];

    private readonly Dictionary<(TypefaceStyle Style, string Text), (SKPath? Path, float Advance)> glyphs = [];

    /// <summary>The character in text space at size 1 (y up, origin on the baseline) and its width there; null path: none.</summary>
    public (SKPath? Path, float Advance) Get(string text, TypefaceStyle style)
    {
        if (glyphs.TryGetValue((style, text), out var glyph)) return glyph;
        glyph = (null, 0);
        if (TypefaceFor(style) is { } typeface)
        {
            using var font = new SKFont(typeface, UnitsPerEm) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None };
            var ids = font.GetGlyphs(text);
            if (ids.Length > 0 && ids.All(id => id != 0))
            {
                var path = font.GetTextPath(text, SKPoint.Empty);
                // Skia's glyphs hang below y = 0 with y down; text space has y up.
                path.Transform(SKMatrix.CreateScale(1 / UnitsPerEm, -1 / UnitsPerEm));
                glyph = (path, font.MeasureText(text) / UnitsPerEm);
            }
        }

        glyphs[(style, text)] = glyph;
        return glyph;
    }

    /// <summary>
    /// Draws <paramref name="item"/> on <paramref name="canvas"/> (whose matrix maps the page frame to pixels).
    /// </summary>
    public void Draw(SKCanvas canvas, TextItem item, SKPaint paint)
    {
        var (path, advance) = Get(item.Text, item.Style);
        canvas.Save();
        canvas.Concat(item.EmToPage);
        paint.Style = SKPaintStyle.Fill;
        if (path is null)
        {
            // No typeface to draw with: a bar over the x-height marks the text.
            paint.Color = item.Color.WithAlpha((byte)(item.Color.Alpha * 0.5));
            var width = item.Advance > 0 ? item.Advance : 0.5f;
            canvas.DrawRect(new SKRect(0.05f * width, 0, 0.95f * width, 0.55f), paint);
        }
        else
        {
            paint.Color = item.Color;
            // Stretched to the PDF's own advance, within reason (a wildly different width means a wrong stand-in).
            var stretch = advance > 0 && item.Advance > 0 ? Math.Clamp(item.Advance / advance, 0.5f, 2f) : 1f;
            canvas.Scale(stretch, 1);
            canvas.DrawPath(path, paint);
        }

        canvas.Restore();
    }

    public void Dispose()
    {
        foreach (var (path, _) in glyphs.Values) path?.Dispose();
        glyphs.Clear();
    }

    /// <summary>Where the shipped typefaces are (copied there by the build from npm's dejavu-fonts-ttf).</summary>
    internal static string ShippedFontsDirectory => Path.Combine(AppContext.BaseDirectory, "fonts");

    /// <summary>A typeface of the style's kind (looked up once per process); null when none is shipped or installed.</summary>
    private static SKTypeface? TypefaceFor(TypefaceStyle style)
    {
        lock (Typefaces)
        {
            if (Typefaces.TryGetValue(style, out var known)) return known;
            if (Shipped(style) is { } shipped)
                return Typefaces[style] = shipped;
            var weight = style.Bold ? SKFontStyleWeight.Bold : SKFontStyleWeight.Normal;
            var slant = style.Italic ? SKFontStyleSlant.Italic : SKFontStyleSlant.Upright;
            using var fontStyle = new SKFontStyle(weight, SKFontStyleWidth.Normal, slant);
            SKTypeface? found = null;
            foreach (var family in Families(style.Family))
            {
                found = SKFontManager.Default.MatchFamily(family, fontStyle);
                if (found is not null) break;
            }

            // The default typeface may be an empty one (no fonts installed): it is only kept if it has letters.
            found ??= SKTypeface.Default is { GlyphCount: > 0 } fallback ? fallback : null;
            Typefaces[style] = found;
            return found;
        }
    }

    /// <summary>The shipped file for the style: bold only for sans (a bold serif or monospace is drawn regular).</summary>
    private static SKTypeface? Shipped(TypefaceStyle style)
    {
        var file = style.Family switch
        {
            TypefaceFamily.Serif => "DejaVuSerif.ttf",
            TypefaceFamily.Monospace => "DejaVuSansMono.ttf",
            _ => style.Bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf",
        };
        var path = Path.Combine(ShippedFontsDirectory, file);
        return File.Exists(path) && SKTypeface.FromFile(path) is { GlyphCount: > 0 } typeface ? typeface : null;
    }

    /// <summary>Metric-compatible families first (Liberation matches Helvetica, Times and Courier widths), then common ones.</summary>
    private static string[] Families(TypefaceFamily family) => family switch
    {
        TypefaceFamily.Serif => ["Liberation Serif", "Times New Roman", "Nimbus Roman", "DejaVu Serif", "serif"],
        TypefaceFamily.Monospace => ["Liberation Mono", "Courier New", "Nimbus Mono PS", "DejaVu Sans Mono", "monospace"],
        _ => ["Liberation Sans", "Arial", "Helvetica", "Nimbus Sans", "DejaVu Sans", "sans-serif"],
    };
}
