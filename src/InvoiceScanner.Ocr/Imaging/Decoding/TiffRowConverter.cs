using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Turns one decoded TIFF scanline (chunky samples as LibTiff.NET returns them: packed below 8 bits, 16-bit samples
/// in the machine's byte order) into grey: bilevel and grey (white-is-zero or black-is-zero) at 1, 2, 4, 8 or 16
/// bits, palette at up to 8 bits, RGB and CMYK at 8 or 16 bits, each with an optional alpha sample laid over white.
/// </summary>
internal sealed class TiffRowConverter
{
    private readonly int bits;
    private readonly int samples;
    private readonly int channels;
    private readonly ExtraSample alpha;
    private readonly byte[] levels;

    private TiffRowConverter(int bits, int samples, int channels, ExtraSample alpha, byte[] levels)
    {
        this.bits = bits;
        this.samples = samples;
        this.channels = channels;
        this.alpha = alpha;
        this.levels = levels;
    }

    /// <summary>A converter for the frame's layout, or null when it is one this class does not read.</summary>
    public static TiffRowConverter? For(TiffFrameInfo info)
    {
        if (!info.Contiguous || info.SampleFormat is not (SampleFormat.UINT or SampleFormat.VOID)) return null;
        int bits = info.BitsPerSample, samples = info.SamplesPerPixel;
        var channels = info.Photometric switch { Photometric.RGB => 3, Photometric.SEPARATED => 4, _ => 1 };
        if (samples < channels || samples > channels + 4) return null;
        var alpha = samples > channels && info.Alpha is ExtraSample.ASSOCALPHA or ExtraSample.UNASSALPHA ? info.Alpha : ExtraSample.UNSPECIFIED;
        var levels = info.Photometric switch
        {
            Photometric.MINISBLACK or Photometric.MINISWHITE when bits is 1 or 2 or 4 or 8 or 16 && (bits >= 8 || samples == 1) =>
                GreyLevels(Math.Min(bits, 8), whiteIsZero: info.Photometric == Photometric.MINISWHITE),
            Photometric.PALETTE when bits is 1 or 2 or 4 or 8 && (bits == 8 || samples == 1) => info.PaletteGrey,
            Photometric.RGB when bits is 8 or 16 => [],
            Photometric.SEPARATED when bits is 8 or 16 && info.CmykInks => [],
            _ => null,
        };
        return levels is null ? null : new TiffRowConverter(bits, samples, channels, alpha, levels);
    }

    public void Convert(ReadOnlySpan<byte> scanline, Span<byte> grey)
    {
        if (bits < 8)
        {
            ConvertPacked(scanline, grey);
            return;
        }

        for (var x = 0; x < grey.Length; x++)
        {
            var i = x * samples;
            var value = channels switch
            {
                3 => Luminance.Of(Sample(scanline, i), Sample(scanline, i + 1), Sample(scanline, i + 2)),
                4 => Cmyk(Sample(scanline, i), Sample(scanline, i + 1), Sample(scanline, i + 2), Sample(scanline, i + 3)),
                _ => levels[Sample(scanline, i)],
            };
            grey[x] = alpha == ExtraSample.UNSPECIFIED
                ? value
                : Luminance.OverWhite(value, Sample(scanline, i + channels), premultiplied: alpha == ExtraSample.ASSOCALPHA);
        }
    }

    /// <summary>Ink amounts (0 none, 255 full) to grey the simple way: each ink takes its share of the light, black takes from all.</summary>
    private static byte Cmyk(int cyan, int magenta, int yellow, int black)
    {
        var paper = 255 - black;
        return Luminance.Of((255 - cyan) * paper / 255, (255 - magenta) * paper / 255, (255 - yellow) * paper / 255);
    }

    /// <summary>Maps each sample value (at most 8 bits) to grey: full range, inverted for white-is-zero.</summary>
    private static byte[] GreyLevels(int bits, bool whiteIsZero)
    {
        var max = (1 << bits) - 1;
        var levels = new byte[256];
        for (var v = 0; v <= max; v++)
        {
            var level = (v * 255 + max / 2) / max;
            levels[v] = (byte)(whiteIsZero ? 255 - level : level);
        }

        return levels;
    }

    /// <summary>Sample <paramref name="index"/> scaled to 8 bits (the high byte of a 16-bit sample).</summary>
    private int Sample(ReadOnlySpan<byte> scanline, int index) =>
        bits == 8 ? scanline[index] : MemoryMarshal.Read<ushort>(scanline.Slice(2 * index, 2)) >> 8;

    /// <summary>One sample a pixel packed 1, 2 or 4 bits deep, the first pixel in the high bits of each byte.</summary>
    private void ConvertPacked(ReadOnlySpan<byte> scanline, Span<byte> grey)
    {
        var perByte = 8 / bits;
        var mask = (1 << bits) - 1;
        for (var x = 0; x < grey.Length; x++)
        {
            var shift = 8 - bits * (x % perByte + 1);
            grey[x] = levels[(scanline[x / perByte] >> shift) & mask];
        }
    }
}
