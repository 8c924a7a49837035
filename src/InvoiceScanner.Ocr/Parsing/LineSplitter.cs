using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Parsing;

/// <summary>
/// Tesseract (page segmentation 6, one uniform block) joins everything at one height into one line: a letterhead name
/// and the "INVOICE" title at the far right, a label and its amount across a receipt. Other engines (pdftotext's
/// flows, Textract's LINE blocks, the SROIE annotations the line classifier learnt from) give such runs as separate
/// lines, so a line is split wherever the gap between two words is much wider than a space.
/// </summary>
internal static class LineSplitter
{
    /// <summary>
    /// A gap wider than this many times the line's median word height separates two lines. On the SROIE receipt scans
    /// (dev split) 1.5 to 4 give the same field accuracy, 0.464 → 0.475; 3 keeps label-value pairs with a few
    /// spaces between them together. On invoice scans it separates the letterhead from the title beside it.
    /// </summary>
    public const double DefaultGapFactor = 3.0;

    /// <summary>The words of one engine line (left to right), cut into runs at the wide gaps.</summary>
    /// <param name="aspect">Page width / height: boxes are fractions of each, and a gap is compared with a height.</param>
    public static IEnumerable<IReadOnlyList<OcrWord>> Runs(IReadOnlyList<OcrWord> words, double aspect, double gapFactor = DefaultGapFactor)
    {
        if (words.Count < 2)
        {
            yield return words;
            yield break;
        }
        var heights = words.Select(w => w.Box.Height).Order().ToList();
        var wideGap = heights[heights.Count / 2] / aspect * gapFactor; // in fractions of the page width
        var start = 0;
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Box.Left - words[i - 1].Box.Right > wideGap)
            {
                yield return words.Skip(start).Take(i - start).ToList();
                start = i;
            }
        }
        yield return start == 0 ? words : words.Skip(start).ToList();
    }
}
