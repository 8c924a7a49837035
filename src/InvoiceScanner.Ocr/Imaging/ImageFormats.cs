using System.Buffers.Binary;
using InvoiceScanner.Core.Files;

namespace InvoiceScanner.Ocr.Imaging;

/// <summary>Recognises image files by their signature and counts TIFF pages without decoding pixels.</summary>
internal static class ImageFormats
{
    /// <summary>The image format the bytes actually are (whatever the upload declared), or null.</summary>
    public static DocumentKind? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return DocumentKind.Png;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return DocumentKind.Jpeg;
        if (content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8)) return DocumentKind.Tiff;
        return null;
    }

    /// <summary>
    /// Number of images (IFDs) in a classic TIFF, counting at most <paramref name="stopAfter"/>; null when the
    /// structure cannot be followed (BigTIFF, truncated), in which case tesseract decides.
    /// </summary>
    public static int? CountTiffPages(ReadOnlySpan<byte> content, int stopAfter)
    {
        if (content.Length < 8) return null;
        var littleEndian = content[0] == (byte)'I';
        uint ReadUInt32(ReadOnlySpan<byte> s) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ushort ReadUInt16(ReadOnlySpan<byte> s) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

        var offset = (long)ReadUInt32(content[4..]);
        var visited = new HashSet<long>();
        var count = 0;
        while (offset != 0)
        {
            // A loop in the IFD chain or an offset outside the file: malformed.
            if (offset < 8 || offset + 2 > content.Length || !visited.Add(offset)) return null;
            var entries = ReadUInt16(content[(int)offset..]);
            var next = offset + 2 + entries * 12L;
            if (next + 4 > content.Length) return null;
            count++;
            if (count > stopAfter) return count;
            offset = ReadUInt32(content[(int)next..]);
        }

        return count == 0 ? null : count;
    }
}
