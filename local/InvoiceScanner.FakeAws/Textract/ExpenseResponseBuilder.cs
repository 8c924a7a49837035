using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.CloudEngines.Textract;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using OcrBox = InvoiceScanner.Core.Documents.BoundingBox;
using TextractBox = InvoiceScanner.CloudEngines.Textract.BoundingBox;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Shapes an analysed document as Textract's AnalyzeExpense does: one ExpenseDocument per page with PAGE/LINE/WORD
/// blocks (page-relative geometry, 0..100 confidences, CHILD relationships), SummaryFields typed VENDOR_NAME, TOTAL,
/// ... whose ValueDetection is the extracted field's printed text placed on its words, a LabelDetection when the
/// words before the value on its line name it, the currency code on amounts, and LineItemGroups of ITEM, QUANTITY,
/// UNIT_PRICE, PRICE, PRODUCT_CODE and EXPENSE_ROW cells.
/// </summary>
internal sealed class ExpenseResponseBuilder
{
    private readonly DocumentAnalysis _analysis;
    private int _nextId;

    private ExpenseResponseBuilder(DocumentAnalysis analysis) => _analysis = analysis;

    private enum Kind { Text, Party, Amount, Date }

    private sealed record FieldView(string Raw, double Confidence, Evidence? Evidence);

    private sealed record SummarySpec(string Type, Kind Kind, Func<InvoiceFields, FieldView?> Get, string? Group = null)
    {
        /// <summary>Words a label of this type carries: when the value is printed more than once, the occurrence so labelled is the one Textract reports.</summary>
        public Regex? LabelWords { get; init; }
    }

    private static readonly SummarySpec[] Summary =
    [
        new("VENDOR_NAME", Kind.Party, f => View(f.VendorName)),
        new("NAME", Kind.Party, f => View(f.VendorName), "VENDOR"),
        new("VENDOR_ADDRESS", Kind.Party, f => View(f.VendorAddress)),
        new("ADDRESS", Kind.Party, f => View(f.VendorAddress), "VENDOR"),
        new("VENDOR_PHONE", Kind.Text, f => View(f.VendorPhone)),
        new("TAX_PAYER_ID", Kind.Text, f => View(f.VendorTaxId)),
        new("RECEIVER_NAME", Kind.Party, f => View(f.ReceiverName)),
        new("NAME", Kind.Party, f => View(f.ReceiverName), "RECEIVER"),
        new("RECEIVER_ADDRESS", Kind.Party, f => View(f.ReceiverAddress)),
        new("ADDRESS", Kind.Party, f => View(f.ReceiverAddress), "RECEIVER"),
        new("INVOICE_RECEIPT_ID", Kind.Text, f => View(f.InvoiceNumber)),
        new("INVOICE_RECEIPT_DATE", Kind.Date, f => View(f.InvoiceDate)),
        new("DUE_DATE", Kind.Date, f => View(f.DueDate)),
        new("PO_NUMBER", Kind.Text, f => View(f.PoNumber)),
        new("PAYMENT_TERMS", Kind.Text, f => View(f.PaymentTerms)),
        new("SUBTOTAL", Kind.Amount, f => View(f.Subtotal)) { LabelWords = Words("sub|net|netto|ht|zwischensumme") },
        new("TAX", Kind.Amount, f => View(f.Tax)) { LabelWords = Words("tax|vat|gst|hst|mwst|ust|tva|iva") },
        new("DISCOUNT", Kind.Amount, f => View(f.Discount)) { LabelWords = Words("discount|rabatt|remise|skonto") },
        new("TOTAL", Kind.Amount, f => View(f.Total)) { LabelWords = Words("total|gesamt|gesamtbetrag|summe|ttc") },
        new("AMOUNT_PAID", Kind.Amount, f => View(f.AmountPaid)) { LabelWords = Words("paid|payment|tend|cash|bezahlt|payé") },
        new("AMOUNT_DUE", Kind.Amount, f => View(f.AmountDue)) { LabelWords = Words("due|balance|owing|owe|zahlbar|payer") },
    ];

    /// <summary>One ExpenseDocument per OCR page, in page order.</summary>
    public static List<ExpenseDocument> Build(DocumentAnalysis analysis) => new ExpenseResponseBuilder(analysis).BuildAll();

    /// <summary>PAGE, LINE and WORD blocks of every page, as DetectDocumentText answers.</summary>
    public static List<Block> TextBlocks(DocumentAnalysis analysis)
    {
        var builder = new ExpenseResponseBuilder(analysis);
        return analysis.Ocr.Pages.SelectMany(builder.PageBlocks).ToList();
    }

