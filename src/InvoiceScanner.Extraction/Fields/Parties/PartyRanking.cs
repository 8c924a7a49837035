using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>The trained candidate rankers the party step uses; either may be absent (then the rules decide alone).</summary>
public sealed record PartyRankers(CandidateRanker? Seller, CandidateRanker? Buyer)
{
    /// <summary>The rankers shipped in the library.</summary>
    public static PartyRankers Shipped => new(CandidateRanker.Seller, CandidateRanker.Buyer);

    /// <summary>Rules alone: what the rankers are trained on (their rule features come from it).</summary>
    public static PartyRankers None { get; } = new(null, null);
}

/// <summary>
/// A party's name decided between the rules and a trained ranker. Where it agrees with the rules their text stays (they
/// join names broken over lines) and the confidence is the higher of the two; where it is more likely right than not about
/// another candidate, that candidate replaces a rule value not confident enough to stand, and a standing one keeps its text
/// with the ranker's probability for it as confidence, so review is asked; where it is unsure of every line (a layout
/// unlike those it learnt from) it changes nothing.
/// </summary>
public static class PartyRanking
{
    private const double MinimumToOverride = 0.5;

    public static Field<string>? Choose(string role, CandidateRanker ranker, IReadOnlyList<PartyCandidate> candidates, IReadOnlyList<SparseVector> features, Field<string>? rule, double keepRuleFrom = 1.01) =>
        Choose(role, ranker.Probabilities(features), candidates, rule, keepRuleFrom);

    /// <summary>
    /// The decision from each candidate's probability <paramref name="p"/> (a ranker's, or a cross-validated one's); a rule
    /// value at least <paramref name="keepRuleFrom"/> confident is never replaced, only its confidence set.
    /// </summary>
    public static Field<string>? Choose(string role, IReadOnlyList<double> p, IReadOnlyList<PartyCandidate> candidates, Field<string>? rule, double keepRuleFrom = 1.01)
    {
        if (candidates.Count == 0)
            return rule;
        // The chance a name is right is the sum over every line printing it (letterhead and footer).
        double NameProbability(string key) => Enumerable.Range(0, candidates.Count).Where(i => PartyCandidates.SameKey(key, candidates[i].Key)).Sum(i => p[i]);
        var best = Enumerable.Range(0, candidates.Count).OrderByDescending(i => p[i]).Take(5)
            .Select(i => (Candidate: candidates[i], P: Math.Min(1, NameProbability(candidates[i].Key)))).MaxBy(c => c.P);
        if (rule is not null && PartyCandidates.SameName(rule.Value, best.Candidate.Text))
        {
            var raised = Math.Round(Math.Max(rule.Confidence, best.P), 3);
            return rule with { Confidence = raised, Trace = [.. rule.Trace, $"{role} ranker agrees (p={best.P:0.00})"] };
        }
        if (best.P < MinimumToOverride)
        {
            // Unsure of every line (a layout unlike those it learnt from): the ranker neither names nor doubts a party.
            return rule is null ? null : rule with { Trace = [.. rule.Trace, $"{role} ranker unsure (its best, '{best.Candidate.Text}', p={best.P:0.00})"] };
        }
        var ruleP = rule is null ? 0 : Math.Min(1, NameProbability(TextKey.Compact(rule.Value)));
        if (rule is null || rule.Confidence < keepRuleFrom)
        {
            var text = best.Candidate.Text;
            return new Field<string>(text, best.Candidate.Line.Text.Trim(), Math.Round(best.P, 3), PartyEvidence.Of([best.Candidate.Line]))
            {
                Trace = [$"{role} ranker: line '{best.Candidate.Line.Text.Trim()}' (p={best.P:0.00})",
                    rule is null ? "the rules found none" : $"rejected the rules' '{rule.Value}' (p={ruleP:0.00})"],
            };
        }
        var lowered = Math.Round(Math.Min(rule.Confidence, ruleP), 3);
        return rule with { Confidence = lowered, Trace = [.. rule.Trace, $"{role} ranker doubts it: p={ruleP:0.00} against '{best.Candidate.Text}' p={best.P:0.00}"] };
    }
}
