using System.Text;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Extraction.Layout;

/// <summary>An OCR line with its page and its position in reading order over the whole document.</summary>
public sealed record LayoutLine(int Page, int Index, OcrLine Line)
{
    public string Text => Line.Text;
    public BoundingBox Box => Line.Box;
}

/// <summary>
/// A visual row: lines whose vertical extents overlap, left to right. Receipts put a label and its value in
/// separate OCR boxes ("TOTAL:" … "9.00"); the row puts them back together.
/// </summary>
public sealed class LayoutRow
{
    private readonly int[] _offsets;

    public LayoutRow(int page, int index, IReadOnlyList<LayoutLine> lines)
    {
        Page = page;
        Index = index;
        Lines = lines;
        _offsets = new int[lines.Count];
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) sb.Append("  ");
            _offsets[i] = sb.Length;
            sb.Append(lines[i].Text);
        }
        Text = sb.ToString();
        Box = BoundingBox.UnionOf(lines.Select(l => l.Box));
    }

    public int Page { get; }
    /// <summary>Position in reading order over the document.</summary>
    public int Index { get; }
    public IReadOnlyList<LayoutLine> Lines { get; }
    /// <summary>The lines' texts joined by two spaces (so a column gap stays visible to rules).</summary>
    public string Text { get; }
    public BoundingBox Box { get; }

    /// <summary>The line containing character <paramref name="offset"/> of <see cref="Text"/>.</summary>
    public LayoutLine LineAt(int offset)
    {
        for (var i = _offsets.Length - 1; i >= 0; i--)
            if (offset >= _offsets[i])
                return Lines[i];
        return Lines[0];
    }

    public int OffsetOf(LayoutLine line)
    {
        for (var i = 0; i < Lines.Count; i++)
            if (ReferenceEquals(Lines[i], line))
                return _offsets[i];
        return 0;
    }

    /// <summary>The box of the characters [start, start+length) of <see cref="Text"/>, from word boxes where possible.</summary>
    public BoundingBox BoxOf(int start, int length)
    {
        var line = LineAt(start);
        var local = start - OffsetOf(line);
        var words = line.Line.Words;
        if (words.Count == 0 || line.Text.Length == 0)
            return line.Box;
        // Map the character span to the words it touches (words appear in order inside the line text).
        var boxes = new List<BoundingBox>();
        var cursor = 0;
        foreach (var w in words)
        {
            var at = line.Text.IndexOf(w.Text, cursor, StringComparison.Ordinal);
            if (at < 0) continue;
            cursor = at + w.Text.Length;
            if (at < local + length && local < at + w.Text.Length)
                boxes.Add(w.Box);
        }
        return boxes.Count > 0 ? BoundingBox.UnionOf(boxes) : line.Box;
    }

    public Evidence EvidenceFor(int start, int length) => new(Page, BoxOf(start, length), Text);

    public override string ToString() => Text;
}

/// <summary>The document in reading order: lines and the rows they form, page by page.</summary>
public sealed class DocumentLayout
{
    private DocumentLayout(IReadOnlyList<LayoutRow> rows)
    {
        Rows = rows;
        Lines = rows.SelectMany(r => r.Lines).ToList();
    }

    public IReadOnlyList<LayoutRow> Rows { get; }
    public IReadOnlyList<LayoutLine> Lines { get; }

    /// <summary>The row <paramref name="line"/> sits on (by its place in reading order, so a copy with trimmed text finds it too).</summary>
    public LayoutRow RowOf(LayoutLine line) => Rows.First(r => r.Page == line.Page && r.Lines.Any(l => l.Index == line.Index));

    /// <summary>The lines to the right of <paramref name="line"/> on its row, nearest first: a form's value cells.</summary>
    public IEnumerable<LayoutLine> RightOf(LayoutLine line) =>
        RowOf(line).Lines.Where(l => l.Box.Left >= line.Box.Right - 0.005).OrderBy(l => l.Box.Left);

    /// <summary>The row after <paramref name="row"/> on the same page, if any.</summary>
    public LayoutRow? RowAfter(LayoutRow row) =>
        row.Index + 1 < Rows.Count && Rows[row.Index + 1].Page == row.Page ? Rows[row.Index + 1] : null;

    /// <summary>
    /// The lines stacked under <paramref name="lines"/>[<paramref name="anchor"/>] in its column on its page (an address
    /// under its label or salutation), in reading order, until a vertical gap wider than <paramref name="maxGap"/>.
    /// </summary>
    public static IEnumerable<LayoutLine> StackUnder(IReadOnlyList<LayoutLine> lines, int anchor, double tolerance, double maxGap)
    {
        var top = lines[anchor];
        var last = top;
        foreach (var line in lines.Skip(anchor + 1).Where(l => l.Page == top.Page))
        {
            if (Math.Abs(line.Box.Left - top.Box.Left) >= tolerance || line.Box.Top < last.Box.Top + 0.5 * last.Box.Height)
                continue;
            if (line.Box.Top - last.Box.Bottom > maxGap)
                yield break;
            yield return line;
            last = line;
        }
    }

    public static DocumentLayout Build(OcrDocument document)
    {
        var rows = new List<LayoutRow>();
        var lineIndex = 0;
        foreach (var page in document.Pages.OrderBy(p => p.Number))
        {
            foreach (var group in GroupRows(page.Lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList()))
            {
                var layoutLines = group.Select(l => new LayoutLine(page.Number, lineIndex++, l)).ToList();
                rows.Add(new LayoutRow(page.Number, rows.Count, layoutLines));
            }
        }
        return new DocumentLayout(rows);
    }

    /// <summary>
    /// Groups lines into rows: a line joins a row when it overlaps the row's first line vertically by at least
    /// half of the smaller height. Anchoring on the first line keeps skewed scans from chaining rows together.
    /// </summary>
    internal static List<List<OcrLine>> GroupRows(List<OcrLine> lines)
    {
        var ordered = lines.OrderBy(l => l.Box.CenterY).ThenBy(l => l.Box.Left).ToList();
        var rows = new List<(BoundingBox Anchor, List<OcrLine> Lines)>();
        foreach (var line in ordered)
        {
            var placed = false;
            for (var r = rows.Count - 1; r >= 0 && r >= rows.Count - 3; r--)
            {
                var anchor = rows[r].Anchor;
                var overlap = Math.Min(anchor.Bottom, line.Box.Bottom) - Math.Max(anchor.Top, line.Box.Top);
                var minHeight = Math.Min(anchor.Height, line.Box.Height);
                var horizontallyFree = rows[r].Lines.All(o => o.Box.Right <= line.Box.Left + 0.01 || line.Box.Right <= o.Box.Left + 0.01);
                if (minHeight > 0 && overlap >= 0.5 * minHeight && horizontallyFree)
                {
                    rows[r].Lines.Add(line);
                    placed = true;
                    break;
                }
            }
            if (!placed)
                rows.Add((line.Box, [line]));
        }
        return rows
            .Select(r => r.Lines.OrderBy(l => l.Box.Left).ToList())
            .OrderBy(r => r.Min(l => l.Box.Top))
            .ToList();
    }
}