    private List<ExpenseDocument> BuildAll()
    {
        var fields = _analysis.Extraction.Fields;
        var currency = fields.Currency;
        var groupIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var summaryByPage = new Dictionary<int, List<ExpenseField>>();
        foreach (var spec in Summary)
        {
            if (spec.Get(fields) is not { } view)
                continue;
            var page = PageOf(view.Evidence);
            var field = SummaryField(spec, view, page, currency, spec.Group is { } g ? groupIds.TryGetValue(g, out var id) ? id : groupIds[g] = NewId() : null);
            if (!summaryByPage.TryGetValue(page, out var list))
                summaryByPage[page] = list = [];
            list.Add(field);
        }

        var itemsByPage = new Dictionary<int, List<LineItemFields>>();
        foreach (var item in _analysis.Extraction.LineItems)
        {
            var page = Math.Clamp(item.Page, 1, Math.Max(1, _analysis.Ocr.Pages.Count));
            if (LineItem(item, page, currency) is not { } row)
                continue;
            if (!itemsByPage.TryGetValue(page, out var list))
                itemsByPage[page] = list = [];
            list.Add(row);
        }

        return _analysis.Ocr.Pages.Select(page => new ExpenseDocument
        {
            ExpenseIndex = page.Number,
            SummaryFields = summaryByPage.GetValueOrDefault(page.Number) ?? [],
            LineItemGroups = itemsByPage.TryGetValue(page.Number, out var rows)
                ? [new LineItemGroup { LineItemGroupIndex = 1, LineItems = rows }]
                : [],
            Blocks = PageBlocks(page),
        }).ToList();
    }

    private List<Block> PageBlocks(OcrPage page)
    {
        var lines = new List<Block>();
        var words = new List<Block>();
        foreach (var line in page.Lines)
        {
            var wordIds = new List<string>();
            foreach (var word in line.Words.Where(w => w.Text.Length > 0))
            {
                var id = NewId();
                wordIds.Add(id);
                words.Add(new Block
                {
                    BlockType = "WORD",
                    Confidence = Percent(word.Confidence),
                    Text = word.Text,
                    TextType = "PRINTED",
                    Geometry = Geometry(word.Box),
                    Id = id,
                    Page = page.Number,
                });
            }
            lines.Add(new Block
            {
                BlockType = "LINE",
                Confidence = Percent(line.Confidence),
                Text = line.Text,
                Geometry = Geometry(line.Box),
                Id = NewId(),
                Relationships = wordIds.Count > 0 ? [new Relationship { Type = "CHILD", Ids = wordIds }] : null,
                Page = page.Number,
            });
        }
        var pageBlock = new Block
        {
            BlockType = "PAGE",
            Geometry = Geometry(new OcrBox(0, 0, 1, 1)),
            Id = NewId(),
            Relationships = lines.Count > 0 ? [new Relationship { Type = "CHILD", Ids = lines.Select(l => l.Id!).ToList() }] : null,
            Page = page.Number,
        };
        return [pageBlock, .. lines, .. words];
    }

    private ExpenseField SummaryField(SummarySpec spec, FieldView view, int page, Field<string>? currency, string? groupId)
    {
        var placed = Place(view, page, spec.LabelWords);
        var label = spec.Kind is Kind.Amount or Kind.Date or Kind.Text ? placed.Label : null;
        return new ExpenseField
        {
            Type = new ExpenseType { Text = spec.Type, Confidence = Percent(view.Confidence) },
            LabelDetection = label is { } l ? new ExpenseDetection { Text = l.Text, Geometry = Geometry(l.Box), Confidence = Percent(l.Confidence) } : null,
            ValueDetection = new ExpenseDetection { Text = view.Raw, Geometry = placed.Box is { } b ? Geometry(b) : null, Confidence = Percent(view.Confidence) },
            PageNumber = page,
            Currency = spec.Kind == Kind.Amount && currency is not null ? new ExpenseCurrency { Code = currency.Value, Confidence = Percent(currency.Confidence) } : null,
            GroupProperties = spec.Group is { } group ? [new ExpenseGroupProperty { Types = [group], Id = groupId }] : null,
        };
    }

