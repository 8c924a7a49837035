using System.Buffers.Binary;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

/// <summary>JPEG byte surgery for tests: an EXIF orientation inserted, the declared size changed.</summary>
internal static class JpegTestFiles
{
    /// <summary>
    /// The JPEG with an APP1 Exif segment right after SOI holding one IFD0 entry, Orientation (0x0112) =
    /// <paramref name="orientation"/> (big-endian TIFF structure, as the Exif 2.3 specification lays it out).
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at offset 8
            0, 1,                                    // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0,                              // no next IFD
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>The JPEG with the size in its frame header (SOF0/SOF2) replaced.</summary>
    public static byte[] WithDeclaredSize(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 2; i + 9 < copy.Length; i++)
        {
            if (copy[i] != 0xFF || copy[i + 1] is not (0xC0 or 0xC2)) continue;
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), (ushort)height);
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), (ushort)width);
            return copy;
        }

        throw new InvalidOperationException("No frame header found.");
    }
}
