using System.Buffers.Binary;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// The frame header (SOFn) of a JPEG, read by walking the marker segments (ITU T.81 B.1): the declared size, whether
/// the frame is progressive and how many bytes of DCT coefficients a decoder must buffer for a progressive frame.
/// </summary>
internal sealed record JpegFrameHeader(int Width, int Height, bool Progressive, long CoefficientBytes)
{
    /// <summary>The first frame header, or null when the markers end (or break off) before one.</summary>
    public static JpegFrameHeader? Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8) return null;
        var position = 2;
        while (position + 1 < data.Length)
        {
            if (data[position] != 0xFF) return null;
            var marker = data[position + 1];
            position += 2;
            if (marker == 0xFF) { position--; continue; } // fill byte before the marker
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8)) continue; // markers without a segment
            if (marker is 0xD9 or 0xDA || position + 2 > data.Length) return null; // image data before any frame
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2 || position + length > data.Length) return null;
            if (IsStartOfFrame(marker)) return Parse(data.Slice(position + 2, length - 2), progressive: marker is 0xC2 or 0xC6 or 0xCA or 0xCE);
            position += length;
        }

        return null;
    }

    // C4 (DHT), C8 (reserved) and CC (DAC) share the range but are not frames.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static JpegFrameHeader? Parse(ReadOnlySpan<byte> frame, bool progressive)
    {
        if (frame.Length < 6) return null;
        int height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);
        int components = frame[5];
        if (components < 1 || frame.Length < 6 + 3 * components) return null;
        int maxH = 1, maxV = 1;
        for (var i = 0; i < components; i++)
        {
            var sampling = frame[6 + 3 * i + 1];
            maxH = Math.Max(maxH, sampling >> 4);
            maxV = Math.Max(maxV, sampling & 0x0F);
        }

        // Each component keeps one 8x8 block of 16-bit coefficients per block of its (subsampled) plane.
        long bytes = 0;
        for (var i = 0; i < components; i++)
        {
            var sampling = frame[6 + 3 * i + 1];
            var blocksAcross = Blocks(width, Math.Max(1, sampling >> 4), maxH);
            var blocksDown = Blocks(height, Math.Max(1, sampling & 0x0F), maxV);
            bytes += blocksAcross * blocksDown * 64 * 2;
        }

        return new JpegFrameHeader(width, height, progressive, bytes);
    }

    private static long Blocks(int size, int factor, int maxFactor) => ((long)size * factor + 8L * maxFactor - 1) / (8L * maxFactor);
}
