using System.Buffers.Binary;
using System.IO.Compression;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

/// <summary>
/// PNG files Skia's encoder does not write (interlaced), and headers changed by hand; written per the PNG
/// specification (chunks, CRC-32, Adam7).
/// </summary>
internal static class PngTestFiles
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>An 8-bit grey PNG of <paramref name="pixels"/>, Adam7-interlaced, every row with filter type 0.</summary>
    public static byte[] InterlacedGrey(int width, int height, byte[] pixels)
    {
        (int X0, int Y0, int Dx, int Dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        using var raw = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            for (var y = y0; y < height; y += dy)
            {
                if (x0 >= width) break;
                raw.WriteByte(0);
                for (var x = x0; x < width; x += dx) raw.WriteByte(pixels[y * width + x]);
            }
        }

        return Assemble(width, height, colorType: 0, interlaced: true, raw.ToArray());
    }

    /// <summary>The PNG with the size in IHDR replaced (and the chunk's CRC made to match).</summary>
    public static byte[] WithDeclaredSize(byte[] png, uint width, uint height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc(copy.AsSpan(12, 17)));
        return copy;
    }

    private static byte[] Assemble(int width, int height, byte colorType, bool interlaced, byte[] filteredRows)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = colorType;
        header[12] = interlaced ? (byte)1 : (byte)0;
        WriteChunk(output, "IHDR"u8, header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(filteredRows);
        WriteChunk(output, "IDAT"u8, compressed.ToArray());
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        output.Write(number);
        byte[] typed = [.. type, .. data];
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc(typed));
        output.Write(number);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
