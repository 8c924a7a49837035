using SkiaSharp;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// JPEG through Skia's libjpeg-turbo, scanline by scanline: a large photo is decoded at the largest DCT scale (n/8)
/// whose result fits the pixel limit, so the full-size image is never produced; grey JPEGs are read as grey, colour
/// (YCbCr, CMYK and Adobe-inverted CMYK, which Skia converts) as RGBA and turned to luma row by row.
/// </summary>
internal static class SkiaJpegDecoder
{
    /// <summary>Rows fetched per call into native code: about this many bytes.</summary>
    private const int ChunkBytes = 1 << 20;

    public static GrayImage Decode(ReadOnlyMemory<byte> content, ImageDecodeLimits limits, CancellationToken cancellationToken)
    {
        var frame = JpegFrameHeader.Read(content.Span) ?? throw DecodeFailure.Unreadable("the JPEG has no readable frame header");
        DecodeSize.CheckSource(frame.Width, frame.Height, limits);
        if (frame.Progressive && frame.CoefficientBytes > DecodeFailure.MaxCodecBufferBytes)
            throw DecodeFailure.TooLargeToBuffer(frame.Width, frame.Height, "a progressive JPEG of that size", frame.CoefficientBytes, DecodeFailure.MaxCodecBufferBytes);

        using var input = SkiaCodecInput.Open(content, "JPEG");
        var codec = input.Codec;
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg) throw DecodeFailure.Unreadable("the data is not a JPEG");
        var size = ScaledSize(codec, limits.MaxPixels);
        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(size.Width, size.Height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        var started = codec.StartScanlineDecode(info);
        if (started != SKCodecResult.Success) throw DecodeFailure.Unreadable("the JPEG decoder refused the image (" + started + ")");

        var builder = GrayImageBuilder.Within(size.Width, size.Height, limits.MaxPixels);
        ReadRows(codec, info, builder, cancellationToken);
        return GrayOrientation.Upright(builder.Build(), (int)codec.EncodedOrigin);
    }

    /// <summary>
    /// The largest size libjpeg-turbo decodes to directly (n/8 of the original, n = 8 … 1) that holds at most
    /// <paramref name="maxPixels"/>; 1/8 when none does (the builder scales the rest of the way).
    /// </summary>
    private static SKSizeI ScaledSize(SKCodec codec, long maxPixels)
    {
        for (var eighths = 8; eighths >= 1; eighths--)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if ((long)size.Width * size.Height <= maxPixels) return size;
        }

        return codec.GetScaledDimensions(1 / 8f);
    }

    private static void ReadRows(SKCodec codec, SKImageInfo info, GrayImageBuilder builder, CancellationToken cancellationToken)
    {
        var rowBytes = info.RowBytes;
        var chunkRows = Math.Clamp(ChunkBytes / rowBytes, 1, info.Height);
        var buffer = new PinnedBuffer(chunkRows * rowBytes);
        var grey = info.ColorType == SKColorType.Gray8 ? null : new byte[info.Width];
        for (var top = 0; top < info.Height; top += chunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(chunkRows, info.Height - top);
            var decoded = codec.GetScanlines(buffer.Address, rows, rowBytes);
            if (decoded < rows)
                throw DecodeFailure.Unreadable(DecodeFailure.Invariant($"the JPEG data breaks off at row {top + decoded} of {info.Height}"));
            builder.AddSkiaRows(buffer, rows, rowBytes, grey);
        }
    }
}
