using SkiaSharp;
using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// What one PDF page draws, in drawing order, in the displayed page's frame: points, origin at the top-left corner of
/// the page as shown (after /Rotate and the crop box), y growing downwards — the frame the OCR's page-relative boxes
/// are measured in, so a word's box lands on its glyphs once both are scaled to the picture.
/// </summary>
/// <remarks>
/// Recording is split from drawing so that the PDF is read without knowing the output size, and the Skia objects a
/// page needs live exactly as long as the page: the list owns every path it holds and disposes of them.
/// </remarks>
internal sealed class DisplayList(double width, double height) : IDisposable
{
    /// <summary>Beyond this many items a page is pathological (or hostile); the rest of its content is left out.</summary>
    public const int MaxItems = 400_000;

    private readonly List<DisplayItem> items = [];
    private readonly List<SKPath> owned = [];

    public double Width { get; } = width > 0 ? width : 1;
    public double Height { get; } = height > 0 ? height : 1;
    public IReadOnlyList<DisplayItem> Items => items;
    public bool IsFull => items.Count >= MaxItems;

    public void Add(DisplayItem item)
    {
        if (!IsFull) items.Add(item);
    }

    /// <summary>Hands <paramref name="path"/> to the list, which disposes of it with itself.</summary>
    public SKPath Own(SKPath path)
    {
        owned.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var path in owned) path.Dispose();
        owned.Clear();
        items.Clear();
    }
}

/// <summary>One thing a page draws, cut to <see cref="Clip"/> (page frame) when it is set.</summary>
internal abstract record DisplayItem(SKPath? Clip);

/// <summary>A filled area (rectangles, shapes, glyph outlines): <see cref="SKPath.FillType"/> holds the fill rule.</summary>
internal sealed record FillItem(SKPath Path, SKColor Color, SKPath? Clip) : DisplayItem(Clip);

/// <summary>
/// A stroked line (rules, table borders, frames). <paramref name="Width"/> is in points on the page; 0 asks for the
/// thinnest line the output can show.
/// </summary>
internal sealed record StrokeItem(SKPath Path, SKColor Color, float Width, SKStrokeCap Cap, SKStrokeJoin Join, float[]? Dash, SKPath? Clip)
    : DisplayItem(Clip);

/// <summary>
/// An image (XObject or inline) as the PDF stores it, decoded only when drawn. <paramref name="UnitToPage"/> maps the
/// image's unit square (PDF image space: (0, 0) bottom-left of the picture) onto the page frame.
/// </summary>
internal sealed record ImageItem(IPdfImage Image, SKMatrix UnitToPage, SKPath? Clip) : DisplayItem(Clip);

/// <summary>
/// A glyph whose font carries no outline PdfPig can give (the standard 14 fonts a PDF names without embedding them,
/// Type 3 fonts): drawn from a stand-in typeface. <paramref name="EmToPage"/> maps text space at size 1 (y up) onto the
/// page frame; <paramref name="Advance"/> is the PDF's advance width there, which the stand-in is stretched to so the
/// word keeps the width the text layer (and its OCR boxes) give it.
/// </summary>
internal sealed record TextItem(string Text, TypefaceStyle Style, SKMatrix EmToPage, float Advance, SKColor Color, SKPath? Clip)
    : DisplayItem(Clip);

/// <summary>What a stand-in typeface should look like, told from the PDF font's name and flags.</summary>
internal readonly record struct TypefaceStyle(TypefaceFamily Family, bool Bold, bool Italic);

internal enum TypefaceFamily
{
    Sans,
    Serif,
    Monospace,
}
