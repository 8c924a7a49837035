using System.Buffers.Binary;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>The IHDR chunk of a PNG (PNG specification 11.2.2): size, sample layout and interlacing.</summary>
internal sealed record PngHeader(long Width, long Height, int BitDepth, int ColorType, bool Interlaced)
{
    /// <summary>Bytes one pixel takes in the decoder's own row buffer (at least one).</summary>
    public int BytesPerPixel
    {
        get
        {
            var samples = ColorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
            return Math.Max(1, samples * BitDepth / 8);
        }
    }

    /// <summary>The header, or null when the bytes do not start with the PNG signature and an IHDR chunk.</summary>
    public static PngHeader? Read(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length < 33 || !data.StartsWith(signature)) return null;
        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data[12..16].SequenceEqual("IHDR"u8)) return null;
        return new PngHeader(
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]),
            data[24],
            data[25],
            data[28] == 1);
    }
}
