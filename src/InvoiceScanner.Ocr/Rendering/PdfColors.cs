using SkiaSharp;
using UglyToad.PdfPig.Graphics.Colors;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>PDF colours as Skia colours, with the graphics state's constant alpha.</summary>
internal static class PdfColors
{
    /// <summary>
    /// <paramref name="color"/> as RGB (PdfPig converts grey, CMYK, ICC-based, indexed and separation colours); null
    /// for a pattern or shading, which is not drawn (a flat stand-in colour could hide what lies under it), and for
    /// anything fully transparent. No colour set yet is black, as PDF's initial colour is.
    /// </summary>
    public static SKColor? ToSkia(IColor? color, double alpha)
    {
        if (alpha <= 0 || color is PatternColor) return null;
        if (color is null) return new SKColor(0, 0, 0, Alpha(alpha));
        try
        {
            var (r, g, b) = color.ToRGBValues();
            return new SKColor(Channel(r), Channel(g), Channel(b), Alpha(alpha));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A colour space PdfPig cannot convert: the shape still shows, in black.
            return new SKColor(0, 0, 0, Alpha(alpha));
        }
    }

    private static byte Channel(double value) =>
        double.IsFinite(value) ? (byte)Math.Round(Math.Clamp(value, 0, 1) * 255) : (byte)0;

    private static byte Alpha(double alpha) => (byte)Math.Round(Math.Clamp(alpha, 0, 1) * 255);
}
