using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging.Decoding;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// The images a page draws, each with where it lands on the displayed page and its content as the page carries it:
/// JPEG and CCITT data are passed on undecoded, JBIG2 and JPEG 2000 are named as unsupported, and everything PdfPig
/// can unfilter (Flate, LZW, RunLength, ASCII hex/85, none) is turned into grey pixels here.
/// </summary>
internal static class PageImageReader
{
    /// <summary>Below this many samples on a side an image cannot hold readable text (rules, bullets, logos' dots).</summary>
    private const int MinSide = 32;

    /// <summary>Beyond this the samples are not decoded at all: a page scan at 600 dpi on A3 is about 70 MP.</summary>
    private const long MaxPixels = 100_000_000;

    public static List<PageImage> Read(Page page, Structure structure)
    {
        var images = new List<PageImage>();
        foreach (var image in page.GetImages())
        {
            var (width, height) = (image.WidthInSamples, image.HeightInSamples);
            if (width < MinSide || height < MinSide) continue;
            var placement = Placement(image.BoundingBox, page.Width, page.Height);
            if (placement.Width <= 0 || placement.Height <= 0) continue;
            var (turns, mirrored) = Orientation(image);
            images.Add(new PageImage(width, height, placement, Content(image, structure)) { QuarterTurns = turns, Mirrored = mirrored });
        }

        // The page scan, if there is one, is the image covering most of the page.
        return images
            .OrderByDescending(i => i.Placement.Width * i.Placement.Height)
            .ThenByDescending(i => (long)i.Width * i.Height)
            .ToList();
    }

