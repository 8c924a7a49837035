using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>How the day/month order of the document's numeric dates was settled, if it was.</summary>
public sealed record DateOrderDecision(DateOrder? Order, string Reason);

public sealed record DateFields(Field<DateOnly>? InvoiceDate, Field<DateOnly>? DueDate, DateOrderDecision OrderDecision);

/// <summary>
/// Chooses the invoice date and the due date by their labels ("Invoice Date", "Factuurdatum", "Due Date",
/// "Date limite de paiement"), position and format, and settles day/month order for the whole document from,
/// in turn: the caller's locale hint, another date on the document that can only be read one way, and the
/// document's currency/language. Without any of these an ambiguous date is flagged, not guessed silently.
/// </summary>
public static partial class DateFieldsExtractor
{
    public const string AmbiguousDateFlag = "AMBIGUOUS_DATE";

    private sealed record DateCandidate(AnalyzedRow Row, DateMatch Match, string Label, bool LabelAbove);

    public static DateFields Extract(ExtractionContext context, string? currencyCode)
    {
        var all = LabelledDates(context);
        var decision = DecideOrder(context, all.Select(c => c.Match).ToList(), currencyCode);
        var invoiceCandidates = new List<Candidate<DateOnly>>();
        var dueCandidates = new List<Candidate<DateOnly>>();
        foreach (var c in all)
        {
            var (candidate, isDue) = Score(context, c, decision);
            (isDue ? dueCandidates : invoiceCandidates).Add(candidate);
        }

        var invoiceDate = CandidateSelector.Pick(invoiceCandidates, d => d.ToString("yyyy-MM-dd"));
        var dueDate = CandidateSelector.Pick(dueCandidates.Where(d => invoiceDate is null || d.Value >= invoiceDate.Value), d => d.ToString("yyyy-MM-dd"));
        return new DateFields(invoiceDate, dueDate, decision);
    }

    /// <summary>Every date on the document with the text before it on its row, or the line above when that has no letters.</summary>
    private static List<DateCandidate> LabelledDates(ExtractionContext context)
    {
        var all = new List<DateCandidate>();
        foreach (var row in context.Rows)
        {
            foreach (var match in row.Dates)
            {
                var label = row.Text[..match.Start];
                var labelAbove = false;
                var box = row.Row.BoxOf(match.Start, match.Length);
                if (!label.Any(char.IsLetter))
                {
                    if (context.LineAbove(row, box, 2, r => r.Dates.Count == 0) is { } above)
                    {
                        label = above.Line.Text;
                        labelAbove = true;
                    }
                }
                else if (!IsAnyDateLabel(NearestLabel(label)) && context.LineAbove(row, box, 2, r => r.Dates.Count == 0) is { } header
                         && IsHeaderDateLabel(header.Line.Text, row))
                {
                    // A row under a column headed by a date's label ("Beschreibung … Fälligkeit", "Original Date / Revision"
                    // over a phone number, a name and the date): the words left of the date are other cells, the header is its label.
                    label = header.Line.Text;
                    labelAbove = true;
                }
                all.Add(new DateCandidate(row, match, label, labelAbove));
            }
        }
        return all;
    }

    /// <summary>
    /// A column heading that labels the date under it: a due date's or the invoice date's anywhere; a plain date's
    /// ("Original Date / Revision") only in the document's head, the top quarter of its first page — further down a
    /// "Date" column lists the items' dates (a schedule's air dates), not the document's.
    /// </summary>
    private static bool IsHeaderDateLabel(string header, AnalyzedRow row) =>
        Labels.IsDueDateLabel(header) || Labels.IsInvoiceDateLabel(header)
        || (Labels.IsGenericDateLabel(header) && !Labels.IsOtherDateLabel(header) && row.Row.Page == 1 && row.Row.Box.CenterY < HeadOfPage);

    private const double HeadOfPage = 0.25;

    private static bool IsAnyDateLabel(string label) =>
        Labels.IsDueDateLabel(label) || Labels.IsInvoiceDateLabel(label) || Labels.IsGenericDateLabel(label) || Labels.IsOtherDateLabel(label);

