using InvoiceScanner.Ocr.Imaging;
using UglyToad.PdfPig.Graphics.Colors;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Turns an image's decoded samples into 8-bit grey (0 = black): unpacks 1/2/4/8/16-bit components (rows padded to
/// whole bytes), applies the /Decode array, and maps the colour space to a luminance. Colour accuracy is beside the
/// point: the result is read by OCR, so calibrated and ICC spaces are taken by their component count.
/// </summary>
internal static class GraySamples
{
    /// <summary>The grey image, or the reason it cannot be made (an unsupported colour space, no samples).</summary>
    public static (GrayImage? Image, string? Problem) Convert(
        ReadOnlySpan<byte> samples, int width, int height, int bitsPerComponent, ColorSpaceDetails? space, IReadOnlyList<double>? decode, bool isMask)
    {
        if (bitsPerComponent is not (1 or 2 or 4 or 8 or 16) || (isMask && bitsPerComponent != 1))
            return (null, $"{bitsPerComponent} bits per component");
        var components = isMask ? 1 : Components(space);
        if (components is null) return (null, $"colour space {space?.Type.ToString() ?? "(none)"}");
        var rowBytes = (int)(((long)width * components.Value * bitsPerComponent + 7) / 8);
        var rows = (int)Math.Min(height, samples.Length / Math.Max(1, rowBytes));
        if (rows == 0) return (null, $"{samples.Length} bytes of samples, not one row's worth");

        var pixels = new byte[(long)width * height];
        // A truncated stream (a scan cut short) keeps what it has; the missing rows stay white, as viewers show them.
        pixels.AsSpan(rows * width).Fill(255);
        samples = samples[..(rows * rowBytes)];
        if (components == 1)
        {
            var table = isMask ? MaskTable(decode) : SingleComponentTable(space!, bitsPerComponent, decode);
            for (var y = 0; y < rows; y++)
            {
                var row = samples.Slice(y * rowBytes, rowBytes);
                for (var x = 0; x < width; x++) pixels[y * width + x] = table[Sample(row, x, bitsPerComponent)];
            }
        }
        else if (bitsPerComponent == 8 && Ranges(decode, components.Value, false).SequenceEqual(Ranges(null, components.Value, false))
            && Effective(space!) is ColorSpace.DeviceRGB or ColorSpace.DeviceCMYK)
        {
            // The common scan (8-bit RGB or CMYK, default /Decode) in integer arithmetic: a page is tens of millions of samples.
            Rgb8OrCmyk8(samples, width, rows, rowBytes, components.Value, pixels);
        }
        else
        {
            AnyComponents(samples, width, rows, rowBytes, bitsPerComponent, space!, decode, components.Value, pixels);
        }

        return (new GrayImage(width, height, pixels), null);
    }