    internal static PageImageContent Content(IPdfImage image, Structure structure)
    {
        var (width, height) = (image.WidthInSamples, image.HeightInSamples);
        if ((long)width * height > MaxPixels)
            return new PageImageContent.Unsupported($"image too large ({width} × {height} pixels; at most {MaxPixels / 1_000_000} MP are decoded)");
        var filters = Filters(image.ImageDictionary, structure);
        var codec = filters.Count > 0 ? filters[^1] : null;
        try
        {
            return codec switch
            {
                "DCTDecode" => Unfiltered(image, filters, structure) is { } jpeg ? new PageImageContent.Jpeg(jpeg) : Undecodable(filters),
                "CCITTFaxDecode" => Unfiltered(image, filters, structure) is { } fax
                    ? new PageImageContent.Ccitt(fax, Ccitt(image, structure, filters.Count - 1))
                    : Undecodable(filters),
                "JBIG2Decode" => new PageImageContent.Unsupported("JBIG2"),
                "JPXDecode" => new PageImageContent.Unsupported("JPEG 2000"),
                _ => Samples(image, filters),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // One corrupt image must not cost the page its other images.
            return new PageImageContent.Unsupported($"{Describe(filters)} data could not be decoded ({e.Message})");
        }
    }

    /// <summary>Samples PdfPig unfiltered, turned to grey.</summary>
    private static PageImageContent Samples(IPdfImage image, IReadOnlyList<string> filters)
    {
        if (!image.TryGetBytesAsMemory(out var samples)) return Undecodable(filters);
        var space = image.IsImageMask ? null : image.ColorSpaceDetails;
        var (grey, problem) = GraySamples.Convert(
            samples.Span, image.WidthInSamples, image.HeightInSamples, image.BitsPerComponent, space, image.Decode, image.IsImageMask);
        return grey is not null ? new PageImageContent.Pixels(grey) : new PageImageContent.Unsupported(problem!);
    }

    /// <summary>The codec's input: the raw data, or what the filters before the codec (ASCII85 + DCT, …) leave.</summary>
    private static ReadOnlyMemory<byte>? Unfiltered(IPdfImage image, IReadOnlyList<string> filters, Structure structure)
    {
        if (filters.Count == 1) return image.RawMemory;
        var decoders = structure.FilterProvider.GetFilters(image.ImageDictionary, structure.TokenScanner);
        if (decoders.Count != filters.Count) return null;
        var data = image.RawMemory;
        for (var i = 0; i < decoders.Count - 1; i++)
            data = decoders[i].Decode(data, image.ImageDictionary, structure.FilterProvider, i);
        return data;
    }

    /// <summary>The CCITTFaxDecode parameters (ISO 32000-1, table 11), with the image height when /Rows is absent.</summary>
    private static CcittParameters Ccitt(IPdfImage image, Structure structure, int filterIndex)
    {
        var parameters = DecodeParameters(image.ImageDictionary, structure, filterIndex);
        var columns = (int?)PdfTokens.Number(parameters, "Columns", structure) ?? image.WidthInSamples;
        var rows = (int?)PdfTokens.Number(parameters, "Rows", structure) ?? 0;
        var blackIs1 = PdfTokens.Boolean(parameters, "BlackIs1", structure) ?? false;
        // /Decode [1 0] swaps what 0 and 1 mean, which is exactly what BlackIs1 says: fold it in.
        if (image.Decode is { Count: >= 2 } decode && decode[0] > decode[1]) blackIs1 = !blackIs1;
        return new CcittParameters(
            columns > 0 ? columns : image.WidthInSamples,
            rows > 0 ? rows : image.HeightInSamples,
            (int?)PdfTokens.Number(parameters, "K", structure) ?? 0,
            blackIs1,
            PdfTokens.Boolean(parameters, "EncodedByteAlign", structure) ?? false);
    }

    private static DictionaryToken? DecodeParameters(DictionaryToken dictionary, Structure structure, int filterIndex)
    {
        var value = PdfTokens.Get(dictionary, "DecodeParms", structure) ?? PdfTokens.Get(dictionary, "DP", structure);
        return value switch
        {
            DictionaryToken single => single,
            ArrayToken array when filterIndex < array.Length => PdfTokens.Resolve(array[filterIndex], structure) as DictionaryToken,
            _ => null,
        };
    }

    /// <summary>The filter names, in the order they are applied to decode, with inline-image abbreviations spelled out.</summary>
    private static List<string> Filters(DictionaryToken dictionary, Structure structure)
    {
        var value = PdfTokens.Get(dictionary, "Filter", structure) ?? PdfTokens.Get(dictionary, "F", structure);
        var names = value switch
        {
            NameToken name => [name.Data],
            ArrayToken array => array.Data.Select(t => PdfTokens.Resolve(t, structure)).OfType<NameToken>().Select(n => n.Data).ToList(),
            _ => new List<string>(),
        };
        return names.Select(n => n switch
        {
            "DCT" => "DCTDecode",
            "CCF" => "CCITTFaxDecode",
            "Fl" => "FlateDecode",
            "LZW" => "LZWDecode",
            "RL" => "RunLengthDecode",
            "AHx" => "ASCIIHexDecode",
            "A85" => "ASCII85Decode",
            _ => n,
        }).ToList();
    }

    private static PageImageContent.Unsupported Undecodable(IReadOnlyList<string> filters) =>
        new($"{Describe(filters)} data could not be decoded");

    private static string Describe(IReadOnlyList<string> filters) =>
        filters.Count == 0 ? "unfiltered" : string.Join(" + ", filters);

    /// <summary>The image's envelope on the displayed page, top-left origin, clamped to the page.</summary>
    private static BoundingBox Placement(PdfRectangle bounds, double pageWidth, double pageHeight)
    {
        PdfPoint[] corners = [bounds.TopLeft, bounds.TopRight, bounds.BottomLeft, bounds.BottomRight];
        var (width, height) = (pageWidth > 0 ? pageWidth : 1, pageHeight > 0 ? pageHeight : 1);
        return BoundingBox.FromEdges(
            Math.Clamp(corners.Min(c => c.X) / width, 0, 1),
            Math.Clamp((height - corners.Max(c => c.Y)) / height, 0, 1),
            Math.Clamp(corners.Max(c => c.X) / width, 0, 1),
            Math.Clamp((height - corners.Min(c => c.Y)) / height, 0, 1));
    }

    /// <summary>
    /// How the samples sit on the displayed page: the clockwise quarter turn that brings the first row (image space
    /// (0, 1) → (1, 1)) to run left to right, and whether the columns then run upwards (a mirrored image).
    /// </summary>
    /// <remarks>
    /// PdfPig labels the corners of an XObject image's bounds after the unit square's corners (top-left = (0, 1)),
    /// but an inline image's half a turn round (its bottom-right is (0, 1)); both are read accordingly.
    /// </remarks>
    private static (int QuarterTurns, bool Mirrored) Orientation(IPdfImage image)
    {
        var bounds = image.BoundingBox;
        var (origin, rowEnd, columnEnd) = image.IsInlineImage
            ? (bounds.BottomRight, bounds.BottomLeft, bounds.TopRight)
            : (bounds.TopLeft, bounds.TopRight, bounds.BottomLeft);
        // y grows downwards on the displayed page.
        var (rx, ry) = (rowEnd.X - origin.X, origin.Y - rowEnd.Y);
        var (cx, cy) = (columnEnd.X - origin.X, origin.Y - columnEnd.Y);
        var turns = Math.Abs(rx) >= Math.Abs(ry) ? (rx >= 0 ? 0 : 2) : (ry > 0 ? 1 : 3);
        return (turns, rx * cy - ry * cx < 0);
    }
}
