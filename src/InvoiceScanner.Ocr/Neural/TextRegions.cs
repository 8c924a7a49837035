namespace InvoiceScanner.Ocr.Neural;

/// <summary>An upright rectangle of text found by the detector, in pixels of the page image.</summary>
internal readonly record struct TextRegion(int Left, int Top, int Width, int Height, double Score)
{
    public int Right => Left + Width;
    public int Bottom => Top + Height;
}

/// <summary>Settings of the DB (differentiable binarisation) post-processing; the defaults are PP-OCR's.</summary>
internal sealed record RegionDecoderSettings
{
    /// <summary>A map pixel is text when its probability exceeds this.</summary>
    public double PixelThreshold { get; init; } = 0.3;

    /// <summary>A region is kept when the mean probability over its pixels reaches this.</summary>
    public double BoxThreshold { get; init; } = 0.6;

    /// <summary>
    /// The model predicts text cores shrunk by the DB training rule; each box is grown back by
    /// area × ratio / perimeter on every side.
    /// </summary>
    public double UnclipRatio { get; init; } = 1.5;

    /// <summary>Smallest side of a region, in map pixels, before and after growing it (specks are not text).</summary>
    public int MinSide { get; init; } = 3;
}

/// <summary>
/// Turns the detector's text probability map into text regions: threshold, 8-connected components, a score per
/// component, and the growth the DB model was trained to need. Upright boxes only: invoices and receipt scans are
/// upright, and a crop across two tilted lines reads worse than none.
/// </summary>
internal static class TextRegionDecoder
{
    /// <param name="probabilities">The map, row-major, <paramref name="mapWidth"/> × <paramref name="mapHeight"/>.</param>
    /// <param name="imageWidth">Width of the page image the boxes are for (the map was made from a resized copy).</param>
    /// <param name="imageHeight">Height of the page image.</param>
    public static List<TextRegion> Decode(ReadOnlySpan<float> probabilities, int mapWidth, int mapHeight, int imageWidth, int imageHeight, RegionDecoderSettings settings)
    {
        if (probabilities.Length < (long)mapWidth * mapHeight) throw new ArgumentException("The map is smaller than its size says.", nameof(probabilities));
        var threshold = (float)settings.PixelThreshold;
        var visited = new bool[mapWidth * mapHeight];
        var stack = new Stack<int>();
        var regions = new List<TextRegion>();
        var scaleX = (double)imageWidth / mapWidth;
        var scaleY = (double)imageHeight / mapHeight;

        for (var start = 0; start < visited.Length; start++)
        {
            if (visited[start] || probabilities[start] <= threshold) continue;
            var component = FloodFill(probabilities, mapWidth, mapHeight, threshold, visited, stack, start);
            if (Region(component, settings, scaleX, scaleY, imageWidth, imageHeight) is { } region) regions.Add(region);
        }

        return regions;
    }

    /// <summary>The extent and probability sum of the 8-connected component of text pixels that contains <paramref name="start"/>, marked visited.</summary>
    private static Component FloodFill(ReadOnlySpan<float> probabilities, int mapWidth, int mapHeight, float threshold, bool[] visited, Stack<int> stack, int start)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, count = 0;
        double sum = 0;
        visited[start] = true;
        stack.Push(start);
        while (stack.Count > 0)
        {
            var index = stack.Pop();
            sum += probabilities[index];
            count++;
            var x = index % mapWidth;
            var y = index / mapWidth;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
            for (var dy = -1; dy <= 1; dy++)
            {
                var ny = y + dy;
                if (ny < 0 || ny >= mapHeight) continue;
                for (var dx = -1; dx <= 1; dx++)
                {
                    var nx = x + dx;
                    if (nx < 0 || nx >= mapWidth) continue;
                    var neighbour = ny * mapWidth + nx;
                    if (visited[neighbour] || probabilities[neighbour] <= threshold) continue;
                    visited[neighbour] = true;
                    stack.Push(neighbour);
                }
            }
        }

        return new Component(minX, minY, maxX, maxY, count, sum);
    }

    /// <summary>The component's box grown and scaled to the page image, or null when it is too small or too faint to be text.</summary>
    private static TextRegion? Region(Component component, RegionDecoderSettings settings, double scaleX, double scaleY, int imageWidth, int imageHeight)
    {
        var (minX, minY, maxX, maxY, count, sum) = component;
        // Contour extent, as a polygon through the pixel centres measures it.
        double width = maxX - minX, height = maxY - minY;
        if (Math.Min(width, height) < settings.MinSide) return null;

        // The mean over the component's own pixels: over its box, the gaps between the words of a long line pull
        // a clear line below the threshold.
        var score = sum / count;
        if (score < settings.BoxThreshold) return null;

        var grow = width * height * settings.UnclipRatio / (2 * (width + height));
        if (Math.Min(width, height) + 2 * grow < settings.MinSide + 2) return null;

        var left = Math.Clamp((int)Math.Round((minX - grow) * scaleX), 0, imageWidth - 1);
        var top = Math.Clamp((int)Math.Round((minY - grow) * scaleY), 0, imageHeight - 1);
        var right = Math.Clamp((int)Math.Round((maxX + grow) * scaleX), left + 1, imageWidth);
        var bottom = Math.Clamp((int)Math.Round((maxY + grow) * scaleY), top + 1, imageHeight);
        return new TextRegion(left, top, right - left, bottom - top, score);
    }

    /// <summary>One connected component of the thresholded map: its pixel extent, pixel count and probability sum.</summary>
    private readonly record struct Component(int MinX, int MinY, int MaxX, int MaxY, int Count, double Sum);

    /// <summary>
    /// Reading order: top to bottom, and left to right within a text row (regions whose vertical centres lie
    /// within half the smaller height of each other).
    /// </summary>
    public static List<TextRegion> InReadingOrder(IEnumerable<TextRegion> regions)
    {
        var rows = new List<List<TextRegion>>();
        foreach (var region in regions.OrderBy(r => r.Top + r.Height / 2.0))
        {
            var centre = region.Top + region.Height / 2.0;
            var row = rows.Count == 0 ? null : rows[^1];
            if (row is not null && row.Any(r => Math.Abs(r.Top + r.Height / 2.0 - centre) <= Math.Min(r.Height, region.Height) / 2.0))
                row.Add(region);
            else
                rows.Add([region]);
        }

        return rows.SelectMany(row => row.OrderBy(r => r.Left)).ToList();
    }
}
