using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Hand-set rules for vendor/address lines; the fallback when no trained model is available.</summary>
public sealed class RulePartyLineScorer : IPartyLineScorer
{
    public string Name => "party rules";

    public IReadOnlyList<PartyLineScore> Score(IReadOnlyList<LayoutLine> headerLines)
    {
        var medianHeight = headerLines.Count == 0 ? 0 : headerLines.Select(l => l.Box.Height).OrderBy(h => h).ElementAt(headerLines.Count / 2);
        var result = new List<PartyLineScore>(headerLines.Count);
        for (var rank = 0; rank < headerLines.Count; rank++)
        {
            var text = headerLines[rank].Text;
            var letters = text.Count(char.IsLetter);
            var digits = text.Count(char.IsAsciiDigit);
            var company = PartyText.HasCompanyWord(text);
            var addressWords = PartyText.AddressWordCount(text);
            var postcode = PartyText.HasPostcode(text);
            var stop = PartyText.HasStopWord(text);
            var registration = PartyText.IsRegistrationOnly(text);
            var tall = medianHeight > 0 && headerLines[rank].Box.Height > 1.2 * medianHeight;

            var c = -1.0 + (company ? 2.5 : 0) + (rank == 0 ? 1.0 : 0) + (rank <= 2 ? 0.5 : 0) + (tall ? 0.8 : 0)
                    - (stop ? 2 : 0) - 1.2 * Math.Min(addressWords, 2) - (postcode ? 1 : 0) - (registration ? 3 : 0)
                    - (letters == 0 ? 3 : 0) - 0.2 * rank - (digits > letters ? 1 : 0);
            var a = -1.5 + 1.2 * Math.Min(addressWords, 3) + (postcode ? 1.5 : 0) + (text.Contains(',') ? 0.5 : 0) + (digits > 0 ? 0.5 : 0)
                    - (stop ? 2 : 0) - (company && addressWords == 0 ? 1.5 : 0) - (registration ? 3 : 0) + (rank is >= 1 and <= 8 ? 0.3 : 0)
                    - (letters == 0 && !postcode ? 2 : 0);
            result.Add(new PartyLineScore(Sigmoid(c), Sigmoid(a)));
        }
        return result;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
