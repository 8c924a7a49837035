using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>A value some rule proposes for a field, with the score that ranks it and the rule's name for the trace.</summary>
public sealed record Candidate<T>(T Value, string Raw, double Score, Evidence? Evidence, string Rule)
{
    /// <summary>0..1 quality of the text itself (OCR word confidence), multiplied into the field confidence.</summary>
    public double TextConfidence { get; init; } = 1.0;
    public IReadOnlyList<string> Flags { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Strength of the label the value was read under (0 when unlabelled); lets arithmetic weigh weak labels.</summary>
    public double LabelWeight { get; init; }
    /// <summary>Labelled by a heading over its cell ("Original Date / Revision"): another cell of its row under that heading is another printing.</summary>
    public bool UnderHeading { get; init; }
}

/// <summary>Turns ranked candidates into a <see cref="Field{T}"/> whose trace names the winner and the runners-up.</summary>
public static class CandidateSelector
{
    /// <summary>The best candidate as a field, or null when there is none.</summary>
    public static Field<T>? Pick<T>(IEnumerable<Candidate<T>> candidates, Func<T, string>? show = null) where T : notnull
    {
        var ranked = candidates.OrderByDescending(c => c.Score).ToList();
        if (ranked.Count == 0)
            return null;
        return ToField(ranked[0], ranked, show);
    }

    public static Field<T> ToField<T>(Candidate<T> best, IReadOnlyList<Candidate<T>> ranked, Func<T, string>? show = null) where T : notnull
    {
        show ??= v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        var rival = ranked.FirstOrDefault(c => !EqualityComparer<T>.Default.Equals(c.Value, best.Value));
        var confidence = Confidence(best.Score, rival?.Score) * best.TextConfidence;
        var trace = new List<string> { $"chose '{best.Raw}' by {best.Rule} (score {best.Score:0.00})" };
        // The rival's own repeats weigh against the winner's: two values each printed twice are as open as before.
        var support = Support(best, ranked) - (rival is null ? 0 : Support(rival, ranked));
        if (support > 0)
        {
            // The same value under its own label elsewhere (the totals row and the amount-due box) is independent evidence.
            var raised = 1 - (1 - confidence) * Math.Pow(SupportDoubt, support);
            trace.Add($"the same value under {support} other label(s) elsewhere: confidence {confidence:0.00} → {raised:0.00}");
            confidence = raised;
        }
        trace.AddRange(best.Notes);
        foreach (var loser in ranked.Where(c => !ReferenceEquals(c, best)).Take(3))
        {
            var why = EqualityComparer<T>.Default.Equals(loser.Value, best.Value) ? "same value" : "lower score";
            trace.Add($"rejected {show(loser.Value)} '{loser.Raw}' by {loser.Rule} (score {loser.Score:0.00}, {why})");
        }
        return new Field<T>(best.Value, best.Raw, Math.Round(confidence, 3), best.Evidence)
        {
            Trace = trace,
            Flags = best.Flags,
        };
    }

    /// <summary>How much of the doubt each other labelled printing of the winning value leaves.</summary>
    private const double SupportDoubt = 0.6;

    /// <summary>
    /// Other labelled candidates of the same value as <paramref name="best"/> printed elsewhere — another row or page, or
    /// another cell of its row under one heading ("Original Date / Revision" over "05/12/20 / 05/12/20"; a table row's
    /// cells repeat a value too often to count) — at most two count. Readings of one token share its box and count once.
    /// </summary>
    private static int Support<T>(Candidate<T> best, IReadOnlyList<Candidate<T>> ranked) where T : notnull =>
        Math.Min(2, ranked.Where(c => !ReferenceEquals(c, best) && c.LabelWeight > 0 && EqualityComparer<T>.Default.Equals(c.Value, best.Value)
                && c.Evidence is { } e && best.Evidence is { } b && (OtherRow(e, b) || c.UnderHeading && OtherCell(e, b)))
            .Select(c => (c.Evidence!.Page, Math.Round(c.Evidence.Box.CenterY, 2), c.UnderHeading ? Math.Round(c.Evidence.Box.CenterX, 2) : 0)).Distinct().Count());

    private static bool OtherRow(Evidence e, Evidence b) => e.Page != b.Page || Math.Abs(e.Box.CenterY - b.Box.CenterY) > 0.005;

    private static bool OtherCell(Evidence e, Evidence b) => e.Box.Right <= b.Box.Left || b.Box.Right <= e.Box.Left;

    /// <summary>
    /// Score to 0..1: a logistic curve on the winner's score, lowered when a different value scored close to it.
    /// Scores are additive rule points (a clear label ≈ 3), so 3 points with no rival ≈ 0.92.
    /// </summary>
    public static double Confidence(double score, double? rivalScore)
    {
        var baseConfidence = 1 / (1 + Math.Exp(-(score - 0.5)));
        if (rivalScore is not { } rival)
            return baseConfidence;
        var margin = Math.Clamp((score - rival) / 2.0, 0, 1);
        return baseConfidence * (0.6 + 0.4 * margin);
    }
}
