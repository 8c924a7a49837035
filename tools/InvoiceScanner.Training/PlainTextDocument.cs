using InvoiceScanner.Core.Documents;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Training;

/// <summary>
/// An <see cref="OcrDocument"/> from monospace plain text (e.g. <c>pdftotext -layout</c> output or a text
/// invoice): one row per text line, and each run of text separated by two or more spaces becomes its own OCR
/// line with a box proportional to its character columns, as a layout-aware OCR engine would report it.
/// </summary>
public static class PlainTextDocument
{
    public static OcrDocument FromText(string text)
    {
        var rawLines = text.Replace("\r\n", "\n").Split('\n');
        var width = Math.Max(1, rawLines.Max(l => l.Length));
        var height = Math.Max(1, rawLines.Length);
        var lines = new List<OcrLine>();
        for (var row = 0; row < rawLines.Length; row++)
        {
            var line = rawLines[row];
            var i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && line[i] == ' ') i++;
                if (i >= line.Length) break;
                var start = i;
                while (i < line.Length && !(line[i] == ' ' && (i + 1 >= line.Length || line[i + 1] == ' '))) i++;
                var segment = line[start..i];
                var box = BoundingBox.FromEdges((double)start / width, (double)row / height, (double)i / width, (row + 0.9) / height);
                lines.Add(new OcrLine(segment, box, 1.0, SroieBoxReader.SplitWords(segment, box)));
            }
        }
        return new OcrDocument("plain-text", [new OcrPage(1, width, height, lines)]) { FromTextLayer = true };
    }
}
