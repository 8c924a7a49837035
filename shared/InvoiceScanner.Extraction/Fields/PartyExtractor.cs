using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
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

public sealed record PartyFields(Field<string>? VendorName, Field<string>? VendorAddress, Field<string>? ReceiverName, Field<string>? ReceiverAddress);

/// <summary>
/// Vendor name and address from the header lines: a scorer gives each line a company/address probability,
/// and a decoder takes the best company line (plus neighbours that continue it) and the run of address lines.
/// The values are the lines' own text joined by a space, so they stay verbatim (what receipts' keys expect).
/// </summary>
public static partial class PartyExtractor
{
    /// <summary>How many lines from the top of the first page are considered the header.</summary>
    public const int HeaderLines = 25;

    public static PartyFields Extract(ExtractionContext context, IPartyLineScorer scorer)
    {
        var header = HeaderOf(context.Layout);
        var (vendor, address) = Decode(header, scorer.Score(header), scorer.Name);
        var (receiverName, receiverAddress) = Receiver(context);
        return new PartyFields(vendor, address, receiverName, receiverAddress);
    }

    public static IReadOnlyList<LayoutLine> HeaderOf(DocumentLayout layout)
    {
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        return layout.Lines.Where(l => l.Page == firstPage).Take(HeaderLines).ToList();
    }

    public static (Field<string>? Vendor, Field<string>? Address) Decode(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, string scorerName)
    {
        if (lines.Count == 0)
            return (null, null);

        // Vendor: the most company-like line, extended to neighbours that continue the name.
        var best = Enumerable.Range(0, lines.Count).MaxBy(i => scores[i].Company);
        Field<string>? vendor = null;
        var companyRun = new List<int>();
        if (scores[best].Company >= 0.25)
        {
            companyRun.Add(best);
            for (var i = best + 1; i < lines.Count && companyRun.Count < 3 && IsCompanyContinuation(scores[i]); i++)
                companyRun.Add(i);
            for (var i = best - 1; i >= 0 && companyRun.Count < 3 && IsCompanyContinuation(scores[i]); i--)
                companyRun.Insert(0, i);
            var raw = string.Join(" ", companyRun.Select(i => lines[i].Text.Trim()));
            var value = PartyText.StripRegistration(raw);
            var confidence = companyRun.Select(i => scores[i].Company).Average() * lines[best].Line.Confidence;
            vendor = new Field<string>(value, raw, Math.Round(confidence, 3), EvidenceOf(companyRun.Select(i => lines[i]).ToList()))
            {
                Trace = [$"{scorerName}: vendor line(s) {string.Join(",", companyRun)} (p={scores[best].Company:0.00})",
                    .. RunnersUp(lines, scores, companyRun, s => s.Company, "vendor")],
            };
        }

        // Address: the most address-like line outside the name, extended over the contiguous run around it.
        var candidates = Enumerable.Range(0, lines.Count).Where(i => !companyRun.Contains(i)).ToList();
        Field<string>? address = null;
        if (candidates.Count > 0)
        {
            var top = candidates.MaxBy(i => scores[i].Address);
            if (scores[top].Address >= 0.3)
            {
                var run = new List<int> { top };
                for (var i = top + 1; i < lines.Count && run.Count < 7 && !companyRun.Contains(i) && scores[i].Address >= 0.4; i++)
                    run.Add(i);
                for (var i = top - 1; i >= 0 && run.Count < 7 && !companyRun.Contains(i) && scores[i].Address >= 0.4; i--)
                    run.Insert(0, i);
                var raw = string.Join(" ", run.Select(i => lines[i].Text.Trim()));
                var confidence = run.Select(i => scores[i].Address).Average() * run.Select(i => lines[i].Line.Confidence).Average();
                address = new Field<string>(raw, raw, Math.Round(confidence, 3), EvidenceOf(run.Select(i => lines[i]).ToList()))
                {
                    Trace = [$"{scorerName}: address line(s) {string.Join(",", run)} (peak p={scores[top].Address:0.00})",
                        .. RunnersUp(lines, scores, run, s => s.Address, "address")],
                };
            }
        }
        return (vendor, address);
    }

    private static bool IsCompanyContinuation(PartyLineScore s) => s.Company >= 0.5 && s.Company > s.Address;

    private static IEnumerable<string> RunnersUp(IReadOnlyList<LayoutLine> lines, IReadOnlyList<PartyLineScore> scores, List<int> chosen, Func<PartyLineScore, double> p, string what) =>
        Enumerable.Range(0, lines.Count).Where(i => !chosen.Contains(i)).OrderByDescending(i => p(scores[i])).Take(2)
            .Select(i => $"rejected {what} line {i} '{lines[i].Text.Trim()}' (p={p(scores[i]):0.00})");

    private static Evidence EvidenceOf(IReadOnlyList<LayoutLine> lines) =>
        new(lines[0].Page, BoundingBox.UnionOf(lines.Select(l => l.Box)), string.Join(" ", lines.Select(l => l.Text.Trim())));

    [GeneratedRegex(@"^\s*(BILL(ED)?\s*TO|SOLD\s*TO|SHIP\s*TO|CUSTOMER|CLIENT|KLANT|KUNDE|RECHNUNGSEMPFÄNGER|FACTUREZ\s*À|NABYWCA|BUYER|ATTN|INVOICE\s*TO|DELIVER\s*TO)\b\s*:?\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReceiverLabelRegex();

    /// <summary>Receiver: the lines under (or after) a "Bill To" / "Customer" / "Nabywca" label in the same column.</summary>
    private static (Field<string>? Name, Field<string>? Address) Receiver(ExtractionContext context)
    {
        var lines = context.Layout.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var m = ReceiverLabelRegex().Match(lines[i].Text);
            if (!m.Success)
                continue;
            var block = new List<LayoutLine>();
            var rest = m.Groups["rest"].Value.Trim();
            var labelLine = lines[i];
            if (rest.Length > 0 && rest.Any(char.IsLetter))
                block.Add(labelLine with { Line = labelLine.Line with { Text = rest } });
            var lastBottom = labelLine.Box.Bottom;
            foreach (var next in lines.Skip(i + 1).Where(l => l.Page == labelLine.Page && l.Box.Top >= labelLine.Box.Top + labelLine.Box.Height * 0.5))
            {
                if (block.Count >= 5) break;
                var sameColumn = Math.Abs(next.Box.Left - labelLine.Box.Left) < 0.06;
                if (!sameColumn) continue;
                if (next.Box.Top - lastBottom > 3 * Math.Max(0.01, labelLine.Box.Height)) break;
                if (ReceiverLabelRegex().IsMatch(next.Text) || PartyText.HasStopWord(next.Text) && !PartyText.HasPostcode(next.Text)) break;
                block.Add(next);
                lastBottom = next.Box.Bottom;
            }
            if (block.Count == 0)
                continue;
            var name = new Field<string>(block[0].Text.Trim(), block[0].Text.Trim(), 0.7, EvidenceOf([block[0]]))
            { Trace = [$"first line under receiver label '{lines[i].Text.Trim()}'"] };
            Field<string>? address = null;
            if (block.Count > 1)
            {
                var addressLines = block.Skip(1).ToList();
                var text = string.Join(" ", addressLines.Select(l => l.Text.Trim()));
                address = new Field<string>(text, text, 0.6, EvidenceOf(addressLines)) { Trace = ["lines under the receiver name"] };
            }
            return (name, address);
        }
        return (null, null);
    }
}

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
