using System.Globalization;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Text that annotations put on the page, as glyphs: the values of filled-in form fields and the contents of free-text
/// boxes (typed onto a PDF in a viewer). pdftotext sees them because it draws each annotation's appearance; PdfPig's
/// letters hold only the page's own content. The text is laid out the way viewers draw it (Helvetica or Courier
/// metrics, 2-point padding, a field's single line centred vertically, /Q alignment, one line per line break), so
/// its words land where the page shows them, beside their labels.
/// </summary>
internal static partial class AnnotationGlyphs
{
    private const double Padding = 2;
    private const double Ascent = 0.718;
    private const double Descent = -0.207;
    private const double MultiLineLeading = 1.156;
    private const int MultiLineFlag = 1 << 12;
    private static readonly object Font = new();

    /// <summary>Glyphs for the page's annotation text, positioned from <paramref name="firstPosition"/> on (after the page content).</summary>
    public static List<TextGlyph> Read(Page page, Structure structure, int firstPosition)
    {
        var glyphs = new List<TextGlyph>();
        try
        {
            var frame = DisplayFrame.Of(page);
            foreach (var annotation in page.GetAnnotations())
            {
                if ((annotation.Flags & (AnnotationFlags.Hidden | AnnotationFlags.NoView)) != 0) continue;
                if (annotation.Type == AnnotationType.Widget) AddFieldValue(annotation.AnnotationDictionary, structure, frame, glyphs, firstPosition);
                else if (annotation.Type == AnnotationType.FreeText) AddFreeText(annotation, structure, frame, glyphs, firstPosition);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // A broken form costs only its values: the page's own text stands.
            return [];
        }

        return glyphs;
    }

    private static void AddFieldValue(DictionaryToken widget, Structure structure, DisplayFrame frame, List<TextGlyph> glyphs, int firstPosition)
    {
        if (Inherited(widget, "FT", structure) is not NameToken { Data: "Tx" or "Ch" }) return;
        var value = Value(Inherited(widget, "V", structure), structure);
        if (string.IsNullOrWhiteSpace(value) || Rectangle(widget, structure) is not { } rect) return;
        var multiLine = (((Inherited(widget, "Ff", structure) as NumericToken)?.Int ?? 0) & MultiLineFlag) != 0;
        var text = multiLine ? value : LineBreak().Replace(value, " ");
        Lay(text, widget, rect, centred: !multiLine, structure, frame, glyphs, firstPosition);
    }

    private static void AddFreeText(Annotation annotation, Structure structure, DisplayFrame frame, List<TextGlyph> glyphs, int firstPosition)
    {
        if (string.IsNullOrWhiteSpace(annotation.Content) || Rectangle(annotation.AnnotationDictionary, structure) is not { } rect) return;
        Lay(annotation.Content, annotation.AnnotationDictionary, rect, centred: false, structure, frame, glyphs, firstPosition);
    }

    /// <summary>Lays <paramref name="text"/> out in the rectangle, line by line, with the annotation's font size and alignment.</summary>
    private static void Lay(
        string text, DictionaryToken annotation, (double Left, double Bottom, double Right, double Top) rect, bool centred,
        Structure structure, DisplayFrame frame, List<TextGlyph> glyphs, int firstPosition)
    {
        var appearance = (Inherited(annotation, "DA", structure) as StringToken)?.Data;
        var size = FontSize(appearance, rect);
        var monospaced = appearance is not null && appearance.Contains("/Cour", StringComparison.Ordinal);
        var alignment = (Inherited(annotation, "Q", structure) as NumericToken)?.Int ?? 0;
        var turns = (int)Math.Round((PdfTokens.Number(PdfTokens.Dictionary(annotation, "MK", structure), "R", structure) ?? 0) / 90);
        var layout = new WidgetLayout(rect, turns, frame);
        var lines = LineBreak().Split(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var baseline = centred
                ? (layout.Height - (Ascent - Descent) * size) / 2 - Descent * size
                : layout.Height - Padding - Ascent * size - i * MultiLineLeading * size;
            var width = lines[i].Sum(c => CharWidth(c, monospaced)) * size;
            var start = alignment switch
            {
                1 => (layout.Width - width) / 2,
                2 => layout.Width - Padding - width,
                _ => Padding,
            };
            foreach (var c in lines[i])
            {
                var advance = CharWidth(c, monospaced) * size;
                glyphs.Add(layout.Glyph(c.ToString(), start, baseline, advance, size, Ascent, Descent, Font, firstPosition + glyphs.Count));
                start += advance;
            }

            // A line break separates words even when nothing else does.
            glyphs.Add(layout.Glyph(" ", start, baseline, 0, size, Ascent, Descent, Font, firstPosition + glyphs.Count));
        }
    }

    /// <summary>
    /// A widget's own text frame: its rectangle turned by /MK /R (anticlockwise quarter turns), with text running
    /// along u from the origin and ascending along v, mapped onto the displayed page.
    /// </summary>
    private sealed class WidgetLayout
    {
        private readonly (double X, double Y) origin;
        private readonly (double X, double Y) along;
        private readonly (double X, double Y) up;
        private readonly DisplayFrame frame;

        public WidgetLayout((double Left, double Bottom, double Right, double Top) rect, int turns, DisplayFrame frame)
        {
            this.frame = frame;
            var (w, h) = (rect.Right - rect.Left, rect.Top - rect.Bottom);
            (origin, along, up, Width, Height) = (((turns % 4) + 4) % 4) switch
            {
                1 => ((rect.Right, rect.Bottom), (0.0, 1.0), (-1.0, 0.0), h, w),
                2 => ((rect.Right, rect.Top), (-1.0, 0.0), (0.0, -1.0), w, h),
                3 => ((rect.Left, rect.Top), (0.0, -1.0), (1.0, 0.0), h, w),
                _ => ((rect.Left, rect.Bottom), (1.0, 0.0), (0.0, 1.0), w, h),
            };
        }

        public double Width { get; }
        public double Height { get; }

        /// <summary>A glyph whose baseline origin is <paramref name="s"/> along and <paramref name="t"/> up the widget.</summary>
        public TextGlyph Glyph(string text, double s, double t, double advance, double size, double ascent, double descent, object font, int position)
        {
            var start = frame.Map(origin.X + s * along.X + t * up.X, origin.Y + s * along.Y + t * up.Y);
            var end = frame.Map(origin.X + (s + advance) * along.X + t * up.X, origin.Y + (s + advance) * along.Y + t * up.Y);
            var ahead = frame.Map(origin.X + (s + 1) * along.X + t * up.X, origin.Y + (s + 1) * along.Y + t * up.Y);
            var rotation = GlyphReader.Quarter(ahead.X - start.X, ahead.Y - start.Y);
            return new TextGlyph(text, start.X, start.Y, end.X - start.X, end.Y - start.Y, rotation, size, ascent, descent, font, position);
        }
    }

    /// <summary>An attribute, looked up a field's hierarchy (ISO 32000-1, 12.7.3.1: FT, V, DA, Q and Ff inherit).</summary>
    private static IToken? Inherited(DictionaryToken? dictionary, string key, Structure structure)
    {
        for (var depth = 0; dictionary is not null && depth < 16; depth++)
        {
            if (PdfTokens.Get(dictionary, key, structure) is { } value) return value;
            dictionary = PdfTokens.Dictionary(dictionary, "Parent", structure);
        }

        return null;
    }

    private static string? Value(IToken? value, Structure structure) => value switch
    {
        StringToken text => text.Data,
        NameToken name => name.Data,
        ArrayToken { Length: > 0 } choices => Value(PdfTokens.Resolve(choices[0], structure), structure),
        _ => null,
    };

    private static (double Left, double Bottom, double Right, double Top)? Rectangle(DictionaryToken widget, Structure structure)
    {
        if (PdfTokens.Get(widget, "Rect", structure) is not ArrayToken { Length: 4 } array) return null;
        var n = array.Data.Select(t => PdfTokens.Resolve(t, structure) is NumericToken number ? number.Double : double.NaN).ToArray();
        if (n.Any(v => !double.IsFinite(v))) return null;
        var rect = (Math.Min(n[0], n[2]), Math.Min(n[1], n[3]), Math.Max(n[0], n[2]), Math.Max(n[1], n[3]));
        return rect.Item3 - rect.Item1 > 0 && rect.Item4 - rect.Item2 > 0 ? rect : null;
    }

    /// <summary>The size the default appearance (/DA "/Helv 9 Tf 0 g") sets; 0 (or none) means fit the box's height.</summary>
    private static double FontSize(string? appearance, (double Left, double Bottom, double Right, double Top) rect)
    {
        var match = appearance is null ? null : FontOperator().Match(appearance);
        var size = match is { Success: true } ? double.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture) : 0;
        if (size > 0 && size < 200) return size;
        var height = Math.Min(rect.Top - rect.Bottom, rect.Right - rect.Left);
        return Math.Clamp((height - 2 * Padding) / (Ascent - Descent), 4, 12);
    }

    /// <summary>Advance width in em: Courier's 0.6, else Helvetica's (its AFM) for printable ASCII and a digit's for the rest.</summary>
    private static double CharWidth(char c, bool monospaced) =>
        monospaced ? 0.6 : c is >= ' ' and <= '~' ? HelveticaWidths[c - ' '] / 1000.0 : 0.556;

    private static readonly short[] HelveticaWidths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];

    [GeneratedRegex(@"(?<size>\d+(\.\d+)?)\s+Tf")]
    private static partial Regex FontOperator();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
