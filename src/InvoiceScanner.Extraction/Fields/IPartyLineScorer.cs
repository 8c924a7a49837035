using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Per-line probabilities that a header line belongs to the vendor name or the vendor address.</summary>
public readonly record struct PartyLineScore(double Company, double Address);

/// <summary>Scores the header lines of a document; the rules and the trained line classifier both implement it.</summary>
public interface IPartyLineScorer
{
    string Name { get; }
    IReadOnlyList<PartyLineScore> Score(IReadOnlyList<LayoutLine> headerLines);
}
