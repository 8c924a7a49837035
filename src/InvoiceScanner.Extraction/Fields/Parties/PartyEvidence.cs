using InvoiceScanner.Core.Documents;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Where a party field was read: the lines it came from.</summary>
internal static class PartyEvidence
{
    internal static Evidence Of(IReadOnlyList<LayoutLine> lines) =>
        new(lines[0].Page, BoundingBox.UnionOf(lines.Select(l => l.Box)), string.Join(" ", lines.Select(l => l.Text.Trim())));
}
