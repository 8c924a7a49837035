using SkiaSharp;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// PNG through Skia's libpng in horizontal bands. Skia has no scanline decoder for PNG, but its incremental decode
/// takes a subset of whole rows: each band is decoded on its own (libpng inflates the rows above it again and skips
/// them), turned to grey and handed to the builder, so only one band of RGBA exists at a time however large the PNG.
/// An interlaced PNG must be inflated in full for every band, so it is refused when its decoder buffer would be huge.
/// </summary>
internal static class SkiaPngDecoder
{
    public static GrayImage Decode(ReadOnlyMemory<byte> content, ImageDecodeLimits limits, CancellationToken cancellationToken)
    {
        var header = PngHeader.Read(content.Span) ?? throw DecodeFailure.Unreadable("the PNG has no readable header (IHDR)");
        DecodeSize.CheckSource(header.Width, header.Height, limits);
        var buffered = header.Width * header.Height * Math.Max(4, header.BytesPerPixel);
        if (header.Interlaced && buffered > DecodeFailure.MaxCodecBufferBytes)
            throw DecodeFailure.TooLargeToBuffer(header.Width, header.Height, "an interlaced PNG of that size", buffered, DecodeFailure.MaxCodecBufferBytes);

        using var input = SkiaCodecInput.Open(content, "PNG");
        var codec = input.Codec;
        if (codec.EncodedFormat != SKEncodedImageFormat.Png) throw DecodeFailure.Unreadable("the data is not a PNG");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        DecodeSize.CheckSource(width, height, limits);
        var grey = codec.Info.ColorType == SKColorType.Gray8 && codec.Info.AlphaType == SKAlphaType.Opaque;
        var info = new SKImageInfo(width, height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, grey ? SKAlphaType.Opaque : SKAlphaType.Premul);

        var builder = GrayImageBuilder.Within(width, height, limits.MaxPixels);
        // The band takes what the output leaves of the decode's memory budget (about MaxPixels * 4 bytes in all).
        var bandBudget = Math.Max(info.RowBytes, limits.MaxPixels * 4 - (long)builder.Width * builder.Height);
        var bandRows = (int)Math.Clamp(Math.Min(bandBudget, int.MaxValue) / info.RowBytes, 1, height);
        ReadBands(codec, info, bandRows, builder, cancellationToken);
        return GrayOrientation.Upright(builder.Build(), (int)codec.EncodedOrigin);
    }

    private static void ReadBands(SKCodec codec, SKImageInfo info, int bandRows, GrayImageBuilder builder, CancellationToken cancellationToken)
    {
        var rowBytes = info.RowBytes;
        var buffer = new PinnedBuffer(bandRows * rowBytes);
        var grey = info.ColorType == SKColorType.Gray8 ? null : new byte[info.Width];
        for (var top = 0; top < info.Height; top += bandRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bottom = Math.Min(info.Height, top + bandRows);
            DecodeBand(codec, info, buffer, top, bottom);
            builder.AddSkiaRows(buffer, bottom - top, rowBytes, grey);
        }
    }

    private static void DecodeBand(SKCodec codec, SKImageInfo info, PinnedBuffer buffer, int top, int bottom)
    {
        var options = new SKCodecOptions(new SKRectI(0, top, info.Width, bottom));
        var started = codec.StartIncrementalDecode(info, buffer.Address, info.RowBytes, options);
        if (started != SKCodecResult.Success) throw DecodeFailure.Unreadable("the PNG decoder refused the image (" + started + ")");
        var result = codec.IncrementalDecode(out var rowsDecoded);
        if (result == SKCodecResult.IncompleteInput)
            throw DecodeFailure.Unreadable(DecodeFailure.Invariant($"the PNG data breaks off at row {top + rowsDecoded} of {info.Height}"));
        if (result != SKCodecResult.Success)
            throw DecodeFailure.Unreadable(DecodeFailure.Invariant($"the PNG data is damaged near row {top + rowsDecoded} of {info.Height} ({result})"));
    }
}
