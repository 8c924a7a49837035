namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>The size checks made on the header's dimensions before any pixel is decoded, and the size decoded to.</summary>
internal static class DecodeSize
{
    /// <summary>
    /// Refuses a source whose header declares more than <see cref="ImageDecodeLimits.MaxSourcePixels"/>, or a side
    /// longer than <see cref="ImageDecodeLimits.MaxPixels"/> (one row of such an image alone would exceed the memory
    /// a decode may take).
    /// </summary>
    public static void CheckSource(long width, long height, ImageDecodeLimits limits, string? where = null)
    {
        if (width < 1 || height < 1)
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, DecodeFailure.Invariant($"the header declares a size of {width}x{height} pixels")));
        if (width * height > limits.MaxSourcePixels) throw DecodeFailure.TooLarge(width, height, limits.MaxSourcePixels);
        if (Math.Max(width, height) > limits.MaxPixels) throw DecodeFailure.TooLong(width, height, limits.MaxPixels);
    }

    /// <summary>
    /// The size an image of <paramref name="width"/> × <paramref name="height"/> is scaled to so it holds at most
    /// <paramref name="maxPixels"/> pixels, keeping its aspect ratio; the size itself when it already fits.
    /// </summary>
    public static (int Width, int Height) Fit(int width, int height, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        if ((long)width * height <= maxPixels) return (width, height);
        var scale = Math.Sqrt((double)maxPixels / ((double)width * height));
        var fittedHeight = (int)Math.Clamp(Math.Floor(height * scale), 1, Math.Min(height, maxPixels));
        var fittedWidth = (int)Math.Clamp(Math.Floor(width * scale), 1, width);
        // Rounding and the one-pixel floor of a very thin image can still overshoot: the width gives way.
        fittedWidth = (int)Math.Max(1, Math.Min(fittedWidth, maxPixels / fittedHeight));
        return (fittedWidth, fittedHeight);
    }
}
