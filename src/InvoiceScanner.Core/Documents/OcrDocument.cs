namespace InvoiceScanner.Core.Documents;

/// <summary>
/// A box in page-relative coordinates (0..1, origin top-left), the convention Textract uses,
/// so that every engine (pdftotext points, tesseract pixels, Textract ratios) maps to one space.
/// </summary>
public readonly record struct BoundingBox(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;
    public double CenterX => Left + Width / 2;
    public double CenterY => Top + Height / 2;

    public static BoundingBox FromEdges(double left, double top, double right, double bottom) =>
        new(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));

    public BoundingBox Union(BoundingBox other) =>
        FromEdges(Math.Min(Left, other.Left), Math.Min(Top, other.Top),
                  Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    public static BoundingBox UnionOf(IEnumerable<BoundingBox> boxes)
    {
        BoundingBox? result = null;
        foreach (var box in boxes)
            result = result is { } r ? r.Union(box) : box;
        return result ?? default;
    }
}

/// <summary>One recognised word; confidence is 0..1.</summary>
public sealed record OcrWord(string Text, BoundingBox Box, double Confidence);

/// <summary>A line of words in reading order, as the engine grouped them.</summary>
public sealed record OcrLine(string Text, BoundingBox Box, double Confidence, IReadOnlyList<OcrWord> Words);

/// <summary>A page; Width and Height are in the engine's own units (points, pixels or 1 for Textract).</summary>
public sealed record OcrPage(int Number, double Width, double Height, IReadOnlyList<OcrLine> Lines);

/// <summary>
/// The normalised result of any OCR engine. ExtractData reads only this, never an engine's raw output.
/// Engines that already structure documents (Textract AnalyzeExpense) add their field candidates.
/// </summary>
public sealed record OcrDocument(string Engine, IReadOnlyList<OcrPage> Pages)
{
    /// <summary>Field candidates the engine itself proposed (e.g. Textract summary fields); empty for plain OCR.</summary>
    public IReadOnlyList<FieldCandidate> Candidates { get; init; } = [];

    /// <summary>Line-item rows the engine itself proposed, each a list of candidates (Description, Quantity, ...).</summary>
    public IReadOnlyList<LineItemCandidate> LineItemCandidates { get; init; } = [];

    /// <summary>Text embedded by the producer (e.g. a PDF text layer) rather than recognised from pixels.</summary>
    public bool FromTextLayer { get; init; }

    /// <summary>
    /// The e-invoice the upload carries, which governs over the page. An XML upload has it and no pages; a hybrid PDF
    /// has both (its pages are read only to compare).
    /// </summary>
    public EInvoiceFile? EInvoice { get; init; }

    /// <summary>Why the e-invoice a PDF attaches could not be read, when it could not (the pages were read instead).</summary>
    public string? UnreadableEInvoice { get; init; }

    public IEnumerable<OcrLine> AllLines => Pages.SelectMany(p => p.Lines);
}

/// <summary>Where a value was read: page number (1-based), box, and the whole line's text.</summary>
public sealed record Evidence(int Page, BoundingBox Box, string Line);

/// <summary>
/// A value an engine proposes for one of our fields (<see cref="Extraction.FieldNames"/>), with the label it saw.
/// </summary>
public sealed record FieldCandidate(string Field, string Text, double Confidence, Evidence? Evidence)
{
    public string? Label { get; init; }
    public string? CurrencyCode { get; init; }
    /// <summary>Group such as VENDOR or RECEIVER when the engine reported one.</summary>
    public string? Group { get; init; }
}

public sealed record LineItemCandidate(int Page, IReadOnlyList<FieldCandidate> Cells);