    /// <summary>Any other multi-component sample: each component decoded to its range, then to a luminance.</summary>
    private static void AnyComponents(
        ReadOnlySpan<byte> samples, int width, int rows, int rowBytes, int bits, ColorSpaceDetails space, IReadOnlyList<double>? decode,
        int components, byte[] pixels)
    {
        var ranges = Ranges(decode, components, space.Type == ColorSpace.Lab);
        var values = new double[components];
        var max = (1 << bits) - 1;
        for (var y = 0; y < rows; y++)
        {
            var row = samples.Slice(y * rowBytes, rowBytes);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < components; c++)
                {
                    var raw = Sample(row, x * components + c, bits);
                    values[c] = ranges[2 * c] + raw * (ranges[2 * c + 1] - ranges[2 * c]) / max;
                }

                pixels[y * width + x] = ToByte(Luminance(space.Type, space.BaseType, values));
            }
        }
    }

    private static void Rgb8OrCmyk8(ReadOnlySpan<byte> samples, int width, int height, int rowBytes, int components, byte[] pixels)
    {
        for (var y = 0; y < height; y++)
        {
            var row = samples.Slice(y * rowBytes, rowBytes);
            var output = pixels.AsSpan(y * width, width);
            for (int x = 0, i = 0; x < width; x++, i += components)
            {
                var luma = (299 * row[i] + 587 * row[i + 1] + 114 * row[i + 2] + 500) / 1000;
                // CMYK components are ink: the colour's darkness plus black, taken off white.
                output[x] = components == 3 ? (byte)luma : (byte)Math.Max(0, 255 - luma - row[i + 3]);
            }
        }
    }

    /// <summary>Components per sample, or null for a space not turned to grey here (Pattern, unsupported).</summary>
    private static int? Components(ColorSpaceDetails? space)
    {
        if (space is null or UnsupportedColorSpaceDetails || space.Type == ColorSpace.Pattern) return null;
        var count = space.NumberOfColorComponents;
        return count is 1 or 3 or 4 || (space.Type == ColorSpace.DeviceN && count is > 0 and <= 32) ? count : null;
    }

    /// <summary>Grey for every raw value of a one-component sample: grey, calibrated grey, separation, indexed.</summary>
    private static byte[] SingleComponentTable(ColorSpaceDetails space, int bits, IReadOnlyList<double>? decode)
    {
        var max = (1 << bits) - 1;
        var indexed = space as IndexedColorSpaceDetails;
        var (low, high) = decode is { Count: >= 2 } ? (decode[0], decode[1]) : (0.0, indexed is null ? 1.0 : max);
        var palette = indexed is null ? null : Palette(indexed);
        var table = new byte[max + 1];
        Span<double> value = stackalloc double[1];
        for (var raw = 0; raw <= max; raw++)
        {
            var decoded = low + raw * (high - low) / max;
            if (palette is not null)
            {
                table[raw] = palette[Math.Clamp((int)Math.Round(decoded), 0, palette.Length - 1)];
            }
            else
            {
                value[0] = decoded;
                table[raw] = RgbGrey(space, value);
            }
        }

        return table;
    }

    /// <summary>An indexed space's colour table as grey, one entry per index.</summary>
    private static byte[] Palette(IndexedColorSpaceDetails indexed)
    {
        var baseSpace = indexed.BaseColorSpace;
        var n = Math.Max(1, indexed.BaseNumberOfColorComponents);
        var table = indexed.ColorTable;
        var grey = new byte[indexed.HiVal + 1];
        var values = new double[n];
        for (var i = 0; i < grey.Length; i++)
        {
            for (var c = 0; c < n; c++)
            {
                var at = i * n + c;
                values[c] = at < table.Length ? table[at] / 255.0 : 0;
            }

            grey[i] = n == 1 ? RgbGrey(baseSpace, values) : ToByte(Luminance(baseSpace.Type, baseSpace.BaseType, values));
        }

        return grey;
    }

    /// <summary>A stencil mask paints where the sample is 0 (or 1 with /Decode [1 0]); painted is black.</summary>
    private static byte[] MaskTable(IReadOnlyList<double>? decode) =>
        decode is { Count: >= 2 } && decode[0] > decode[1] ? [255, 0] : [0, 255];

    /// <summary>Through PdfPig's own colour conversion (tint functions, calibrated grey); used only to fill small tables.</summary>
    private static byte RgbGrey(ColorSpaceDetails space, ReadOnlySpan<double> values)
    {
        try
        {
            space.GetRgb(values, out var r, out var g, out var b);
            return ToByte(0.299 * r + 0.587 * g + 0.114 * b);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            // A broken tint function: treat the component as ink coverage.
            return ToByte(space.Type is ColorSpace.Separation or ColorSpace.DeviceN ? 1 - values[0] : values[0]);
        }
    }

    /// <summary>Luminance (0..1) of a multi-component colour whose components are already decoded.</summary>
    private static double Luminance(ColorSpace type, ColorSpace baseType, ReadOnlySpan<double> v)
    {
        var effective = Effective(type == ColorSpace.Indexed ? baseType : type, v.Length);
        return effective switch
        {
            ColorSpace.DeviceCMYK => 1 - Math.Min(1, 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2] + v[3]),
            ColorSpace.Lab => v[0] / 100,
            ColorSpace.DeviceN => 1 - Math.Min(1, Sum(v)),
            _ => v.Length >= 3 ? 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2] : v[0],
        };
    }

    /// <summary>The device space a multi-component space is read as: calibrated and ICC spaces by their component count.</summary>
    private static ColorSpace Effective(ColorSpaceDetails space) => Effective(space.Type, space.NumberOfColorComponents);

    private static ColorSpace Effective(ColorSpace type, int components) => type switch
    {
        ColorSpace.ICCBased or ColorSpace.CalRGB => components == 4 ? ColorSpace.DeviceCMYK : components == 3 ? ColorSpace.DeviceRGB : ColorSpace.DeviceGray,
        _ => type,
    };

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum;
    }

    /// <summary>The /Decode range of each component, or the space's default (L* 0..100 for Lab, else 0..1).</summary>
    private static double[] Ranges(IReadOnlyList<double>? decode, int components, bool lab)
    {
        var ranges = new double[2 * components];
        for (var c = 0; c < components; c++)
        {
            var (low, high) = lab && c == 0 ? (0.0, 100.0) : lab ? (-100.0, 100.0) : (0.0, 1.0);
            if (decode is not null && decode.Count >= 2 * components) (low, high) = (decode[2 * c], decode[2 * c + 1]);
            (ranges[2 * c], ranges[2 * c + 1]) = (low, high);
        }

        return ranges;
    }

    /// <summary>The <paramref name="index"/>-th sample of a row (big-endian bit order; 16-bit samples are big-endian).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int bits)
    {
        switch (bits)
        {
            case 8: return row[index];
            case 16: return (row[2 * index] << 8) | row[2 * index + 1];
            default:
                var bit = index * bits;
                var shift = 8 - bits - (bit & 7);
                return (row[bit >> 3] >> shift) & ((1 << bits) - 1);
        }
    }

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value * 255), 0, 255);
}
