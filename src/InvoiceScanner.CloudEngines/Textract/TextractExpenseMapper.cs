using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using OcrBox = InvoiceScanner.Core.Documents.BoundingBox;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>
/// AnalyzeExpense / GetExpenseAnalysis results → <see cref="OcrDocument"/> (Engine "textract"): pages and lines from
/// the LINE/WORD blocks, Textract's summary fields as <see cref="FieldCandidate"/>s and its line items as
/// <see cref="LineItemCandidate"/>s. Pages without blocks (older responses carry none) get lines made from the
/// field texts, so the rules engine always has text to read.
/// </summary>
public static partial class TextractExpenseMapper
{
    public const string EngineName = "textract";

    /// <param name="pageCount">DocumentMetadata.Pages when known: every page up to it appears, even if empty.</param>
    public static OcrDocument ToOcrDocument(IReadOnlyList<ExpenseDocument> expenseDocuments, int? pageCount = null, string engine = EngineName)
    {
        ArgumentNullException.ThrowIfNull(expenseDocuments);

        var (lines, sources) = LinesByPage(expenseDocuments);
        var (summary, rows) = FieldOccurrences(sources);
        var pages = Pages(lines, summary, rows, pageCount);
        var linesOf = pages.ToDictionary(p => p.Number, p => p.Lines);
        var candidates = SummaryCandidates(summary, linesOf);
        var lineItems = LineItemCandidates(rows, linesOf);

        return new OcrDocument(engine, pages) { Candidates = candidates, LineItemCandidates = lineItems };
    }

    /// <summary>Step 1: lines from blocks, and each document with the page its unpaged content belongs to.</summary>
    private static (Dictionary<int, List<OcrLine>> Lines, List<(ExpenseDocument Document, int DefaultPage)> Sources) LinesByPage(
        IReadOnlyList<ExpenseDocument> expenseDocuments)
    {
        // 1. Lines from blocks; an ExpenseDocument may span pages, and sync responses carry no Block.Page.
        var lines = new Dictionary<int, List<OcrLine>>();
        var seenBlocks = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<(ExpenseDocument Document, int DefaultPage)>();
        foreach (var document in expenseDocuments)
        {
            var defaultPage = DefaultPage(document);
            sources.Add((document, defaultPage));
            var blocks = (document.Blocks ?? []).Where(b => b.Id is null || seenBlocks.Add(b.Id));
            foreach (var (page, pageLines) in TextractBlockMapper.LinesByPage(blocks, defaultPage))
            {
                if (!lines.TryGetValue(page, out var existing))
                    lines[page] = existing = [];
                existing.AddRange(pageLines);
            }
        }
        return (lines, sources);
    }

    /// <summary>Step 2: where each summary field and each line item row sits.</summary>
    private static (List<(ExpenseField Field, int Page)> Summary, List<(IReadOnlyList<ExpenseField> Cells, int Page)> Rows) FieldOccurrences(
        List<(ExpenseDocument Document, int DefaultPage)> sources)
    {
        // 2. Field occurrences per page (summary fields, then rows).
        var summary = new List<(ExpenseField Field, int Page)>();
        var rows = new List<(IReadOnlyList<ExpenseField> Cells, int Page)>();
        foreach (var (document, defaultPage) in sources)
        {
            foreach (var field in document.SummaryFields ?? [])
                summary.Add((field, field.PageNumber ?? defaultPage));
            foreach (var group in document.LineItemGroups ?? [])
            {
                foreach (var item in group.LineItems ?? [])
                {
                    var cells = item.LineItemExpenseFields ?? [];
                    if (cells.Count > 0)
                        rows.Add((cells, cells.Select(c => c.PageNumber).FirstOrDefault(p => p is not null) ?? defaultPage));
                }
            }
        }
        return (summary, rows);
    }