    private LineItemFields? LineItem(LineItem item, int page, Field<string>? currency)
    {
        var cells = new List<ExpenseField>();
        var boxes = new List<OcrBox>();
        var rowLines = new List<OcrLine>();
        void Add(string type, FieldView? view, bool amount)
        {
            if (view is null)
                return;
            var placed = Place(view, page);
            if (placed.Box is { } box)
                boxes.Add(box);
            if (placed.Line is { } line && !rowLines.Contains(line))
                rowLines.Add(line);
            cells.Add(new ExpenseField
            {
                Type = new ExpenseType { Text = type, Confidence = Percent(view.Confidence) },
                ValueDetection = new ExpenseDetection { Text = view.Raw, Geometry = placed.Box is { } b ? Geometry(b) : null, Confidence = Percent(view.Confidence) },
                PageNumber = page,
                Currency = amount && currency is not null ? new ExpenseCurrency { Code = currency.Value, Confidence = Percent(currency.Confidence) } : null,
            });
        }
        Add("ITEM", View(item.Description), false);
        Add("QUANTITY", View(item.Quantity), false);
        Add("UNIT_PRICE", View(item.UnitPrice), true);
        Add("PRICE", View(item.Amount), true);
        Add("PRODUCT_CODE", View(item.ProductCode), false);
        if (cells.Count == 0)
            return null;

        var rowText = rowLines.Count > 0
            ? string.Join(' ', rowLines.OrderBy(l => l.Box.Left).Select(l => l.Text))
            : string.Join(' ', cells.Select(c => c.ValueDetection!.Text));
        var rowBox = boxes.Concat(rowLines.Select(l => l.Box)).ToList();
        cells.Add(new ExpenseField
        {
            Type = new ExpenseType { Text = "EXPENSE_ROW", Confidence = cells.Min(c => c.Type!.Confidence) },
            ValueDetection = new ExpenseDetection
            {
                Text = rowText,
                Geometry = rowBox.Count > 0 ? Geometry(OcrBox.UnionOf(rowBox)) : null,
                Confidence = cells.Min(c => c.ValueDetection!.Confidence),
            },
            PageNumber = page,
        });
        return new LineItemFields { LineItemExpenseFields = cells };
    }

    private sealed record Label(string Text, OcrBox Box, double Confidence);

    private sealed record Placement(OcrBox? Box, OcrLine? Line, Label? Label);

    /// <summary>Where the value is printed: its words on the evidence line (or lines, for multi-line values), and the label words before it.</summary>
    private Placement Place(FieldView view, int page, Regex? preferredLabel = null)
    {
        var lines = _analysis.Ocr.Pages.FirstOrDefault(p => p.Number == page)?.Lines ?? [];
        var evidenceLine = view.Evidence is { } evidence ? FindLine(lines, evidence) : null;
        var parts = view.Raw.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1)
        {
            var boxes = new List<OcrBox>();
            var start = evidenceLine is null ? 0 : Math.Max(0, IndexOf(lines, evidenceLine));
            foreach (var part in parts)
            {
                var match = lines.Skip(start).Concat(lines.Take(start)).Select(l => (Line: l, Words: Match(l, part))).FirstOrDefault(m => m.Words is not null);
                if (match.Words is { } words)
                    boxes.Add(OcrBox.UnionOf(words.Select(w => w.Box)));
            }
            var box = boxes.Count > 0 ? OcrBox.UnionOf(boxes) : view.Evidence?.Box;
            return new Placement(box, evidenceLine, null);
        }

