namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Collects the grey rows of an image as a decoder produces them, top to bottom, and scales them down on the fly to
/// the output size by averaging each box of source pixels (area averaging), so a large image never exists at full
/// size: only one row of sums is held besides the output.
/// </summary>
internal sealed class GrayImageBuilder
{
    private readonly byte[] pixels;
    private readonly int[] columnStart;
    private readonly long[] sums;
    private int sourceRow;
    private int outputRow;
    private int rowsInBox;

    public GrayImageBuilder(int sourceWidth, int sourceHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, sourceWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, sourceHeight);
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        Width = width;
        Height = height;
        pixels = new byte[(long)width * height];
        IsScaling = width != sourceWidth || height != sourceHeight;
        columnStart = new int[IsScaling ? width + 1 : 0];
        sums = new long[IsScaling ? width : 0];
        for (var x = 0; x < columnStart.Length; x++) columnStart[x] = (int)((long)x * sourceWidth / width);
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int Width { get; }
    public int Height { get; }
    public bool IsScaling { get; }

    /// <summary>A builder whose output holds at most <paramref name="maxPixels"/> pixels.</summary>
    public static GrayImageBuilder Within(int sourceWidth, int sourceHeight, long maxPixels)
    {
        var (width, height) = DecodeSize.Fit(sourceWidth, sourceHeight, maxPixels);
        return new GrayImageBuilder(sourceWidth, sourceHeight, width, height);
    }

    /// <summary>The next source row (<see cref="SourceWidth"/> grey pixels).</summary>
    public void AddRow(ReadOnlySpan<byte> row)
    {
        if (row.Length < SourceWidth) throw new ArgumentException("The row is shorter than the image.", nameof(row));
        if (sourceRow >= SourceHeight) throw new InvalidOperationException("All rows of the image have been added.");
        if (!IsScaling)
        {
            row[..SourceWidth].CopyTo(pixels.AsSpan((int)((long)sourceRow * Width), Width));
            sourceRow++;
            return;
        }

        for (var x = 0; x < Width; x++)
        {
            long sum = 0;
            for (var sx = columnStart[x]; sx < columnStart[x + 1]; sx++) sum += row[sx];
            sums[x] += sum;
        }

        sourceRow++;
        rowsInBox++;
        if (sourceRow == BoxEnd(outputRow)) EmitRow();
    }

    /// <summary>
    /// Adds <paramref name="count"/> rows of a Skia buffer: grey rows as they are, RGBA rows (when
    /// <paramref name="greyRow"/> is given, one source row long) turned to grey through it.
    /// </summary>
    public void AddSkiaRows(PinnedBuffer buffer, int count, int rowBytes, byte[]? greyRow)
    {
        for (var r = 0; r < count; r++)
        {
            var row = buffer.Row(r, rowBytes);
            if (greyRow is null)
            {
                AddRow(row);
                continue;
            }

            Luminance.FromPremultipliedRgba(row, greyRow);
            AddRow(greyRow);
        }
    }

    public GrayImage Build()
    {
        if (sourceRow != SourceHeight) throw new InvalidOperationException("Not every row of the image has been added.");
        return new GrayImage(Width, Height, pixels);
    }

    /// <summary>The first source row below the box of output row <paramref name="row"/>.</summary>
    private int BoxEnd(int row) => (int)((long)(row + 1) * SourceHeight / Height);

    private void EmitRow()
    {
        var output = pixels.AsSpan((int)((long)outputRow * Width), Width);
        for (var x = 0; x < Width; x++)
        {
            long area = (long)(columnStart[x + 1] - columnStart[x]) * rowsInBox;
            output[x] = (byte)((sums[x] + area / 2) / area);
        }

        Array.Clear(sums);
        rowsInBox = 0;
        outputRow++;
    }
}
