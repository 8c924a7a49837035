using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Everything the field rules share about one document: rows in reading order and their tokens.</summary>
public sealed class ExtractionContext
{
    public ExtractionContext(OcrDocument document, ExtractionOptions options)
    {
        Document = document;
        Options = options;
        Layout = DocumentLayout.Build(document);
        DecimalStyle = RowAnalyzer.DetectDecimalStyle(Layout.Rows.Select(r => r.Text));
        Rows = RowAnalyzer.Analyze(Layout, DecimalStyle);
        FullText = string.Join("\n", Layout.Rows.Select(r => r.Text));
    }

    public OcrDocument Document { get; }
    public ExtractionOptions Options { get; }
    public DocumentLayout Layout { get; }
    public DecimalStyle DecimalStyle { get; }
    public IReadOnlyList<AnalyzedRow> Rows { get; }
    public string FullText { get; }

    /// <summary>0 at the top of the first page, 1 at the bottom of the last: where a row sits in the document.</summary>
    public double RelativePosition(AnalyzedRow row)
    {
        var pages = Math.Max(1, Document.Pages.Count);
        var pageIndex = Math.Max(0, Document.Pages.ToList().FindIndex(p => p.Number == row.Row.Page));
        return (pageIndex + row.Row.Box.CenterY) / pages;
    }

    private HashSet<string>? _pageFurniture;

    /// <summary>
    /// Whether the row's text is printed the same on more than one page: running headers and footers ("Beispiel-Rechnungen
    /// für ZUGFeRD 2.2"), never a table's content.
    /// </summary>
    public bool IsPageFurniture(AnalyzedRow row)
    {
        _pageFurniture ??= Rows.GroupBy(r => r.Text.Trim(), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0 && g.Select(r => r.Row.Page).Distinct().Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return _pageFurniture.Contains(row.Text.Trim());
    }

    /// <summary>Mean OCR confidence of the row's lines (1 for text layers).</summary>
    public static double TextConfidence(AnalyzedRow row) =>
        row.Row.Lines.Count == 0 ? 1 : Math.Clamp(row.Row.Lines.Average(l => l.Line.Confidence), 0, 1);

    /// <summary>
    /// The nearest row above on the same page whose text sits over <paramref name="box"/> horizontally
    /// (a column header or a label written above its value), within <paramref name="maxRows"/> rows.
    /// </summary>
    public (AnalyzedRow Row, LayoutLine Line)? LineAbove(AnalyzedRow row, BoundingBox box, int maxRows = 2, Func<AnalyzedRow, bool>? accept = null)
    {
        var index = row.Row.Index;
        for (var i = index - 1; i >= 0 && i >= index - maxRows; i--)
        {
            var above = Rows[i];
            if (above.Row.Page != row.Row.Page)
                break;
            if (accept is not null && !accept(above))
                continue;
            foreach (var line in above.Row.Lines)
            {
                var overlap = Math.Min(line.Box.Right, box.Right) - Math.Max(line.Box.Left, box.Left);
                if (overlap > 0.3 * Math.Min(line.Box.Width, box.Width) || (line.Box.Left <= box.CenterX && box.CenterX <= line.Box.Right))
                    return (above, line);
            }
        }
        return null;
    }
}