    /// <summary>Step 3: the pages, with block lines where there are any and lines made from the fields otherwise.</summary>
    private static List<OcrPage> Pages(
        Dictionary<int, List<OcrLine>> lines,
        List<(ExpenseField Field, int Page)> summary,
        List<(IReadOnlyList<ExpenseField> Cells, int Page)> rows,
        int? pageCount)
    {
        // 3. Pages: every page that has lines, fields, or is within the reported page count.
        var pageNumbers = new SortedSet<int>(lines.Keys.Concat(summary.Select(s => s.Page)).Concat(rows.Select(r => r.Page)));
        for (var n = 1; n <= Math.Max(1, pageCount ?? 0); n++)
            pageNumbers.Add(n);
        var pages = new List<OcrPage>();
        foreach (var number in pageNumbers)
        {
            var pageLines = lines.TryGetValue(number, out var fromBlocks) && fromBlocks.Count > 0
                ? fromBlocks
                : SynthesiseLines(summary.Where(s => s.Page == number).Select(s => s.Field), rows.Where(r => r.Page == number).Select(r => r.Cells));
            pages.Add(new OcrPage(number, 1, 1, pageLines));
        }
        return pages;
    }

    /// <summary>Step 4a: summary field candidates, deduplicated, plus the currencies they carry.</summary>
    private static List<FieldCandidate> SummaryCandidates(
        List<(ExpenseField Field, int Page)> summary, Dictionary<int, IReadOnlyList<OcrLine>> linesOf)
    {
        // 4. Candidates, with evidence pointing at the OCR line under each value.
        var candidates = new List<FieldCandidate>();
        foreach (var (field, page) in summary)
        {
            var group = field.GroupProperties?.SelectMany(g => g.Types ?? []).FirstOrDefault();
            var name = TextractFieldTypes.SummaryField(field.Type?.Text, group);
            if (name is null || (name == TextractFieldTypes.Other && string.IsNullOrWhiteSpace(field.LabelDetection?.Text)))
                continue;
            if (ToCandidate(field, name, page, linesOf[page], row: null) is { } candidate)
                candidates.Add(candidate with { Group = group });
        }
        candidates = Deduplicate(candidates);
        candidates.AddRange(CurrencyCandidates(candidates));
        return candidates;
    }

    /// <summary>Step 4b: one line item candidate per row that has at least one known cell with a value.</summary>
    private static List<LineItemCandidate> LineItemCandidates(
        List<(IReadOnlyList<ExpenseField> Cells, int Page)> rows, Dictionary<int, IReadOnlyList<OcrLine>> linesOf)
    {
        var lineItems = new List<LineItemCandidate>();
        foreach (var (cells, page) in rows)
        {
            var row = cells.FirstOrDefault(c => c.Type?.Text == TextractFieldTypes.ExpenseRow);
            var rowText = Flatten(row?.ValueDetection?.Text);
            var rowEvidence = (TextractBlockMapper.ToBox(row?.ValueDetection?.Geometry), rowText);
            var rowCells = new List<FieldCandidate>();
            foreach (var cell in cells)
            {
                var name = TextractFieldTypes.LineItemField(cell.Type?.Text);
                if (name is null)
                    continue;
                if (ToCandidate(cell, name, page, linesOf[page], rowEvidence) is { } candidate)
                    rowCells.Add(name == TextractFieldTypes.Other && candidate.Label is null ? candidate with { Label = cell.Type?.Text } : candidate);
            }
            if (rowCells.Count > 0)
                lineItems.Add(new LineItemCandidate(page, rowCells));
        }
        return lineItems;
    }

    private static int DefaultPage(ExpenseDocument document)
    {
        var fromFields = (document.SummaryFields ?? [])
            .Concat((document.LineItemGroups ?? []).SelectMany(g => g.LineItems ?? []).SelectMany(i => i.LineItemExpenseFields ?? []))
            .Select(f => f.PageNumber)
            .Where(p => p is > 0)
            .Min();
        return fromFields ?? (document.Blocks ?? []).Select(b => b.Page).Where(p => p is > 0).Min() ?? 1;
    }

