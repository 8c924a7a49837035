using System.Globalization;
using System.Text;

namespace InvoiceScanner.Ocr.Imaging;

/// <summary>
/// An 8-bit grey image (row-major, 0 = black) with the few operations the OCR preprocessing needs: reading and
/// writing binary PGM, estimating the size of the printed characters and upscaling.
/// </summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height) throw new ArgumentException("The pixel count does not match the size.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>Reads a binary PGM (P5, maxval ≤ 255 or 16-bit); null when the bytes are not one.</summary>
    public static GrayImage? ReadPgm(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != (byte)'P' || data[1] != (byte)'5') return null;
        var position = 2;
        var header = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!SkipSpaceAndComments(data, ref position)) return null;
            var value = 0L;
            var digits = 0;
            while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9')
            {
                value = value * 10 + (data[position++] - '0');
                if (value > int.MaxValue) return null;
                digits++;
            }

            if (digits == 0) return null;
            header[i] = (int)value;
        }

        // Exactly one whitespace byte separates the header from the pixels.
        if (position >= data.Length || !IsSpace(data[position])) return null;
        position++;
        var (width, height, maxValue) = (header[0], header[1], header[2]);
        if (width < 1 || height < 1 || maxValue is < 1 or > 65535) return null;
        var bytesPerSample = maxValue > 255 ? 2 : 1;
        var count = (long)width * height;
        if (count > int.MaxValue / 2 || data.Length - position < count * bytesPerSample) return null;

        var pixels = new byte[count];
        var samples = data.Slice(position, (int)(count * bytesPerSample));
        for (var i = 0; i < pixels.Length; i++)
        {
            var sample = bytesPerSample == 1 ? samples[i] : (samples[2 * i] << 8) | samples[2 * i + 1];
            pixels[i] = maxValue == 255 ? (byte)sample : (byte)((sample * 255 + maxValue / 2) / maxValue);
        }

        return new GrayImage(width, height, pixels);
    }

    public byte[] ToPgm()
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{Width} {Height}\n255\n"));
        var result = new byte[header.Length + Pixels.Length];
        header.CopyTo(result, 0);
        Pixels.CopyTo(result, header.Length);
        return result;
    }

    /// <summary>
    /// The upper-quartile height in pixels of the character-sized ink blobs (connected dark components after a global
    /// Otsu threshold), or null when there are too few to tell: roughly the cap height of the body text. Rules, frames,
    /// photos and specks are left out by size and shape. Not the median: the heights of mixed-case text form two
    /// clusters (x-height, and capitals with ascenders and descenders) of similar size, and the median jumps between
    /// them from one resolution to the next; the upper quartile stays on the capitals, and on all-caps text (most
    /// receipts) it is the capitals anyway.
    /// </summary>
    public double? EstimateCharacterHeight()
    {
        var threshold = OtsuThreshold();
        var dark = new bool[Pixels.Length];
        var darkCount = 0;
        for (var i = 0; i < Pixels.Length; i++)
        {
            if (Pixels[i] <= threshold) { dark[i] = true; darkCount++; }
        }

        // Light text on a dark ground: the ink is the minority class.
        if (darkCount * 2 > Pixels.Length)
        {
            for (var i = 0; i < dark.Length; i++) dark[i] = !dark[i];
        }

        var heights = ComponentHeights(dark);
        if (heights.Count < 20) return null;
        heights.Sort();
        return heights[heights.Count * 3 / 4];
    }

    /// <summary>Bilinear resize by <paramref name="scale"/> (upscaling: each output pixel mixes its 4 nearest sources).</summary>
    public GrayImage Resize(double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        return ResizeTo(Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale)));
    }

    /// <summary>Bilinear resize to an exact size (the aspect ratio may change).</summary>
    public GrayImage ResizeTo(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var output = new byte[(long)width * height];
        var xRatio = (double)Width / width;
        var yRatio = (double)Height / height;
        var x0 = new int[width];
        var x1 = new int[width];
        var xWeight = new int[width];
        for (var x = 0; x < width; x++)
        {
            var sx = Math.Clamp((x + 0.5) * xRatio - 0.5, 0, Width - 1);
            x0[x] = (int)sx;
            x1[x] = Math.Min(x0[x] + 1, Width - 1);
            xWeight[x] = (int)Math.Round((sx - x0[x]) * 256);
        }

        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp((y + 0.5) * yRatio - 0.5, 0, Height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, Height - 1);
            var yWeight = (int)Math.Round((sy - y0) * 256);
            var row0 = y0 * Width;
            var row1 = y1 * Width;
            var outRow = y * width;
            for (var x = 0; x < width; x++)
            {
                var top = Pixels[row0 + x0[x]] * (256 - xWeight[x]) + Pixels[row0 + x1[x]] * xWeight[x];
                var bottom = Pixels[row1 + x0[x]] * (256 - xWeight[x]) + Pixels[row1 + x1[x]] * xWeight[x];
                output[outRow + x] = (byte)((top * (256 - yWeight) + bottom * yWeight + (1 << 15)) >> 16);
            }
        }

        return new GrayImage(width, height, output);
    }

    /// <summary>The pixels inside a rectangle, clipped to the image (at least one pixel).</summary>
    public GrayImage Crop(int left, int top, int width, int height)
    {
        left = Math.Clamp(left, 0, Width - 1);
        top = Math.Clamp(top, 0, Height - 1);
        width = Math.Clamp(width, 1, Width - left);
        height = Math.Clamp(height, 1, Height - top);
        var pixels = new byte[(long)width * height];
        for (var y = 0; y < height; y++)
            Array.Copy(Pixels, (long)(top + y) * Width + left, pixels, (long)y * width, width);
        return new GrayImage(width, height, pixels);
    }

    /// <summary>The grey level that best separates ink from paper (Otsu's method).</summary>
    public int OtsuThreshold()
    {
        var histogram = new long[256];
        foreach (var p in Pixels) histogram[p]++;
        double total = Pixels.Length, sum = 0;
        for (var i = 0; i < 256; i++) sum += i * (double)histogram[i];
        double sumBackground = 0, weightBackground = 0, best = -1;
        var threshold = 127;
        for (var t = 0; t < 256; t++)
        {
            weightBackground += histogram[t];
            if (weightBackground == 0) continue;
            var weightForeground = total - weightBackground;
            if (weightForeground == 0) break;
            sumBackground += t * (double)histogram[t];
            var meanBackground = sumBackground / weightBackground;
            var meanForeground = (sum - sumBackground) / weightForeground;
            var between = weightBackground * weightForeground * (meanBackground - meanForeground) * (meanBackground - meanForeground);
            if (between > best)
            {
                best = between;
                threshold = t;
            }
        }

        return threshold;
    }

    /// <summary>Heights of the 8-connected dark components that are shaped like characters.</summary>
    private List<int> ComponentHeights(bool[] dark)
    {
        // Two-pass labelling with union-find over the previous row only, so memory stays one int per pixel.
        var labels = new int[dark.Length];
        var parent = new List<int> { 0 };
        LabelComponents(dark, labels, parent);
        var boxes = new ComponentBoxes(parent.Count);
        MeasureComponents(labels, parent, boxes);
        return CharacterHeights(boxes, Math.Max(8, Height / 10));
    }

    /// <summary>
    /// First pass: gives every dark pixel a provisional label from its already-labelled neighbours (left and the three
    /// above), recording in <paramref name="parent"/> which labels turned out to touch.
    /// </summary>
    private void LabelComponents(bool[] dark, int[] labels, List<int> parent)
    {
        static void Join(List<int> parent, ref int label, int neighbour)
        {
            if (neighbour == 0) return;
            if (label == 0) label = neighbour;
            else if (label != neighbour) Union(parent, label, neighbour);
        }

        for (var y = 0; y < Height; y++)
        {
            var row = y * Width;
            for (var x = 0; x < Width; x++)
            {
                var i = row + x;
                if (!dark[i]) continue;
                var label = 0;
                if (x > 0) Join(parent, ref label, labels[i - 1]);
                if (y > 0)
                {
                    var above = i - Width;
                    if (x > 0) Join(parent, ref label, labels[above - 1]);
                    Join(parent, ref label, labels[above]);
                    if (x < Width - 1) Join(parent, ref label, labels[above + 1]);
                }

                if (label == 0)
                {
                    label = parent.Count;
                    parent.Add(label);
                }

                labels[i] = label;
            }
        }
    }

    /// <summary>Second pass: the area and bounding box of each component, filed under its root label.</summary>
    private void MeasureComponents(int[] labels, List<int> parent, ComponentBoxes boxes)
    {
        var (top, bottom, left, right, area) = (boxes.Top, boxes.Bottom, boxes.Left, boxes.Right, boxes.Area);
        for (var y = 0; y < Height; y++)
        {
            var row = y * Width;
            for (var x = 0; x < Width; x++)
            {
                var label = labels[row + x];
                if (label == 0) continue;
                var root = Find(parent, label);
                area[root]++;
                if (y < top[root]) top[root] = y;
                if (y > bottom[root]) bottom[root] = y;
                if (x < left[root]) left[root] = x;
                if (x > right[root]) right[root] = x;
            }
        }
    }

    /// <summary>The heights of the measured components that are shaped like characters, in label order.</summary>
    private static List<int> CharacterHeights(ComponentBoxes boxes, int maxHeight)
    {
        var (top, bottom, left, right, area) = (boxes.Top, boxes.Bottom, boxes.Left, boxes.Right, boxes.Area);
        var heights = new List<int>();
        for (var label = 1; label < area.Length; label++)
        {
            if (area[label] == 0) continue;
            var h = bottom[label] - top[label] + 1;
            var w = right[label] - left[label] + 1;
            // Specks, rules (long and thin), frames and pictures are not characters.
            if (h < 4 || h > maxHeight || area[label] < 6) continue;
            if (w > 3 * h) continue;
            if (area[label] > 0.9 * w * h && w > 2) continue; // filled boxes
            heights.Add(h);
        }

        return heights;
    }

    private static int Find(List<int> parent, int label)
    {
        while (parent[label] != label)
        {
            parent[label] = parent[parent[label]];
            label = parent[label];
        }

        return label;
    }

    private static void Union(List<int> parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
    }

    private static bool SkipSpaceAndComments(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            if (IsSpace(data[position])) position++;
            else if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n') position++;
            }
            else return true;
        }

        return false;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>Per-label extent and pixel count; only root labels are filled in.</summary>
    private readonly struct ComponentBoxes
    {
        public ComponentBoxes(int count)
        {
            Top = new int[count];
            Bottom = new int[count];
            Left = new int[count];
            Right = new int[count];
            Area = new int[count];
            Array.Fill(Top, int.MaxValue);
            Array.Fill(Left, int.MaxValue);
            Array.Fill(Bottom, -1);
            Array.Fill(Right, -1);
        }

        public int[] Top { get; }
        public int[] Bottom { get; }
        public int[] Left { get; }
        public int[] Right { get; }
        public int[] Area { get; }
    }
}
