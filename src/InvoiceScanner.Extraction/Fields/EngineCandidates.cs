using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>
/// Uses the field candidates an OCR engine proposed (Textract AnalyzeExpense) as strong candidates beside the
/// rules' own: values both propose reinforce each other; otherwise the better-supported one wins, and the
/// trace records who lost.
/// </summary>
public static class EngineCandidates
{
    /// <summary>Points an engine candidate starts with: about a clear label, plus its own confidence.</summary>
    private const double EngineBase = 2.5, EngineConfidenceWeight = 2.0;

    public static IEnumerable<Candidate<string>> Strings(OcrDocument document, string field) =>
        document.Candidates.Where(c => c.Field == field && !string.IsNullOrWhiteSpace(c.Text))
            .Select(c => Make(c.Text.Trim(), c));

    public static IEnumerable<Candidate<decimal>> Amounts(OcrDocument document, string field, DecimalStyle style) =>
        document.Candidates.Where(c => c.Field == field)
            .Select(c => (c, a: AmountParser.FindAll(c.Text, style).LastOrDefault()))
            .Where(x => x.a is not null)
            .Select(x => Make(x.a!.Value, x.c));

    public static IEnumerable<Candidate<DateOnly>> Dates(OcrDocument document, string field, DateOrder order) =>
        document.Candidates.Where(c => c.Field == field)
            .Select(c => (c, d: DateParser.FindAll(c.Text).FirstOrDefault()))
            .Where(x => x.d is not null)
            .Select(x => Make(x.d!.Value(order), x.c) with
            {
                Flags = x.d!.IsAmbiguous ? [DateFieldsExtractor.AmbiguousDateFlag] : [],
            });

    public static IEnumerable<Candidate<string>> Currencies(OcrDocument document) =>
        document.Candidates.Where(c => !string.IsNullOrEmpty(c.CurrencyCode))
            .Select(c => Make(c.CurrencyCode!.ToUpperInvariant(), c) with { Raw = c.CurrencyCode! });

    private static Candidate<T> Make<T>(T value, FieldCandidate c) =>
        new(value, c.Text, EngineBase + EngineConfidenceWeight * Math.Clamp(c.Confidence, 0, 1), c.Evidence,
            $"engine candidate{(c.Label is { Length: > 0 } l ? $" label '{l}'" : "")}")
        { TextConfidence = 1.0 };

    /// <summary>
    /// Merges the rules' field with engine candidates. Scores add up per value, so agreement wins; the rules'
    /// field enters with the score its confidence implies.
    /// </summary>
    public static Field<T>? Merge<T>(Field<T>? rules, IEnumerable<Candidate<T>> engine, Func<T, string>? show = null, Func<T, double>? bonus = null) where T : notnull
    {
        var engineList = engine.ToList();
        if (engineList.Count == 0)
            return rules;
        var all = new List<Candidate<T>>(engineList);
        if (rules is not null)
            all.Add(new Candidate<T>(rules.Value, rules.Raw, ScoreOf(rules.Confidence), rules.Evidence, "rules") { Flags = rules.Flags, Notes = rules.Trace });

        var byValue = all.GroupBy(c => c.Value)
            .Select(g => (Value: g.Key, Score: g.Sum(c => c.Score) + (bonus?.Invoke(g.Key) ?? 0), Members: g.OrderByDescending(c => c.Score).ToList()))
            .OrderByDescending(x => x.Score)
            .ToList();
        var winner = byValue[0];
        var representative = winner.Members.FirstOrDefault(m => m.Rule != "rules") ?? winner.Members[0];
        var ruleMember = winner.Members.FirstOrDefault(m => m.Rule == "rules");
        var best = representative with
        {
            Score = winner.Score,
            Evidence = representative.Evidence ?? ruleMember?.Evidence,
            Flags = ruleMember?.Flags ?? representative.Flags,
            Notes = winner.Members.Count > 1 ? [$"agreed by {string.Join(" + ", winner.Members.Select(m => m.Rule))}"] : [],
        };
        var ranked = byValue.Select(x => x.Members[0] with { Score = x.Score }).ToList();
        ranked[0] = best;
        return CandidateSelector.ToField(best, ranked, show);
    }

    /// <summary>Inverse of the confidence curve, so a rules field competes on the same point scale.</summary>
    private static double ScoreOf(double confidence)
    {
        var c = Math.Clamp(confidence, 0.01, 0.99);
        return 0.5 + Math.Log(c / (1 - c));
    }

    /// <summary>Line items from the engine's rows, cells parsed like our own.</summary>
    public static IReadOnlyList<LineItem> LineItems(OcrDocument document, DecimalStyle style)
    {
        var items = new List<LineItem>();
        foreach (var row in document.LineItemCandidates)
        {
            Field<string>? Text(string name) => row.Cells.FirstOrDefault(c => c.Field == name) is { } c
                ? new Field<string>(c.Text.Trim(), c.Text, Math.Clamp(c.Confidence, 0, 1), c.Evidence) { Trace = ["engine line-item cell"] }
                : null;
            Field<decimal>? Number(string name) => row.Cells.FirstOrDefault(c => c.Field == name) is { } c
                && AmountParser.FindAll(c.Text, style).LastOrDefault() is { } a
                ? new Field<decimal>(a.Value, c.Text, Math.Clamp(c.Confidence, 0, 1), c.Evidence) { Trace = ["engine line-item cell"] }
                : null;
            var item = new LineItem(row.Page)
            {
                Description = Text(FieldNames.ItemDescription),
                Quantity = Number(FieldNames.ItemQuantity),
                UnitPrice = Number(FieldNames.ItemUnitPrice),
                Amount = Number(FieldNames.ItemAmount),
                ProductCode = Text(FieldNames.ItemProductCode),
            };
            if (item.Description is not null || item.Amount is not null)
                items.Add(item);
        }
        return items;
    }
}
