using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// The buyer named by a letter's address window without a label: a salutation alone on its line ("Herrn", "Frau",
/// "Madame", "Mr"), the person's or company's name under it, then their street and place ("Musterstr. 11" over "12346 Bad
/// Musterhausen"), in the top half of the first page. Inferred without a label, the name is prefilled for review.
/// </summary>
internal static class AddressWindow
{
    private const double Confidence = 0.7;

    /// <summary>How far down the first page the address window may sit (as a share of the page's height).</summary>
    private const double WindowBottom = 0.5;

    public static Field<string>? Buyer(DocumentLayout layout)
    {
        var lines = layout.Lines;
        if (lines.Count == 0)
            return null;
        var firstPage = lines[0].Page;
        var page = lines.TakeWhile(l => l.Page == firstPage && l.Box.Top < WindowBottom).ToList();
        for (var i = 0; i + 2 < page.Count; i++)
        {
            if (!PartySectionExtractor.IsSalutation(page[i].Text))
                continue;
            // The block under the salutation, in its column and without gaps: the name, then the address with a postcode.
            var block = DocumentLayout.StackUnder(page, i, 0.02, 1.5 * Math.Max(0.005, page[i].Box.Height)).ToList();
            if (block.Count < 2 || block[0].Text.Count(char.IsLetter) < 3 || NameShape.IsNeverAName(block[0].Text)
                || !block.Skip(1).Take(3).Any(l => PartyText.HasPostcode(l.Text)))
                continue;
            var name = block[0].Text.Trim();
            return new Field<string>(name, name, Confidence, PartyEvidence.Of([block[0]]))
            { Trace = [$"the address window under the salutation '{page[i].Text.Trim()}'"] };
        }
        return null;
    }
}
