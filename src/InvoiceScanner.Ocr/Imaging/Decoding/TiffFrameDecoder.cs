namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// One TIFF directory (page) to grey through LibTiff.NET, row by row: the usual layouts scanline by scanline
/// (<see cref="TiffRowConverter"/>), the rest through the RGBA interface a strip or a row of tiles at a time
/// (<see cref="TiffRgbaReader"/>); larger pages are scaled down as the rows come, then the Orientation tag is applied.
/// </summary>
internal static class TiffFrameDecoder
{
    public static int CountDirectories(ReadOnlyMemory<byte> content)
    {
        using var input = TiffInput.Open(content, where: null);
        int count = input.Tiff.NumberOfDirectories();
        return count >= 1 ? count : throw DecodeFailure.Unreadable(input.ErrorOr("the TIFF's directories are not readable"));
    }

    public static GrayImage Decode(ReadOnlyMemory<byte> content, int frame, ImageDecodeLimits limits, CancellationToken cancellationToken)
    {
        var where = DecodeFailure.Invariant($"page {frame + 1}");
        using var input = TiffInput.Open(content, where);
        if (frame > 0 && (frame > short.MaxValue || !input.Tiff.SetDirectory((short)frame)))
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr("the TIFF has no such page")));
        return DecodeCurrent(input, limits, where, cancellationToken);
    }

    /// <summary>The directory <paramref name="input"/> is on; <paramref name="where"/> names it in failures.</summary>
    public static GrayImage DecodeCurrent(TiffInput input, ImageDecodeLimits limits, string? where, CancellationToken cancellationToken)
    {
        var info = TiffFrameInfo.Read(input.Tiff);
        DecodeSize.CheckSource(info.Width, info.Height, limits, where);
        var builder = GrayImageBuilder.Within((int)info.Width, (int)info.Height, limits.MaxPixels);
        // Rows, strips or tiles take what the output leaves of the decode's memory budget (about MaxPixels * 4 bytes).
        var budget = Math.Max(0, limits.MaxPixels * 4 - (long)builder.Width * builder.Height);
        var converter = info.Tiled ? null : TiffRowConverter.For(info);
        if (converter is not null) ReadScanlines(input, info, converter, builder, budget, where, cancellationToken);
        else TiffRgbaReader.Read(input, info, builder, budget, where, cancellationToken);

        return GrayOrientation.Upright(builder.Build(), info.Orientation);
    }

    private static void ReadScanlines(
        TiffInput input, TiffFrameInfo info, TiffRowConverter converter, GrayImageBuilder builder, long budget, string? where, CancellationToken cancellationToken)
    {
        var tiff = input.Tiff;
        var size = tiff.ScanlineSize();
        if (size < 1) throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr("the TIFF's rows have no size")));
        if (size > budget) throw DecodeFailure.TooLargeToBuffer(info.Width, info.Height, "one of its rows", size, budget);
        var scanline = new byte[size];
        var grey = new byte[builder.SourceWidth];
        // Sequential: compressed strips cannot be read from the middle.
        for (var row = 0; row < builder.SourceHeight; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!tiff.ReadScanline(scanline, row))
                throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr(DecodeFailure.Invariant($"row {row} of {builder.SourceHeight} is not readable"))));
            converter.Convert(scanline, grey);
            builder.AddRow(grey);
        }
    }
}
