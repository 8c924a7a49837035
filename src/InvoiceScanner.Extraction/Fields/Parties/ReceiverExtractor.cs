using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Receiver name and address, from the block under a receiver label.</summary>
internal static partial class ReceiverExtractor
{
    [GeneratedRegex(@"^\s*(BILL(ED)?\s*TO|SOLD\s*TO|SHIP\s*TO|CUSTOMER|CLIENT|KLANT|KUNDE|RECHNUNGSEMPFÄNGER|FACTUREZ\s*À|NABYWCA|BUYER|ATTN|INVOICE\s*TO|DELIVER\s*TO)\b\s*:?\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReceiverLabelRegex();

    /// <summary>Receiver: the lines under (or after) a "Bill To" / "Customer" / "Nabywca" label in the same column.</summary>
    internal static (Field<string>? Name, Field<string>? Address) Extract(ExtractionContext context)
    {
        var lines = context.Layout.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var m = ReceiverLabelRegex().Match(lines[i].Text);
            if (!m.Success)
                continue;
            var block = BlockUnderLabel(lines, i, m.Groups["rest"].Value.Trim());
            if (block.Count == 0)
                continue;
            var name = new Field<string>(block[0].Text.Trim(), block[0].Text.Trim(), 0.7, PartyEvidence.Of([block[0]]))
            { Trace = [$"first line under receiver label '{lines[i].Text.Trim()}'"] };
            Field<string>? address = null;
            if (block.Count > 1)
            {
                var addressLines = block.Skip(1).ToList();
                var text = string.Join(" ", addressLines.Select(l => l.Text.Trim()));
                address = new Field<string>(text, text, 0.6, PartyEvidence.Of(addressLines)) { Trace = ["lines under the receiver name"] };
            }
            return (name, address);
        }
        return (null, null);
    }

    /// <summary>
    /// The text after the label on its own line, then up to five lines below it in the label's column, until a gap,
    /// another receiver label or a stop line.
    /// </summary>
    private static List<LayoutLine> BlockUnderLabel(IReadOnlyList<LayoutLine> lines, int i, string rest)
    {
        var block = new List<LayoutLine>();
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
        return block;
    }
}
