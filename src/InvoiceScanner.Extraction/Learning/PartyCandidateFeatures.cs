using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>What the hand-written party rules chose, given to the rankers as evidence (they learn when to trust it).</summary>
public sealed record PartyRuleChoices(Field<string>? Seller, Field<string>? Buyer);

/// <summary>
/// Features of a party-name candidate in its neighbourhood: where it sits (page, height, column, footer), how it is
/// printed (font height, capitals, legal form, the shape of its text), what surrounds it (the words of the lines above
/// it in its column and of the cell to its left — labels such as "Rechnung an", "Verkäufer", "Bill to"; the seller's
/// bank and register details nearby; the e-mail and web domains the document prints; the same name printed again), and
/// whether the rules chose it as seller or buyer. Dense slots first, hashed words after.
/// </summary>
public static partial class PartyCandidateFeatures
{
    public const int Dimensions = 1 << 12;
    private const int DenseCount = 64;
    private const int RowsAbove = 4;

    [GeneratedRegex(@"(?:www\.|https?://|@)(?:[\p{L}0-9-]+\.)*?(?<name>[\p{L}0-9-]{3,})\.[a-z]{2,6}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Domain();

    public static IReadOnlyList<SparseVector> Extract(ExtractionContext context, IReadOnlyList<PartyCandidate> candidates, PartyRuleChoices rules)
    {
        var document = new DocumentFacts(context);
        var choices = new RuleKeys(Key(rules.Seller), rules.Seller?.Confidence ?? 0, Key(rules.Buyer), rules.Buyer?.Confidence ?? 0);
        var buffer = new FeatureBuffer();
        return candidates.Select(c => Vector(context, document, c, choices, buffer)).ToList();

        static string Key(Field<string>? f) => f is null ? "" : TextKey.Compact(f.Value);
    }

    /// <summary>The rules' choices, compacted once for all candidates.</summary>
    private readonly record struct RuleKeys(string Seller, double SellerConfidence, string Buyer, double BuyerConfidence);

    /// <summary>One candidate's features as they are collected; reused from candidate to candidate.</summary>
    private sealed class FeatureBuffer
    {
        private readonly Dictionary<int, float> _features = new(160);

        public FeatureBuffer() => Dense = (slot, value) => { if (value != 0) _features[slot] = (float)value; };

        public Action<int, double> Dense { get; }

        /// <summary>A word feature: <paramref name="prefix"/> + <paramref name="word"/> hashed into the sparse slots.</summary>
        public void Hashed(string prefix, string word, float value = 1)
        {
            var slot = DenseCount + (int)(LineFeatures.Fnv(prefix, word) % (uint)(Dimensions - DenseCount));
            _features[slot] = _features.GetValueOrDefault(slot) + value;
        }

        public SparseVector Take()
        {
            var (indices, values, i) = (new int[_features.Count], new float[_features.Count], 0);
            foreach (var (slot, value) in _features)
                (indices[i], values[i], i) = (slot, value, i + 1);
            Array.Sort(indices, values);
            _features.Clear();
            return new SparseVector(indices, values);
        }
    }

    private static SparseVector Vector(ExtractionContext context, DocumentFacts document, PartyCandidate candidate, RuleKeys rules, FeatureBuffer buffer)
    {
        var dense = buffer.Dense;
        var line = candidate.Line;
        var box = line.Box;
        var row = document.RowOf(line);
        var first = line.Page == document.FirstPage;
        dense(0, box.Top);
        dense(1, first ? 1 : 0);
        dense(2, box.Top > 0.8 ? 1 : 0);
        dense(3, first && box.Top < 0.15 ? 1 : 0);
        dense(4, box.CenterX);
        dense(5, box.CenterX > 0.5 ? 1 : 0);
        dense(6, document.MedianHeight > 0 ? Math.Clamp(Math.Log2(Math.Max(1e-3, box.Height) / document.MedianHeight), -1, 2) : 0);
        dense(7, box.Height >= 0.95 * document.TallestOn(line.Page) ? 1 : 0);
        dense(8, LegalNames.HasBusinessForm(candidate.Text) ? 1 : 0);
        dense(9, PartyText.HasCompanyWord(candidate.Text) ? 1 : 0);
        dense(10, Math.Min(3, document.Occurrences(candidate.Key) - 1) / 3.0);
        dense(11, document.InDomain(candidate.Text) ? 1 : 0);
        dense(12, document.DetailNear(row, 3) ? 1 : 0);
        dense(13, document.IsDetailRow(row) ? 1 : 0);
        var above = Above(context, row, box);
        dense(14, above.Any(l => document.LabelOf(l).Seller) ? 1 : 0);
        dense(15, above.Any(l => document.LabelOf(l).Buyer) ? 1 : 0);
        var own = line.Text.Trim();
        dense(16, document.LabelOf(line).Seller ? 1 : 0);
        dense(17, document.LabelOf(line).Buyer ? 1 : 0);
        dense(18, above.Count > 0 && document.LabelOf(above[0]).Salutation ? 1 : 0);
        dense(19, candidate.Text.Length + 3 < own.Length ? 1 : 0);
        dense(20, document.ReadingRank(line));
        dense(21, line.Index < 3 ? 1 : 0);
        dense(22, row.Row.Lines.Count >= 2 ? 1 : 0);
        dense(23, document.AddressBelow(context, row, box) ? 1 : 0);
        Rule(rules.Seller, rules.SellerConfidence, candidate, 24, dense);
        Rule(rules.Buyer, rules.BuyerConfidence, candidate, 26, dense);
        dense(28, candidate.Text.Any(char.IsLetter) && !candidate.Text.Any(char.IsLower) ? 1 : 0);
        dense(29, above.Count == 0 || above[0].Box.Bottom < box.Top - 2 * Math.Max(0.004, box.Height) ? 1 : 0);
        dense(30, first && box.Top < 0.4 ? 1 : 0);
        dense(31, context.IsPageFurniture(row) ? 1 : 0);
        dense(32, row.Row.Lines[0].Index != line.Index ? 1 : 0);
        dense(33, LegalNames.BusinessForm(candidate.Text) is { Success: true } form && form.Index + form.Length >= candidate.Text.TrimEnd('.', ' ').Length - 1 ? 1 : 0);
        LineFeatures.Shape(candidate.Text, 40, dense);

        if (above.Count > 0)
            foreach (var w in LineFeatures.Words(above[0].Text)) buffer.Hashed("a1:", w);
        foreach (var w in above.Skip(1).SelectMany(l => LineFeatures.Words(l.Text))) buffer.Hashed("a:", w, 0.5f);
        if (row.Row.Lines.TakeWhile(l => l.Index != line.Index).LastOrDefault() is { } left)
            foreach (var w in LineFeatures.Words(left.Text)) buffer.Hashed("l:", w);
        if (LineFeatures.Words(candidate.Text).LastOrDefault() is { } last) buffer.Hashed("last:", last);
        buffer.Hashed("pos:", $"{(int)(box.Top * 5)}:{(int)(box.CenterX * 3)}:{first}");
        return buffer.Take();
    }

    private static void Rule(string chosenKey, double confidence, PartyCandidate candidate, int slot, Action<int, double> dense)
    {
        if (!PartyCandidates.SameKey(chosenKey, candidate.Key))
            return;
        dense(slot, 1);
        dense(slot + 1, confidence);
    }

    /// <summary>The lines above the candidate in its column on its page, nearest first (at most <see cref="RowsAbove"/> rows up).</summary>
    private static List<LayoutLine> Above(ExtractionContext context, AnalyzedRow row, Core.Documents.BoundingBox box)
    {
        var result = new List<LayoutLine>();
        for (var i = row.Row.Index - 1; i >= 0 && i >= row.Row.Index - RowsAbove; i--)
        {
            var up = context.Rows[i];
            if (up.Row.Page != row.Row.Page)
                break;
            result.AddRange(up.Row.Lines.Where(l => Math.Min(l.Box.Right, box.Right) - Math.Max(l.Box.Left, box.Left) > 0.3 * Math.Min(l.Box.Width, box.Width)));
        }
        return result;
    }

    /// <summary>What every candidate of one document is compared with, computed once.</summary>
    private sealed class DocumentFacts
    {
        private readonly Dictionary<int, AnalyzedRow> _rowOfLine = [];
        private readonly Dictionary<int, double> _tallest = [];
        private readonly HashSet<int> _detailRows = [];
        private readonly string _allKeys;
        private readonly List<string> _domains;
        private readonly Dictionary<string, int> _occurrences = [];
        private readonly int _firstPageLines;
        private readonly IReadOnlyList<AnalyzedRow> _rows;

        public DocumentFacts(ExtractionContext context)
        {
            var lines = context.Layout.Lines;
            _rows = context.Rows;
            FirstPage = lines.Count == 0 ? 1 : lines[0].Page;
            foreach (var row in context.Rows)
            {
                foreach (var l in row.Row.Lines)
                    _rowOfLine[l.Index] = row;
                if (SellerDetails.IsSellerDetail(row.Text))
                    _detailRows.Add(row.Row.Index);
            }
            foreach (var page in lines.GroupBy(l => l.Page))
                _tallest[page.Key] = page.Max(l => l.Box.Height);
            var heights = lines.Where(l => l.Page == FirstPage).Select(l => l.Box.Height).Order().ToList();
            MedianHeight = heights.Count == 0 ? 0 : heights[heights.Count / 2];
            _firstPageLines = Math.Max(1, heights.Count);
            // One line per line's key: counting a name's lines is then one vectorised scan per name.
            _allKeys = string.Join('\n', lines.Select(l => TextKey.Compact(l.Text)));
            _domains = Domain().Matches(context.FullText).Select(m => TextKey.Compact(m.Groups["name"].Value)).Where(d => d.Length >= 3).Distinct().ToList();
        }

        public int FirstPage { get; }
        public double MedianHeight { get; }

        private readonly Dictionary<int, (bool Seller, bool Buyer, bool Salutation)> _labels = [];

        public AnalyzedRow RowOf(LayoutLine line) => _rowOfLine[line.Index];
        public bool IsDetailRow(AnalyzedRow row) => _detailRows.Contains(row.Row.Index);

        /// <summary>Whether the line labels the seller, labels a buyer, or is a salutation (each line tested once).</summary>
        public (bool Seller, bool Buyer, bool Salutation) LabelOf(LayoutLine line)
        {
            if (!_labels.TryGetValue(line.Index, out var label))
                _labels[line.Index] = label = (PartySectionExtractor.IsSellerLabel(line.Text),
                    PartySectionExtractor.IsBuyerLabel(line.Text) || ReceiverExtractor.IsReceiverLabel(line.Text), PartySectionExtractor.IsSalutation(line.Text));
            return label;
        }
        public double TallestOn(int page) => _tallest.GetValueOrDefault(page, 1);
        public double ReadingRank(LayoutLine line) => Math.Min(1, (double)line.Index / _firstPageLines);

        public int Occurrences(string key)
        {
            if (key.Length < 4)
                return 1;
            if (!_occurrences.TryGetValue(key, out var n))
                _occurrences[key] = n = Math.Max(1, CountLinesHolding(key));
            return n;
        }

        private int CountLinesHolding(string key)
        {
            var (count, at, lastLine) = (0, 0, -1);
            while ((at = _allKeys.IndexOf(key, at, StringComparison.Ordinal)) >= 0)
            {
                var line = _allKeys.LastIndexOf('\n', at);
                if (line != lastLine)
                    (count, lastLine) = (count + 1, line);
                at += key.Length;
            }
            return count;
        }

        /// <summary>A word of the name (four letters or more) is the name of a web or e-mail domain the document prints.</summary>
        public bool InDomain(string text) =>
            _domains.Count > 0 && text.Split([' ', '-', '.', ',', '&'], StringSplitOptions.RemoveEmptyEntries).Select(TextKey.Compact)
                .Any(w => w.Length >= 4 && _domains.Any(d => d.Contains(w, StringComparison.Ordinal) || (d.Length >= 4 && w.Contains(d, StringComparison.Ordinal))));

        public bool DetailNear(AnalyzedRow row, int rows) =>
            Enumerable.Range(row.Row.Index - rows, 2 * rows + 1).Any(i => _detailRows.Contains(i) && _rows[i].Row.Page == row.Row.Page);

        /// <summary>A street or postcode line within the two rows under the candidate in its column: the name heads an address.</summary>
        public bool AddressBelow(ExtractionContext context, AnalyzedRow row, Core.Documents.BoundingBox box)
        {
            for (var i = row.Row.Index + 1; i < context.Rows.Count && i <= row.Row.Index + 3; i++)
            {
                var below = context.Rows[i];
                if (below.Row.Page != row.Row.Page)
                    return false;
                if (below.Row.Lines.Any(l => Math.Abs(l.Box.Left - box.Left) < 0.03 && (PartyText.HasPostcode(l.Text) || PartyText.HasStreetWord(l.Text))))
                    return true;
            }
            return false;
        }
    }
}
