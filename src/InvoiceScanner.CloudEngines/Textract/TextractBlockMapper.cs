using InvoiceScanner.Core.Documents;
using OcrBox = InvoiceScanner.Core.Documents.BoundingBox;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>Turns Textract LINE/WORD blocks into our pages, lines and words (0..1 boxes, 0..1 confidences).</summary>
public static class TextractBlockMapper
{
    /// <summary>A DetectDocumentText (or GetDocumentTextDetection) answer as an OcrDocument.</summary>
    public static OcrDocument ToOcrDocument(DetectDocumentTextResponse response, string engine = TextractExpenseMapper.EngineName)
    {
        var byPage = LinesByPage(response.Blocks ?? [], defaultPage: 1);
        var count = Math.Max(response.DocumentMetadata?.Pages ?? 0, byPage.Count == 0 ? 1 : byPage.Keys.Max());
        var pages = Enumerable.Range(1, count)
            .Select(n => new OcrPage(n, 1, 1, byPage.TryGetValue(n, out var lines) ? lines : []))
            .ToList();
        return new OcrDocument(engine, pages);
    }

    /// <summary>LINE blocks in the order Textract listed them (its reading order), grouped by page.</summary>
    internal static Dictionary<int, List<OcrLine>> LinesByPage(IEnumerable<Block> blocks, int defaultPage)
    {
        var list = blocks as IReadOnlyCollection<Block> ?? blocks.ToList();
        var words = new Dictionary<string, Block>(StringComparer.Ordinal);
        foreach (var block in list)
        {
            if (block is { BlockType: "WORD", Id: { } id })
                words[id] = block;
        }

        var result = new Dictionary<int, List<OcrLine>>();
        foreach (var block in list)
        {
            if (block.BlockType != "LINE" || string.IsNullOrWhiteSpace(block.Text))
                continue;
            var box = ToBox(block.Geometry) ?? default;
            var confidence = Confidence(block.Confidence);
            var lineWords = block.Relationships?
                .Where(r => r.Type == "CHILD")
                .SelectMany(r => r.Ids ?? [])
                .Select(id => words.GetValueOrDefault(id))
                .OfType<Block>()
                .Where(w => !string.IsNullOrEmpty(w.Text))
                .Select(w => new OcrWord(w.Text!, ToBox(w.Geometry) ?? box, Confidence(w.Confidence ?? block.Confidence)))
                .ToList();
            var line = new OcrLine(block.Text!, box, confidence,
                lineWords is { Count: > 0 } ? lineWords : SyntheticWords(block.Text!, box, confidence));
            var page = block.Page ?? defaultPage;
            if (!result.TryGetValue(page, out var lines))
                result[page] = lines = [];
            lines.Add(line);
        }
        return result;
    }

    internal static OcrBox? ToBox(Geometry? geometry)
    {
        if (geometry?.BoundingBox is { } b)
        {
            // Textract boxes can poke slightly outside the page; keep them inside 0..1.
            return OcrBox.FromEdges(Clamp(b.Left), Clamp(b.Top), Clamp(b.Left + b.Width), Clamp(b.Top + b.Height));
        }
        if (geometry?.Polygon is { Count: > 0 } polygon)
        {
            return OcrBox.FromEdges(Clamp(polygon.Min(p => p.X)), Clamp(polygon.Min(p => p.Y)),
                Clamp(polygon.Max(p => p.X)), Clamp(polygon.Max(p => p.Y)));
        }
        return null;
    }

    internal static double Confidence(double? percent) => Math.Clamp((percent ?? 0) / 100.0, 0, 1);

    /// <summary>Words for text whose word boxes are unknown: the line's box shared out by character position.</summary>
    internal static IReadOnlyList<OcrWord> SyntheticWords(string text, OcrBox box, double confidence)
    {
        var words = new List<OcrWord>();
        var length = Math.Max(1, text.Length);
        var index = 0;
        foreach (var token in text.Split(' ', StringSplitOptions.None))
        {
            if (token.Length > 0)
            {
                var left = box.Left + box.Width * index / length;
                var width = box.Width * token.Length / length;
                words.Add(new OcrWord(token, new OcrBox(left, box.Top, width, box.Height), confidence));
            }
            index += token.Length + 1;
        }
        return words;
    }

    private static double Clamp(double value) => Math.Clamp(value, 0, 1);
}
