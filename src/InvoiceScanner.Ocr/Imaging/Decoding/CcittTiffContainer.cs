using System.Buffers.Binary;
using System.Numerics;
using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Wraps a PDF's CCITTFaxDecode data in a minimal little-endian TIFF 6.0 file (one IFD, one strip holding the data
/// as it is) so LibTiff.NET's fax decoders can read it. BlackIs1 (ISO 32000-1, 7.4.6) says which sample value the
/// PDF filter puts out for the fax code's black runs (false, the default: 0; true: 1), and a DeviceGray image draws
/// 0 black. LibTiff.NET writes 1 bits for black runs, so white-is-zero shows them black (BlackIs1 false) and
/// black-is-zero shows them white (BlackIs1 true, which a PDF normally pairs with /Decode [1 0] or an image mask).
/// </summary>
internal static class CcittTiffContainer
{
    private const ushort Short = 3;
    private const ushort Long = 4;

    /// <summary>The TIFF and the fax mode LibTiff.NET must decode it with (null: the compression's default).</summary>
    public static (byte[] Tiff, FaxMode? Mode) Wrap(ReadOnlySpan<byte> data, CcittParameters parameters)
    {
        var (compression, options, mode) = Coding(data, parameters);
        List<(ushort Tag, ushort Type, uint Value)> entries =
        [
            (256, Long, (uint)parameters.Columns),               // ImageWidth
            (257, Long, (uint)parameters.Rows),                  // ImageLength
            (258, Short, 1),                                     // BitsPerSample
            (259, Short, (uint)compression),                     // Compression
            (262, Short, parameters.BlackIs1 ? 1u : 0u),         // PhotometricInterpretation
            (273, Long, 0),                                      // StripOffsets, set below
            (277, Short, 1),                                     // SamplesPerPixel
            (278, Long, (uint)parameters.Rows),                  // RowsPerStrip: one strip
            (279, Long, (uint)data.Length),                      // StripByteCounts
        ];
        if (options is { } value) entries.Add(compression == Compression.CCITTFAX4 ? ((ushort)293, Long, value) : ((ushort)292, Long, value));

        var ifdLength = 2 + 12 * entries.Count + 4;
        var dataOffset = 8 + ifdLength;
        entries[5] = (273, Long, (uint)dataOffset);
        var tiff = new byte[dataOffset + data.Length];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = tiff.AsSpan(10 + 12 * i, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
            // A single value sits left-justified in the 4-byte value field.
            if (entries[i].Type == Short) BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)entries[i].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], entries[i].Value);
        }

        // The next-IFD offset after the entries stays 0: there is one image.
        data.CopyTo(tiff.AsSpan(dataOffset));
        return (tiff, mode);
    }

    /// <summary>
    /// The TIFF compression for the PDF parameters. Group 3 data may or may not carry EOL codes (PDF's EndOfLine,
    /// which the parameters leave out); LibTiff.NET's Group 3 decoders need them, so data that does not start with
    /// an EOL (eleven or more 0 bits; no run code has as many) is read as TIFF's Modified Huffman without EOLs.
    /// </summary>
    private static (Compression Compression, uint? Options, FaxMode? Mode) Coding(ReadOnlySpan<byte> data, CcittParameters parameters)
    {
        if (parameters.K < 0)
        {
            if (parameters.EncodedByteAlign) throw DecodeFailure.Unreadable("CCITT Group 4 data with byte-aligned rows (EncodedByteAlign) is not supported");
            return (Compression.CCITTFAX4, 0u, null);
        }

        var fillBits = parameters.EncodedByteAlign ? 4u : 0u; // T4Options bit 2: rows padded so each EOL ends a byte
        if (StartsWithEol(data)) return (Compression.CCITTFAX3, (parameters.K > 0 ? 1u : 0u) | fillBits, null);
        if (parameters.K > 0) throw DecodeFailure.Unreadable("CCITT Group 3 two-dimensional data without EOL codes is not supported");
        return (Compression.CCITTRLE, null, FaxMode.NORTC | FaxMode.NOEOL | (parameters.EncodedByteAlign ? FaxMode.BYTEALIGN : 0));
    }

    private static bool StartsWithEol(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        foreach (var b in data)
        {
            if (b != 0) return zeros + BitOperations.LeadingZeroCount((uint)b) - 24 >= 11;
            zeros += 8;
        }

        return false;
    }
}
