using InvoiceScanner.Core.Review;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>Where a value sits from its label: after it on the same row, or under it.</summary>
public enum HintDirection { Beside, Below }

/// <summary>
/// Where one approved value was printed on the approved invoice: the label it was read under (as the extractor's
/// key–value reading sees labels), which way from the label, and its place on the page. It says where to read a field,
/// never what the field holds.
/// </summary>
/// <param name="Field">The field's property name (<see cref="Core.Extraction.FieldNames"/>).</param>
/// <param name="LabelKey">The label's letters in lower case: digits and punctuation vary between a vendor's invoices.</param>
/// <param name="X">The value's left edge (0..1); <paramref name="Right"/> its right edge, for right-aligned amounts.</param>
public sealed record FieldHint(
    string Field, ValueKind Kind, string Label, string LabelKey, HintDirection Direction, int Page, bool OnLastPage, double X, double Right, double Y)
{
    /// <summary>How many words a text value spans (identifiers); names run to the end of their cell instead.</summary>
    public int Words { get; init; } = 1;

    /// <summary>A name: read to the end of its cell (two spaces or the row's end), however many words it has.</summary>
    public bool ToCellEnd { get; init; }

    /// <summary>The approved text had a digit: a reading without one is not this field.</summary>
    public bool HasDigit { get; init; }

    /// <summary>An amount's decimals as the vendor prints them (2 in "1.234,56", 0 in "32"): a count is not a sum of money.</summary>
    public int? Decimals { get; init; }

    /// <summary>The day/month order the approved date proved on this vendor's invoices (null when it proved none).</summary>
    public DateOrder? Order { get; init; }
}

/// <summary>A value read under a hint on a new document.</summary>
/// <param name="Canonical">The value as canonical JSON text (<see cref="CorrectedValues"/>).</param>
/// <param name="TextConfidence">The OCR confidence of the row it was read from.</param>
/// <param name="Ambiguous">A numeric date whose day/month order neither the vendor's invoices nor this document settle.</param>
public sealed record HintReading(string Canonical, string Raw, Core.Documents.Evidence Evidence, FieldHint Hint, double TextConfidence, bool Ambiguous);