        var candidates = evidenceLine is null ? lines : [evidenceLine, .. lines.Where(l => !ReferenceEquals(l, evidenceLine))];
        Placement? first = null;
        foreach (var line in candidates)
        {
            if (Match(line, view.Raw) is not { } words)
                continue;
            var start = IndexOf(line.Words, words[0]);
            var box = OcrBox.UnionOf(words.Select(w => w.Box));
            var placement = new Placement(box, line, LabelBefore(line, start) ?? LabelBeside(lines, line, box) ?? LabelAbove(lines, line, box));
            if (preferredLabel is null || (placement.Label is { } label && preferredLabel.IsMatch(label.Text)))
                return placement;
            first ??= placement;
        }
        return first ?? new Placement(view.Evidence?.Box ?? evidenceLine?.Box, evidenceLine, null);
    }

    private static OcrLine? FindLine(IReadOnlyList<OcrLine> lines, Evidence evidence) =>
        lines.FirstOrDefault(l => l.Text == evidence.Line && Overlaps(l.Box, evidence.Box))
        ?? lines.FirstOrDefault(l => l.Text == evidence.Line)
        ?? lines.Where(l => Overlaps(l.Box, evidence.Box)).OrderByDescending(l => Overlap(l.Box, evidence.Box)).FirstOrDefault();

    /// <summary>The shortest run of the line's words whose letters and digits spell the value's (punctuation and spaces aside).</summary>
    private static List<OcrWord>? Match(OcrLine line, string raw)
    {
        var target = Squeeze(raw);
        if (target.Length == 0)
            return null;
        List<OcrWord>? best = null;
        var words = line.Words;
        for (var i = 0; i < words.Count; i++)
        {
            var text = new StringBuilder();
            for (var j = i; j < words.Count; j++)
            {
                text.Append(Squeeze(words[j].Text));
                if (text.Length >= target.Length)
                {
                    if (text.ToString().Contains(target, StringComparison.Ordinal) && (best is null || j - i + 1 < best.Count))
                        best = words.Skip(i).Take(j - i + 1).ToList();
                    break;
                }
            }
        }
        return best;
    }

    /// <summary>Up to four words right before the value that read as a label ("Total", "Invoice No.:", "TR#").</summary>
    private static Label? LabelBefore(OcrLine line, int valueStart)
    {
        var words = new List<OcrWord>();
        for (var i = valueStart - 1; i >= 0 && words.Count < 4; i--)
        {
            var word = line.Words[i];
            if (!word.Text.Any(char.IsLetter) && word.Text is not ("#" or ":" or "-"))
                break;
            if (word.Text.Count(char.IsDigit) > 1)
                break;
            words.Insert(0, word);
        }
        while (words.Count > 0 && !words[0].Text.Any(char.IsLetter))
            words.RemoveAt(0);
        if (words.Count == 0)
            return null;
        return new Label(string.Join(' ', words.Select(w => w.Text)), OcrBox.UnionOf(words.Select(w => w.Box)), words.Min(w => w.Confidence));
    }

    /// <summary>The nearest line to the left of the value on the same row, when it reads as a label ("Total   $1,234.50").</summary>
    private static Label? LabelBeside(IReadOnlyList<OcrLine> lines, OcrLine valueLine, OcrBox value) =>
        lines.Where(l => !ReferenceEquals(l, valueLine) && l.Box.Right <= value.Left + 0.005
                && l.Box.CenterY >= value.Top && l.Box.CenterY <= value.Bottom)
            .OrderByDescending(l => l.Box.Right)
            .Take(1)
            .Where(l => IsLabelText(l.Text))
            .Select(l => new Label(l.Text, l.Box, l.Confidence))
            .FirstOrDefault();

    /// <summary>The nearest line just above the value and overlapping it horizontally, when it reads as a label ("Invoice #" over "INV-1").</summary>
    private static Label? LabelAbove(IReadOnlyList<OcrLine> lines, OcrLine valueLine, OcrBox value) =>
        lines.Where(l => !ReferenceEquals(l, valueLine) && l.Box.Bottom <= value.Top + 0.002 && value.Top - l.Box.Bottom <= 3 * Math.Max(value.Height, 0.005)
                && Math.Min(l.Box.Right, value.Right) - Math.Max(l.Box.Left, value.Left) > 0)
            .OrderByDescending(l => l.Box.Bottom)
            .Take(1)
            .Where(l => IsLabelText(l.Text))
            .Select(l => new Label(l.Text, l.Box, l.Confidence))
            .FirstOrDefault();

    private static Regex Words(string alternatives) =>
        new($@"(?<![\p{{L}}])({alternatives})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool IsLabelText(string text) =>
        text.Length <= 40 && text.Count(char.IsLetter) >= 2 && text.Count(char.IsLetter) >= text.Count(char.IsDigit);

    private int PageOf(Evidence? evidence) => evidence?.Page is > 0 and var p && p <= Math.Max(1, _analysis.Ocr.Pages.Count) ? p : 1;

    private static FieldView? View<T>(Field<T>? field) => field is null ? null : new FieldView(
        string.IsNullOrWhiteSpace(field.Raw) ? Print(field.Value) : field.Raw.Trim(), field.Confidence, field.Evidence);

    private static string Print<T>(T value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Squeeze(string text) =>
        string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    private static int IndexOf<T>(IReadOnlyList<T> list, T item) where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item))
                return i;
        }
        return -1;
    }

    private static bool Overlaps(OcrBox a, OcrBox b) => Overlap(a, b) > 0;

    private static double Overlap(OcrBox a, OcrBox b)
    {
        var width = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var height = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return width > 0 && height > 0 ? width * height : 0;
    }

    private static double Percent(double confidence) => Math.Round(Math.Clamp(confidence, 0, 1) * 100, 4);

    private static double? Percent(double? confidence) => confidence is { } c ? Percent(c) : null;

    private static Geometry Geometry(OcrBox box) => new()
    {
        BoundingBox = new TextractBox { Left = box.Left, Top = box.Top, Width = box.Width, Height = box.Height },
        Polygon =
        [
            new Point { X = box.Left, Y = box.Top },
            new Point { X = box.Right, Y = box.Top },
            new Point { X = box.Right, Y = box.Bottom },
            new Point { X = box.Left, Y = box.Bottom },
        ],
    };

    /// <summary>UUID-shaped ids, stable for the same document bytes (so two analyses of one file agree).</summary>
    private string NewId()
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_analysis.Seed}:{_nextId++}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
