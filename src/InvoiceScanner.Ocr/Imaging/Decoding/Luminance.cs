namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Colour to grey: Rec. 601 luma (0.299 R + 0.587 G + 0.114 B, in 1/256ths), the weights of JPEG's own YCbCr, so a
/// colour JPEG turns into its own luma channel; transparency is laid over white paper.
/// </summary>
internal static class Luminance
{
    public static byte Of(int red, int green, int blue) => (byte)((77 * red + 150 * green + 29 * blue + 128) >> 8);

    /// <summary>A grey value with coverage <paramref name="alpha"/> laid over white.</summary>
    public static byte OverWhite(int grey, int alpha, bool premultiplied)
    {
        if (alpha >= 255) return (byte)grey;
        var over = premultiplied ? grey + 255 - alpha : (grey * alpha + 255 * (255 - alpha) + 127) / 255;
        return (byte)Math.Clamp(over, 0, 255);
    }

    /// <summary>One row of premultiplied RGBA (Skia's Rgba8888 / Premul) to grey over white.</summary>
    public static void FromPremultipliedRgba(ReadOnlySpan<byte> rgba, Span<byte> grey)
    {
        for (var x = 0; x < grey.Length; x++)
        {
            var i = 4 * x;
            grey[x] = OverWhite(Of(rgba[i], rgba[i + 1], rgba[i + 2]), rgba[i + 3], premultiplied: true);
        }
    }
}