    /// <summary>A date as a due-date candidate (under a due-date label) or an invoice-date candidate, with its score.</summary>
    private static (Candidate<DateOnly> Candidate, bool IsDue) Score(ExtractionContext context, DateCandidate c, DateOrderDecision decision)
    {
        var order = decision.Order ?? DateOrder.DayFirst;
        var value = c.Match.Value(order);
        var (flags, notes) = OrderNotes(c.Match, decision);
        var textConfidence = ExtractionContext.TextConfidence(c.Row) * (c.Match.IsAmbiguous && decision.Order is null ? 0.6 : 1.0);
        var evidence = c.Row.Row.EvidenceFor(c.Match.Start, c.Match.Length);
        var segment = NearestLabel(c.Label);
        var position = context.RelativePosition(c.Row);
        var formScore = c.Match.Raw.Any(char.IsLetter) || c.Match.Raw.Length >= 8 ? 0.2 : 0;

        var clause = Labels.LastClause(c.Label);
        if (Labels.IsEarlyPaymentClause(clause) || Labels.IsEarlyPaymentClause(Labels.NextClause(c.Row.Text[c.Match.End..])))
        {
            return (new Candidate<DateOnly>(value, c.Match.Raw, 0.3 - 0.8 * position, evidence, $"early-payment discount date '{clause.Trim()}'")
            { Flags = flags, Notes = notes, TextConfidence = textConfidence }, false);
        }
        if (Labels.IsDueDateLabel(segment) || !c.LabelAbove && Labels.IsDueClause(clause))
        {
            return (new Candidate<DateOnly>(value, c.Match.Raw, 3 + formScore - 0.2 * position, evidence, $"due-date label '{(Labels.IsDueDateLabel(segment) ? segment : clause).Trim()}'")
            { Flags = flags, Notes = notes, TextConfidence = textConfidence }, true);
        }
        double score;
        string rule;
        if (Labels.IsInvoiceDateLabel(segment)) { score = 3.5; rule = $"invoice-date label '{segment.Trim()}'"; }
        else if (Labels.IsOtherDateLabel(segment)) { score = 0.3; rule = $"other date label '{segment.Trim()}'"; }
        else if (Labels.IsGenericDateLabel(segment)) { score = 2.5; rule = $"date label '{segment.Trim()}'"; }
        else { score = 1.0; rule = "unlabelled date"; }
        if (c.LabelAbove) score -= 0.2;
        // Invoice dates are printed near the top; dates in footers are legal or bank text.
        score += formScore - 0.8 * position;
        // A till prints the sale's date with its time; digits glued to letters ("HD03-04-06") are an item code.
        if (IsCodePart(c.Row.Text, c.Match)) { score -= 1.0; rule += ", glued to letters (a code?)"; }
        else if (IsFollowedByTime(c.Row.Text, c.Match)) { score += 0.5; rule += " with a time"; }
        // A date under the document's own date label counts as a printing of it: the same date under another such label
        // ("Original Date / Revision" over the same date twice, a date in the head and the footer) makes it surer.
        var labelWeight = Labels.IsInvoiceDateLabel(segment) || Labels.IsGenericDateLabel(segment) && !Labels.IsOtherDateLabel(segment) ? score : 0;
        return (new Candidate<DateOnly>(value, c.Match.Raw, score, evidence, rule)
        { Flags = flags, Notes = notes, TextConfidence = textConfidence, LabelWeight = Math.Max(0, labelWeight), UnderHeading = c.LabelAbove }, false);
    }

    /// <summary>For an ambiguous date: how its day/month order was settled, or the flag that it was not.</summary>
    private static (List<string> Flags, List<string> Notes) OrderNotes(DateMatch match, DateOrderDecision decision)
    {
        var flags = new List<string>();
        var notes = new List<string>();
        if (match.IsAmbiguous)
        {
            if (decision.Order is null)
            {
                flags.Add(AmbiguousDateFlag);
                notes.Add($"'{match.Raw}' could be {match.DayFirst:yyyy-MM-dd} or {match.MonthFirst:yyyy-MM-dd}; read day-first for lack of evidence");
            }
            else
            {
                notes.Add($"day/month order {decision.Order} from {decision.Reason}");
            }
        }
        return (flags, notes);
    }

    /// <summary>True when letters touch the date's first digit, as in product or batch codes ("RC11-23-42").</summary>
    public static bool IsCodePart(string text, DateMatch match) =>
        match.Start > 0 && char.IsLetter(text[match.Start - 1]) && char.IsDigit(text[match.Start]);

    /// <summary>
    /// True when a clock time (<see cref="RowAnalyzer.FindTimes"/>) follows the date on its row with nothing but
    /// separators or a "TIME:" label between them.
    /// </summary>
    public static bool IsFollowedByTime(string text, DateMatch match) =>
        RowAnalyzer.FindTimes(text).Any(t => t.Start >= match.End && BetweenDateAndTimeRegex().IsMatch(text.AsSpan(match.End, t.Start - match.End)));

    [GeneratedRegex(@"^[\s,|-]{0,6}(?:TIME\s*:?\s*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex BetweenDateAndTimeRegex();

    /// <summary>The last label-like part of the text before a date (after the previous value on the row).</summary>
    private static string NearestLabel(string label)
    {
        var trimmed = label.TrimEnd();
        var gap = trimmed.LastIndexOf("  ", StringComparison.Ordinal);
        var tail = gap >= 0 ? trimmed[(gap + 2)..] : trimmed;
        return tail.Any(char.IsLetter) ? tail : trimmed;
    }

    /// <summary>Settles day/month order: locale hint, then an unambiguous date on the document, then locale signals.</summary>
    public static DateOrderDecision DecideOrder(ExtractionContext context, IReadOnlyList<DateMatch> dates, string? currencyCode)
    {
        if (DateParser.OrderForLocale(context.Options.LocaleHint) is { } hinted)
            return new DateOrderDecision(hinted, $"locale hint {context.Options.LocaleHint}");
        var proofs = dates.Select(d => d.ProvesOrder).Where(o => o is not null).Select(o => o!.Value).ToList();
        if (proofs.Count > 0)
        {
            var dayFirst = proofs.Count(p => p == DateOrder.DayFirst);
            var monthFirst = proofs.Count - dayFirst;
            if (dayFirst != monthFirst)
            {
                var order = dayFirst > monthFirst ? DateOrder.DayFirst : DateOrder.MonthFirst;
                var example = dates.First(d => d.ProvesOrder == order).Raw;
                return new DateOrderDecision(order, $"another date on the document ('{example}')");
            }
        }
        if (!dates.Any(d => d.IsAmbiguous))
            return new DateOrderDecision(null, "no ambiguous date");
        if (LocaleSignals.DayFirstSignal(context.FullText, currencyCode) is { } signal)
            return new DateOrderDecision(DateOrder.DayFirst, signal);
        if (LocaleSignals.MonthFirstSignal(context.FullText, currencyCode) is { } usSignal)
            return new DateOrderDecision(DateOrder.MonthFirst, usSignal);
        return new DateOrderDecision(null, "nothing on the document settles day/month order");
    }
}
