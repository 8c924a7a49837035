using System.Globalization;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Parsing;

/// <summary>
/// Parses tesseract's <c>tsv</c> output (level, page_num, block_num, par_num, line_num, word_num, left, top, width,
/// height, conf, text; pixels, origin top-left) into pages of lines and words with page-relative boxes.
/// </summary>
public static class TesseractTsvParser
{
    /// <summary>
    /// Parses the output for one image. The page size comes from the level-1 row when present, else from
    /// <paramref name="pageWidthPx"/> × <paramref name="pageHeightPx"/>. When the TSV holds several pages
    /// (multi-page TIFF) only the first is read; use <see cref="ParsePages"/> for those.
    /// </summary>
    public static OcrPage ParsePage(string tsv, int pageNumber, double pageWidthPx, double pageHeightPx)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var rows = ReadRows(tsv).ToList();
        var firstPage = rows.Count > 0 ? rows[0].PageNum : 1;
        return BuildPage(rows.Where(r => r.PageNum == firstPage), pageNumber, pageWidthPx, pageHeightPx);
    }

    /// <summary>Parses output that may span several pages (one per page_num), numbering them from <paramref name="firstPageNumber"/>.</summary>
    public static IReadOnlyList<OcrPage> ParsePages(string tsv, int firstPageNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        return ReadRows(tsv)
            .GroupBy(r => r.PageNum)
            .OrderBy(g => g.Key)
            .Select((g, index) => BuildPage(g, firstPageNumber + index, 0, 0))
            .ToList();
    }

    private static OcrPage BuildPage(IEnumerable<Row> rows, int pageNumber, double widthPx, double heightPx)
    {
        var lines = new List<(int Block, int Par, int Line, List<Row> Words)>();
        var byKey = new Dictionary<(int, int, int), List<Row>>();
        double? levelOneWidth = null, levelOneHeight = null;

        foreach (var row in rows)
        {
            if (row.Level == 1 && row.Width > 0 && row.Height > 0)
            {
                levelOneWidth = row.Width;
                levelOneHeight = row.Height;
            }

            // conf -1 marks structure rows (page, block, paragraph, line); only words carry a confidence.
            if (row.Confidence < 0 || row.Text.Length == 0) continue;
            var key = (row.Block, row.Paragraph, row.Line);
            if (!byKey.TryGetValue(key, out var words))
            {
                words = [];
                byKey.Add(key, words);
                lines.Add((row.Block, row.Paragraph, row.Line, words));
            }

            words.Add(row);
        }

        var pageWidth = levelOneWidth ?? (widthPx > 0 ? widthPx : Extent(byKey.Values, r => r.Left + r.Width));
        var pageHeight = levelOneHeight ?? (heightPx > 0 ? heightPx : Extent(byKey.Values, r => r.Top + r.Height));

        // Tesseract joins runs of text at one height across wide gaps; they become separate lines, as other engines give them.
        var aspect = pageWidth / pageHeight;
        var ocrLines = new List<OcrLine>(lines.Count);
        foreach (var (_, _, _, rowsOfLine) in lines)
        {
            var words = rowsOfLine.Select(r => new OcrWord(
                r.Text,
                BoundingBox.FromEdges(
                    Math.Clamp(r.Left / pageWidth, 0, 1), Math.Clamp(r.Top / pageHeight, 0, 1),
                    Math.Clamp((r.Left + r.Width) / pageWidth, 0, 1), Math.Clamp((r.Top + r.Height) / pageHeight, 0, 1)),
                Math.Clamp(r.Confidence / 100.0, 0, 1))).ToList();
            foreach (var run in LineSplitter.Runs(words, aspect))
            {
                ocrLines.Add(new OcrLine(
                    string.Join(' ', run.Select(w => w.Text)),
                    BoundingBox.UnionOf(run.Select(w => w.Box)),
                    run.Average(w => w.Confidence),
                    run));
            }
        }

        return new OcrPage(pageNumber, pageWidth, pageHeight, ocrLines);
    }

    private static double Extent(IEnumerable<List<Row>> words, Func<Row, double> edge) =>
        Math.Max(1, words.SelectMany(w => w).Select(edge).DefaultIfEmpty(1).Max());

    private static IEnumerable<Row> ReadRows(string tsv)
    {
        foreach (var rawLine in tsv.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("level", StringComparison.Ordinal)) continue;
            // The text is the last column and may itself be empty; it never contains a tab.
            var cells = line.Split('\t', 12);
            if (cells.Length < 11) continue;
            if (!TryInt(cells[0], out var level) || !TryInt(cells[1], out var pageNum) || !TryInt(cells[2], out var block)
                || !TryInt(cells[3], out var paragraph) || !TryInt(cells[4], out var lineNum)
                || !TryInt(cells[6], out var left) || !TryInt(cells[7], out var top)
                || !TryInt(cells[8], out var width) || !TryInt(cells[9], out var height)
                || !double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence)
                || !double.IsFinite(confidence))
            {
                continue;
            }

            var text = cells.Length > 11 ? cells[11].Trim() : "";
            yield return new Row(level, pageNum, block, paragraph, lineNum, left, top, Math.Max(0, width), Math.Max(0, height), confidence, text);
        }
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private readonly record struct Row(
        int Level, int PageNum, int Block, int Paragraph, int Line, double Left, double Top, double Width, double Height,
        double Confidence, string Text);
}
