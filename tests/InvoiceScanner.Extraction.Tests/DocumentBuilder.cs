using InvoiceScanner.Core.Documents;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Builds OcrDocuments for tests: each call to <see cref="Row"/> adds a visual row; cells are placed at given
/// x positions (0..1) so label/value columns and tables can be laid out like a real page.
/// </summary>
internal sealed class DocumentBuilder
{
    private readonly List<List<OcrLine>> _pages = [[]];
    private double _y = 0.03;
    private const double RowHeight = 0.02;

    public DocumentBuilder Row(params (double X, string Text)[] cells)
    {
        foreach (var (x, text) in cells)
        {
            var width = Math.Min(0.98 - x, 0.012 * text.Length);
            var box = new BoundingBox(x, _y, width, RowHeight * 0.8);
            _pages[^1].Add(new OcrLine(text, box, 0.99, SroieBoxReader.SplitWords(text, box, 0.99)));
        }
        _y += RowHeight * 1.2;
        return this;
    }

    /// <summary>A row with the text at the left margin.</summary>
    public DocumentBuilder Line(string text) => Row((0.05, text));

    public DocumentBuilder Gap(int rows = 1)
    {
        _y += RowHeight * 1.2 * rows;
        return this;
    }

    public DocumentBuilder NewPage()
    {
        _pages.Add([]);
        _y = 0.03;
        return this;
    }

    public OcrDocument Build(IReadOnlyList<FieldCandidate>? candidates = null) =>
        new("test", _pages.Select((lines, i) => new OcrPage(i + 1, 1, 1, lines)).ToList())
        {
            Candidates = candidates ?? [],
        };
}
