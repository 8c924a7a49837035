using InvoiceScanner.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// A page's text layer shaped as <c>pdftotext -bbox-layout</c> gives it: glyphs → words → blocks → lines, blocks in
/// reading order, boxes page-relative with the origin at the displayed page's top-left corner.
/// </summary>
internal static class PageTextReader
{
    public static OcrPage Read(Page page, FontMetricsTable fonts, Structure structure, int number)
    {
        var width = page.Width > 0 ? page.Width : 1;
        var height = page.Height > 0 ? page.Height : 1;
        var words = WordAssembler.Assemble(GlyphReader.Read(page, fonts, structure));
        var blocks = BlockAssembler.Assemble(words);
        foreach (var block in blocks) LineAssembler.Apply(block);

        var lines = new List<OcrLine>();
        foreach (var block in ReadingOrder.Sort(blocks))
        {
            foreach (var line in block.Lines)
            {
                var ocrWords = line.Words
                    .Select(w => (Text: w.Text.Trim(), Word: w))
                    .Where(w => w.Text.Length > 0)
                    .Select(w => new OcrWord(w.Text, Normalise(w.Word.XMin, w.Word.YMin, w.Word.XMax, w.Word.YMax, width, height), 1.0))
                    .ToList();
                if (ocrWords.Count == 0) continue;
                var box = Normalise(
                    line.Words.Min(w => w.XMin), line.Words.Min(w => w.YMin), line.Words.Max(w => w.XMax), line.Words.Max(w => w.YMax), width, height);
                lines.Add(new OcrLine(string.Join(' ', ocrWords.Select(w => w.Text)), box, 1.0, ocrWords));
            }
        }

        return new OcrPage(number, width, height, lines);
    }

    private static BoundingBox Normalise(double xMin, double yMin, double xMax, double yMax, double width, double height) =>
        BoundingBox.FromEdges(
            Math.Clamp(xMin / width, 0, 1), Math.Clamp(yMin / height, 0, 1),
            Math.Clamp(xMax / width, 0, 1), Math.Clamp(yMax / height, 0, 1));
}
