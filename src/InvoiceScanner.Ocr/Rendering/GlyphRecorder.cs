using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.PdfFonts;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Turns each glyph a page shows into display items: its outline from the font (embedded TrueType, Type 1, CFF and CID
/// fonts) filled and/or stroked as the text rendering mode says, or, when the font has no outline to give, a
/// <see cref="TextItem"/> drawn later from a stand-in typeface. Invisible text (mode 3, the OCR layer of scanned PDFs,
/// and 7) is left out.
/// </summary>
internal sealed class GlyphRecorder(DisplayList list, PageFrame frame)
{
    /// <summary>Outlines by font and character code: a page repeats few glyphs many times. Null: the font has none.</summary>
    private readonly Dictionary<(IFont Font, int Code), IReadOnlyList<PdfSubpath>?> outlines = [];

    private readonly Dictionary<IFont, TypefaceStyle> styles = new(ReferenceEqualityComparer.Instance);

    /// <param name="glyphToDisplay">Glyph (text) space at size 1 → displayed page: rendering × text × current matrix.</param>
    /// <param name="advance">The glyph's advance in text space at size 1, as the PDF's widths give it.</param>
    /// <param name="strokeWidth">The line width in points on the page, for stroked text.</param>
    public void Record(
        IFont font, CurrentGraphicsState state, int code, string unicode,
        in TransformationMatrix glyphToDisplay, double advance, float strokeWidth, SKPath? clip)
    {
        var (fill, stroke) = (int)state.FontState.TextRenderingMode switch
        {
            0 or 4 => (true, false),
            1 or 5 => (false, true),
            2 or 6 => (true, true),
            _ => (false, false), // 3 and 7 paint nothing
        };
        var fillColor = fill ? PdfColors.ToSkia(state.CurrentNonStrokingColor, (double)state.AlphaConstantNonStroking) : null;
        var strokeColor = stroke ? PdfColors.ToSkia(state.CurrentStrokingColor, (double)state.AlphaConstantStroking) : null;
        if (fillColor is null && strokeColor is null) return;

        var outline = Outline(font, code);
        if (outline is null)
        {
            if (string.IsNullOrWhiteSpace(unicode) || unicode == "\0") return;
            list.Add(new TextItem(unicode, StyleOf(font), frame.Matrix(glyphToDisplay), (float)advance, (fillColor ?? strokeColor)!.Value, clip));
            return;
        }

        if (outline.Count == 0) return;
        using var builder = new SKPathBuilder { FillType = SKPathFillType.Winding };
        frame.Append(builder, outline, glyphToDisplay);
        var path = list.Own(builder.Detach());
        if (fillColor is { } f) list.Add(new FillItem(path, f, clip));
        if (strokeColor is { } s) list.Add(new StrokeItem(path, s, strokeWidth, SKStrokeCap.Butt, SKStrokeJoin.Miter, null, clip));
    }

    private IReadOnlyList<PdfSubpath>? Outline(IFont font, int code)
    {
        if (outlines.TryGetValue((font, code), out var cached)) return cached;
        IReadOnlyList<PdfSubpath>? outline = null;
        try
        {
            // Normalised: already through the font matrix, so in text space at size 1 like the rendering matrix expects.
            if (font.TryGetNormalisedPath(code, out var path)) outline = path ?? [];
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // A damaged glyph program: the stand-in typeface draws the character instead.
            outline = null;
        }

        outlines[(font, code)] = outline;
        return outline;
    }

    private TypefaceStyle StyleOf(IFont font)
    {
        if (styles.TryGetValue(font, out var style)) return style;
        var details = font.Details;
        var name = details?.Name ?? font.Name?.Data ?? "";
        var family = Contains(name, "Courier") || Contains(name, "Mono") ? TypefaceFamily.Monospace
            : Contains(name, "Times") || (Contains(name, "Serif") && !Contains(name, "Sans")) || Contains(name, "Georgia") || Contains(name, "Garamond")
                ? TypefaceFamily.Serif
                : TypefaceFamily.Sans;
        var bold = details?.IsBold == true || Contains(name, "Bold") || Contains(name, "Black") || Contains(name, "Heavy");
        var italic = details?.IsItalic == true || Contains(name, "Italic") || Contains(name, "Oblique");
        style = new TypefaceStyle(family, bold, italic);
        styles[font] = style;
        return style;
    }

    private static bool Contains(string name, string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
}
