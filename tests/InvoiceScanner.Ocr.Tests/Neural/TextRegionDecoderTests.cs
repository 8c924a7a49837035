using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class TextRegionDecoderTests
{
    private static readonly RegionDecoderSettings Settings = new();

    /// <summary>A map with rectangles of the given probability; everything else 0.</summary>
    private static float[] Map(int width, int height, params (int Left, int Top, int Right, int Bottom, float P)[] blobs)
    {
        var map = new float[width * height];
        foreach (var (left, top, right, bottom, p) in blobs)
        {
            for (var y = top; y <= bottom; y++)
                for (var x = left; x <= right; x++)
                    map[y * width + x] = p;
        }

        return map;
    }

    [Fact]
    public void Finds_each_blob_grown_back_by_the_unclip_distance_and_scaled_to_the_image()
    {
        // Two text cores on a 100 × 50 map of a 200 × 100 image (scale 2).
        var map = Map(100, 50, (10, 10, 49, 17, 0.9f), (60, 30, 89, 36, 0.8f));

        var regions = TextRegionDecoder.Decode(map, 100, 50, 200, 100, Settings);

        Assert.Equal(2, regions.Count);
        var first = regions[0];
        // Extent 39 × 7: grown by 39·7·1.5 / (2·46) ≈ 4.45 map pixels on each side, then doubled.
        Assert.Equal((11, 11, 107, 43), (first.Left, first.Top, first.Right, first.Bottom));
        Assert.Equal(0.9, first.Score, 3);
        Assert.Equal(0.8, regions[1].Score, 3);
    }

    [Fact]
    public void Drops_faint_blobs_specks_and_pixels_at_or_below_the_threshold()
    {
        var map = Map(60, 40,
            (5, 5, 40, 12, 0.55f),   // every pixel above the 0.3 threshold, but the mean is under the 0.6 box threshold
            (5, 20, 6, 21, 0.99f),   // a speck: 1 × 1 extent
            (5, 30, 50, 36, 0.3f));  // exactly the threshold: not text

        Assert.Empty(TextRegionDecoder.Decode(map, 60, 40, 60, 40, Settings));
    }

    [Fact]
    public void Scores_a_long_line_by_its_own_pixels_not_the_gaps_between_its_words()
    {
        // Three words joined by thin bridges: the box is mostly empty, the component itself is certain.
        var map = Map(120, 20, (0, 5, 20, 12, 0.95f), (21, 8, 49, 8, 0.95f), (50, 5, 70, 12, 0.95f), (71, 8, 99, 8, 0.95f), (100, 5, 119, 12, 0.95f));

        var region = Assert.Single(TextRegionDecoder.Decode(map, 120, 20, 120, 20, Settings));

        Assert.Equal(0.95, region.Score, 3);
    }

    [Fact]
    public void Keeps_regions_inside_the_image()
    {
        var map = Map(40, 20, (0, 0, 39, 19, 0.9f));

        var region = Assert.Single(TextRegionDecoder.Decode(map, 40, 20, 40, 20, Settings));

        Assert.Equal((0, 0, 40, 20), (region.Left, region.Top, region.Right, region.Bottom));
    }

    [Fact]
    public void Rejects_a_map_smaller_than_its_stated_size() =>
        Assert.Throws<ArgumentException>(() => TextRegionDecoder.Decode(new float[10], 5, 5, 5, 5, Settings));

    [Fact]
    public void Orders_regions_by_row_then_left_to_right_even_when_a_row_is_slightly_uneven()
    {
        var right = new TextRegion(300, 102, 80, 20, 1);
        var left = new TextRegion(10, 100, 120, 22, 1);
        var below = new TextRegion(10, 140, 100, 20, 1);
        var top = new TextRegion(200, 20, 50, 20, 1);

        var ordered = TextRegionDecoder.InReadingOrder([below, right, top, left]);

        Assert.Equal([top, left, right, below], ordered);
    }
}
