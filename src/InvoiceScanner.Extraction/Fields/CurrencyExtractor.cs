using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>
/// The document's currency from what is written on it: symbols and codes next to amounts, currency words,
/// "(RM)" column headers. A bare "$" becomes USD only with lower confidence and a flag unless a country on
/// the document says which dollar; nothing written means no currency (never a default).
/// </summary>
public static class CurrencyExtractor
{
    public const string AmbiguousCurrencyFlag = "AMBIGUOUS_CURRENCY";

    public static Field<string>? Extract(ExtractionContext context)
    {
        var votes = CountVotes(context, out var sawBareDollar);
        if (votes.Count > 0)
            return FromVotes(votes, sawBareDollar);
        if (sawBareDollar)
            return FromBareDollar(context);
        return null;
    }

    /// <summary>
    /// Each currency written on the document, weighted by how many times it is written (more next to an amount),
    /// with its best-placed mention; a bare "$" is only noted.
    /// </summary>
    private static Dictionary<string, (double Score, Candidate<string> Best)> CountVotes(ExtractionContext context, out bool sawBareDollar)
    {
        var votes = new Dictionary<string, (double Score, Candidate<string> Best)>();
        sawBareDollar = false;
        foreach (var row in context.Rows)
        {
            foreach (var mention in CurrencyParser.FindAll(row.Text))
            {
                if (mention.Ambiguous)
                {
                    sawBareDollar = true;
                    continue;
                }
                var nextToAmount = row.Amounts.Any(a => a.CurrencyRaw is not null && a.Start <= mention.Start + mention.Length && mention.Start <= a.End + 2);
                var score = nextToAmount ? 1.0 : 0.6;
                var candidate = new Candidate<string>(mention.Code, mention.Raw, score, row.Row.EvidenceFor(mention.Start, mention.Length),
                    nextToAmount ? "currency next to an amount" : "currency named on the document")
                { TextConfidence = ExtractionContext.TextConfidence(row) };
                votes[mention.Code] = votes.TryGetValue(mention.Code, out var v)
                    ? (v.Score + score, v.Best.Score >= score ? v.Best : candidate)
                    : (score, candidate);
            }
        }
        return votes;
    }

    private static Field<string> FromVotes(Dictionary<string, (double Score, Candidate<string> Best)> votes, bool sawBareDollar)
    {
        var ranked = votes.OrderByDescending(kv => kv.Value.Score).ToList();
        var winner = ranked[0].Value;
        var total = ranked.Sum(kv => kv.Value.Score);
        var share = winner.Score / total;
        var best = winner.Best with { Score = 2 + Math.Min(winner.Score, 3) * share };
        var trace = ranked.Skip(1).Select(kv => $"rejected {kv.Key} (weight {kv.Value.Score:0.0} vs {winner.Score:0.0})").ToList();
        if (sawBareDollar && winner.Best.Value is not ("USD" or "CAD" or "AUD" or "NZD" or "SGD" or "HKD" or "MXN"))
            trace.Add($"bare '$' also present; {winner.Best.Value} is named explicitly");
        var confidence = Math.Round(Math.Clamp(0.75 + 0.25 * share, 0, 1) * winner.Best.TextConfidence, 3);
        return new Field<string>(best.Value, best.Raw, confidence, best.Evidence)
        {
            Trace = [$"chose {best.Value} from '{best.Raw}' by {best.Rule} (weight {winner.Score:0.0})", .. trace],
        };
    }

    private static Field<string> FromBareDollar(ExtractionContext context)
    {
        var row = context.Rows.First(r => r.Text.Contains('$'));
        var at = row.Text.IndexOf('$');
        var evidence = row.Row.EvidenceFor(at, 1);
        if (CurrencyParser.DollarCountry(context.FullText) is { } code)
        {
            return new Field<string>(code, "$", 0.85, evidence)
            {
                Trace = [$"'$' read as {code}: the document names the country"],
            };
        }
        return new Field<string>(CurrencyParser.DefaultDollar, "$", 0.6, evidence)
        {
            Trace = ["'$' alone: read as USD for lack of a country (could be CAD, AUD, SGD…)"],
            Flags = [AmbiguousCurrencyFlag],
        };
    }
}
