using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// The layouts <see cref="TiffRowConverter"/> does not read (tiles, separate planes, YCbCr, CMYK, CIE L*a*b*, odd bit
/// depths) through LibTiff.NET's RGBA interface, one strip or one row of tiles at a time. That interface returns
/// each strip or tile bottom row first and applies the Orientation tag itself, so the tag is set to top-left in
/// memory first and the orientation is applied afterwards like for every other image.
/// </summary>
internal static class TiffRgbaReader
{
    public static void Read(TiffInput input, TiffFrameInfo info, GrayImageBuilder builder, long budgetBytes, string? where, CancellationToken cancellationToken)
    {
        var tiff = input.Tiff;
        if (!tiff.RGBAImageOK(out var reason))
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, "the TIFF's pixel layout is not supported (" + reason + ")"));
        tiff.SetField(TiffTag.ORIENTATION, Orientation.TOPLEFT);
        if (info.Tiled) ReadTiles(input, info, builder, budgetBytes, where, cancellationToken);
        else ReadStrips(input, info, builder, budgetBytes, where, cancellationToken);
    }

    private static void ReadStrips(TiffInput input, TiffFrameInfo info, GrayImageBuilder builder, long budgetBytes, string? where, CancellationToken cancellationToken)
    {
        var tiff = input.Tiff;
        int width = (int)info.Width, height = (int)info.Height;
        var rowsPerStrip = (int)Math.Clamp(tiff.GetFieldDefaulted(TiffTag.ROWSPERSTRIP)?[0].ToUInt() ?? (uint)height, 1, height);
        CheckBudget((long)width * rowsPerStrip * 4, budgetBytes, info, "strips");
        var raster = new int[width * rowsPerStrip];
        var grey = new byte[width];
        for (var top = 0; top < height; top += rowsPerStrip)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!tiff.ReadRGBAStrip(top, raster))
                throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr(DecodeFailure.Invariant($"the strip at row {top} is not readable"))));
            var rows = Math.Min(rowsPerStrip, height - top);
            for (var r = 0; r < rows; r++)
            {
                ToGrey(raster.AsSpan((rows - 1 - r) * width, width), grey);
                builder.AddRow(grey);
            }
        }
    }

    private static void ReadTiles(TiffInput input, TiffFrameInfo info, GrayImageBuilder builder, long budgetBytes, string? where, CancellationToken cancellationToken)
    {
        var tiff = input.Tiff;
        int width = (int)info.Width, height = (int)info.Height;
        var tileWidth = tiff.GetField(TiffTag.TILEWIDTH)?[0].ToInt() ?? 0;
        var tileHeight = tiff.GetField(TiffTag.TILELENGTH)?[0].ToInt() ?? 0;
        if (tileWidth < 1 || tileHeight < 1) throw DecodeFailure.Unreadable(DecodeFailure.On(where, "the TIFF's tiles have no size"));
        CheckBudget((long)tileWidth * tileHeight * 4 + (long)width * tileHeight, budgetBytes, info, "tiles");
        var raster = new int[tileWidth * tileHeight];
        var band = new byte[width * tileHeight];
        for (var top = 0; top < height; top += tileHeight)
        {
            var rows = Math.Min(tileHeight, height - top);
            for (var left = 0; left < width; left += tileWidth)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!tiff.ReadRGBATile(left, top, raster))
                    throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr(DecodeFailure.Invariant($"the tile at {left},{top} is not readable"))));
                var columns = Math.Min(tileWidth, width - left);
                for (var r = 0; r < rows; r++)
                    ToGrey(raster.AsSpan((tileHeight - 1 - r) * tileWidth, columns), band.AsSpan(r * width + left, columns));
            }

            for (var r = 0; r < rows; r++) builder.AddRow(band.AsSpan(r * width, width));
        }
    }

    private static void CheckBudget(long bytes, long budgetBytes, TiffFrameInfo info, string what)
    {
        if (bytes > budgetBytes)
            throw DecodeFailure.TooLargeToBuffer(info.Width, info.Height, "its " + what, bytes, budgetBytes);
    }

    /// <summary>LibTiff.NET's packed RGBA (red in the low byte, alpha premultiplied) to grey over white.</summary>
    private static void ToGrey(ReadOnlySpan<int> rgba, Span<byte> grey)
    {
        for (var x = 0; x < rgba.Length; x++)
        {
            var pixel = rgba[x];
            var value = Luminance.Of(pixel & 0xFF, (pixel >> 8) & 0xFF, (pixel >> 16) & 0xFF);
            grey[x] = Luminance.OverWhite(value, (pixel >> 24) & 0xFF, premultiplied: true);
        }
    }
}
