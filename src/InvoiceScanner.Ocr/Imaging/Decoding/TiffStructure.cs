using System.Buffers.Binary;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Checks the directory structure of a classic TIFF (TIFF 6.0, section 2) before LibTiff.NET reads it. That library
/// allocates whatever a directory entry claims (a count of a billion SHORTs, a strip of two gigabytes) before it
/// finds out the file is not that long; here every entry's values, and every strip or tile, must lie inside the file,
/// and the directory chain must not loop.
/// </summary>
internal static class TiffStructure
{
    /// <summary>Directories followed at most; a file with more is refused rather than walked for ever.</summary>
    private const int MaxDirectories = 100_000;

    /// <summary>The reason the structure is unsound, or null when it is sound.</summary>
    public static string? Problem(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return "the file is shorter than a TIFF header";
        if (!(tiff.StartsWith("II"u8) || tiff.StartsWith("MM"u8))) return "the file does not start with a TIFF byte order mark";
        var little = tiff[0] == (byte)'I';
        if ((little ? BinaryPrimitives.ReadUInt16LittleEndian(tiff[2..]) : BinaryPrimitives.ReadUInt16BigEndian(tiff[2..])) == 43)
            return "BigTIFF files are not supported";
        var reader = new Reader(tiff, little);
        var visited = new HashSet<long>();
        var offset = (long)reader.UInt32(4);
        for (var page = 1; offset != 0; page++)
        {
            if (page > MaxDirectories) return "the file has more than " + MaxDirectories + " directories";
            if (offset < 8 || offset + 2 > tiff.Length || !visited.Add(offset)) return "directory " + page + " lies outside the file or loops back";
            var entries = reader.UInt16(offset);
            var next = offset + 2 + 12L * entries;
            if (next + 4 > tiff.Length) return "directory " + page + " runs past the end of the file";
            for (var i = 0; i < entries; i++)
            {
                if (EntryProblem(reader, offset + 2 + 12L * i) is { } problem) return "directory " + page + ": " + problem;
            }

            offset = reader.UInt32(next);
        }

        return visited.Count == 0 ? "the file has no directory" : null;
    }

    private static string? EntryProblem(Reader reader, long entry)
    {
        var tag = reader.UInt16(entry);
        var size = TypeSize(reader.UInt16(entry + 2));
        var count = (long)reader.UInt32(entry + 4);
        if (size == 0) return null; // a type LibTiff.NET does not know: it skips the entry without reading it
        var bytes = count * size;
        if (bytes > 4 && reader.UInt32(entry + 8) + bytes > reader.Length) return "tag " + tag + " claims values beyond the end of the file";
        // StripByteCounts and TileByteCounts: the library allocates a buffer of each size before reading a strip.
        if (tag is 279 or 325 && size is 2 or 4)
        {
            for (var i = 0L; i < count; i++)
            {
                var at = bytes > 4 ? reader.UInt32(entry + 8) + i * size : entry + 8 + i * size;
                if ((size == 2 ? reader.UInt16(at) : reader.UInt32(at)) > reader.Length) return "a strip or tile is longer than the file";
            }
        }

        return null;
    }

    /// <summary>Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE, 13 IFD); 0 for types outside TIFF 6.0.</summary>
    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private readonly ref struct Reader(ReadOnlySpan<byte> data, bool littleEndian)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private readonly bool littleEndian = littleEndian;

        public long Length => data.Length;

        public ushort UInt16(long at) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[(int)at..]);

        public uint UInt32(long at) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[(int)at..]);
    }
}
