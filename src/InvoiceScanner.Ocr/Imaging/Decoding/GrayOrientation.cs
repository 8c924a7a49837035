namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Turns a grey image stored in one of the eight EXIF/TIFF orientations (1 = upright … 8; the same numbers as
/// <c>SKEncodedOrigin</c> and the TIFF Orientation tag) into the upright image a reader sees.
/// </summary>
internal static class GrayOrientation
{
    public static GrayImage Upright(GrayImage image, int orientation)
    {
        if (orientation is < 2 or > 8) return image;
        int w = image.Width, h = image.Height;
        var transposed = orientation >= 5;
        var output = new byte[image.Pixels.Length];
        for (var r = 0; r < h; r++)
        {
            var (start, step) = Placement(orientation, r, w, h);
            var source = image.Pixels.AsSpan(r * w, w);
            var index = start;
            for (var c = 0; c < w; c++, index += step) output[index] = source[c];
        }

        return transposed ? new GrayImage(h, w, output) : new GrayImage(w, h, output);
    }

    /// <summary>
    /// Where stored row <paramref name="r"/> goes in the upright output: the index of its first pixel and the step
    /// from one pixel of the row to the next. Orientations 5–8 store the picture transposed (its rows are the
    /// upright image's columns, so the output is <paramref name="h"/> pixels wide).
    /// </summary>
    private static (long Start, long Step) Placement(int orientation, long r, long w, long h) => orientation switch
    {
        2 => (r * w + w - 1, -1),           // mirrored left-right
        3 => ((h - 1 - r) * w + w - 1, -1), // turned 180°
        4 => ((h - 1 - r) * w, 1),          // mirrored top-bottom
        5 => (r, h),                        // transposed: stored rows are the upright columns, left to right
        6 => (h - 1 - r, h),                // stored rows are the upright columns, right to left (turn 90° clockwise)
        7 => ((w - 1) * h + h - 1 - r, -h), // transverse
        8 => ((w - 1) * h + r, -h),         // turn 90° counter-clockwise
        _ => (r * w, 1),
    };
}