    private static FieldCandidate? ToCandidate(ExpenseField field, string name, int page, IReadOnlyList<OcrLine> pageLines, (OcrBox? Box, string? Text)? row)
    {
        var text = field.ValueDetection?.Text?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        var label = Flatten(field.LabelDetection?.Text);
        var box = TextractBlockMapper.ToBox(field.ValueDetection?.Geometry) ?? row?.Box;
        Evidence? evidence = null;
        if (box is { } b)
        {
            var lineText = BestLine(pageLines, b)?.Text ?? row?.Text ?? (label is null ? Flatten(text) : $"{label} {Flatten(text)}");
            evidence = new Evidence(page, b, lineText!);
        }
        var currency = field.Currency?.Code?.Trim().ToUpperInvariant();
        return new FieldCandidate(name, text, TextractBlockMapper.Confidence(field.ValueDetection?.Confidence ?? field.Type?.Confidence), evidence)
        {
            Label = label,
            CurrencyCode = currency is { Length: 3 } ? currency : null,
        };
    }

    /// <summary>
    /// Textract repeats one reading under several types (NAME+VENDOR_NAME, TAX_PAYER_ID+VENDOR_VAT_NUMBER): same
    /// field, text and place collapse into one. Repeated readings elsewhere (two TOTALs) stay separate.
    /// </summary>
    private static List<FieldCandidate> Deduplicate(List<FieldCandidate> candidates)
    {
        var result = new List<FieldCandidate>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var box = candidate.Evidence?.Box;
            var key = string.Join('|', candidate.Field, candidate.Text, candidate.Evidence?.Page,
                box is { } b ? $"{b.Left:F3},{b.Top:F3},{b.Width:F3},{b.Height:F3}" : "-");
            if (index.TryGetValue(key, out var at))
            {
                var kept = result[at];
                result[at] = kept with
                {
                    Confidence = Math.Max(kept.Confidence, candidate.Confidence),
                    Label = kept.Label ?? candidate.Label,
                    Group = kept.Group ?? candidate.Group,
                    CurrencyCode = kept.CurrencyCode ?? candidate.CurrencyCode,
                };
            }
            else
            {
                index[key] = result.Count;
                result.Add(candidate);
            }
        }
        return result;
    }

    /// <summary>One Currency candidate per ISO code Textract attached to an amount, placed where that amount is.</summary>
    private static IEnumerable<FieldCandidate> CurrencyCandidates(List<FieldCandidate> candidates) =>
        candidates
            .Where(c => c.CurrencyCode is not null)
            .GroupBy(c => c.CurrencyCode!)
            .Select(g => g.OrderByDescending(c => c.Confidence).First())
            .Select(c => new FieldCandidate(FieldNames.Currency, c.CurrencyCode!, c.Confidence, c.Evidence) { Label = c.Label, CurrencyCode = c.CurrencyCode });

    /// <summary>
    /// The line that covers most of <paramref name="box"/>; for a value spanning lines (an address), the first line
    /// in reading order that lies inside it.
    /// </summary>
    internal static OcrLine? BestLine(IReadOnlyList<OcrLine> lines, OcrBox box)
    {
        OcrLine? best = null;
        var bestScore = 0.25;
        foreach (var line in lines)
        {
            var score = Coverage(box, line.Box);
            if (score > bestScore)
            {
                best = line;
                bestScore = score;
            }
        }
        return best ?? lines.FirstOrDefault(line => Coverage(line.Box, box) >= 0.5);
    }

    private static double Coverage(OcrBox inner, OcrBox outer)
    {
        var width = Math.Min(inner.Right, outer.Right) - Math.Max(inner.Left, outer.Left);
        var height = Math.Min(inner.Bottom, outer.Bottom) - Math.Max(inner.Top, outer.Top);
        if (width <= 0 || height <= 0)
            return 0;
        var area = inner.Width * inner.Height;
        return area <= 0 ? 0 : width * height / area;
    }

    /// <summary>
    /// Lines for a page that came without blocks: each summary field as "label value" (or label and value apart when
    /// they sit on different rows), each line item as its EXPENSE_ROW text, sorted top to bottom.
    /// </summary>
    private static List<OcrLine> SynthesiseLines(IEnumerable<ExpenseField> summaryFields, IEnumerable<IReadOnlyList<ExpenseField>> rows)
    {
        var pieces = new List<(string Text, OcrBox? Box, double Confidence)>();
        foreach (var field in summaryFields)
        {
            // Address parts repeat text the whole ADDRESS already gives.
            if (field.Type?.Text is "STREET" or "CITY" or "STATE" or "COUNTRY" or "ZIP_CODE" or "ADDRESS_BLOCK")
                continue;
            var value = field.ValueDetection?.Text?.Trim();
            if (string.IsNullOrEmpty(value))
                continue;
            var confidence = TextractBlockMapper.Confidence(field.ValueDetection?.Confidence);
            var valueBox = TextractBlockMapper.ToBox(field.ValueDetection?.Geometry);
            var label = Flatten(field.LabelDetection?.Text);
            var labelBox = TextractBlockMapper.ToBox(field.LabelDetection?.Geometry);
            var valueLines = SplitLines(value, valueBox);
            if (label is not null && (labelBox is null || valueBox is null || SameRow(labelBox.Value, valueLines[0].Box!.Value)))
            {
                var first = valueLines[0];
                var box = labelBox is { } lb && first.Box is { } fb ? lb.Union(fb) : first.Box ?? labelBox;
                valueLines[0] = ($"{label} {first.Text}", box);
            }
            else if (label is not null)
            {
                pieces.Add((label, labelBox, TextractBlockMapper.Confidence(field.LabelDetection?.Confidence)));
            }
            pieces.AddRange(valueLines.Select(l => (l.Text, l.Box, confidence)));
        }
        foreach (var cells in rows)
        {
            var row = cells.FirstOrDefault(c => c.Type?.Text == TextractFieldTypes.ExpenseRow);
            var text = row?.ValueDetection?.Text?.Trim();
            var box = TextractBlockMapper.ToBox(row?.ValueDetection?.Geometry);
            if (string.IsNullOrEmpty(text))
            {
                text = string.Join(' ', cells.Select(c => c.ValueDetection?.Text?.Trim()).Where(t => !string.IsNullOrEmpty(t)));
                box = UnionOrNull(cells.Select(c => TextractBlockMapper.ToBox(c.ValueDetection?.Geometry)));
            }
            if (string.IsNullOrEmpty(text))
                continue;
            var confidence = TextractBlockMapper.Confidence(row?.ValueDetection?.Confidence ?? cells[0].ValueDetection?.Confidence);
            pieces.AddRange(SplitLines(text, box).Select(l => (l.Text, l.Box, confidence)));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return pieces
            .Where(p => seen.Add(p.Text + "|" + (p.Box is { } b ? $"{b.Top:F2},{b.Left:F2}" : "-")))
            .Select((p, order) => (Piece: p, Order: order))
            .OrderBy(p => p.Piece.Box is null ? 1 : 0)
            .ThenBy(p => p.Piece.Box is { } b ? Math.Round(b.CenterY, 2) : 0)
            .ThenBy(p => p.Piece.Box?.Left ?? 0)
            .ThenBy(p => p.Order)
            .Select(p =>
            {
                var box = p.Piece.Box ?? default;
                return new OcrLine(p.Piece.Text, box, p.Piece.Confidence, TextractBlockMapper.SyntheticWords(p.Piece.Text, box, p.Piece.Confidence));
            })
            .ToList();
    }

    /// <summary>Multi-line values (addresses) become one line each, sharing the box out top to bottom.</summary>
    private static List<(string Text, OcrBox? Box)> SplitLines(string text, OcrBox? box)
    {
        var parts = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length <= 1)
            return [(Flatten(text)!, box)];
        return parts
            .Select((part, i) => (part, box is { } b ? new OcrBox(b.Left, b.Top + b.Height * i / parts.Length, b.Width, b.Height / parts.Length) : (OcrBox?)null))
            .ToList();
    }

    private static bool SameRow(OcrBox a, OcrBox b) =>
        (a.CenterY >= b.Top && a.CenterY <= b.Bottom) || (b.CenterY >= a.Top && b.CenterY <= a.Bottom);

    private static OcrBox? UnionOrNull(IEnumerable<OcrBox?> boxes)
    {
        var present = boxes.OfType<OcrBox>().ToList();
        return present.Count == 0 ? null : OcrBox.UnionOf(present);
    }

    private static string? Flatten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return Whitespace().Replace(text.Trim(), " ");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
