using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// The seller's address block in the letterhead: a column of lines in the top half of the first page that ends in the
/// seller's own identifiers (VAT, SIREN/SIRET, tax or register number). Its name is the line right above the first line
/// of the address (the street or the postcode), as an address is written: a logo's caption or a trade name may stand above
/// it ("LOGO LE FOURNISSEUR", "SELLER TRADE NAME" over "LE FOURNISSEUR" over "35 rue d'ici"), the legal footer may name
/// the company in another form. A block under a receiver's label or holding the receiver's name is the buyer's. Read only
/// on a document that labels a buyer: a letterhead addresses someone, while a till receipt's header is one block of name,
/// address and tax number throughout.
/// </summary>
internal static partial class SellerBlock
{
    // The seller's identifiers that close its block (the VAT id, French company numbers, the German tax number).
    [GeneratedRegex(Labels.TaxIdLabel, RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierLabel();

    // The first line of an address: a house number and a street, or a postcode and a place.
    [GeneratedRegex(@"^\s*\d{1,5}\s*[A-Za-z]?\b[\s,]+\p{L}{2,}|\p{L}{3,}\.?\s+\d{1,5}\s*[A-Za-z]?\b|\b\d{4,5}\s+\p{L}{2,}")]
    private static partial Regex AddressStart();

    private const double Confidence = 0.7;

    public static Field<string>? Find(ExtractionContext context, string? receiverName)
    {
        var lines = context.Layout.Lines;
        if (lines.Count == 0)
            return null;
        var firstPage = lines[0].Page;
        var top = lines.Where(l => l.Page == firstPage && l.Box.Top < 0.5).ToList();
        foreach (var idLine in top.Where(l => IdentifierLabel().IsMatch(l.Text)))
        {
            var block = BlockAbove(top, idLine);
            if (block.Any(l => ReceiverExtractor.IsReceiverLabel(l.Text) || PartySectionExtractor.IsBuyerLabel(l.Text)
                    || receiverName is not null && PartyCandidates.SameName(l.Text, receiverName)))
                continue;
            var address = block.FindIndex(l => AddressStart().IsMatch(l.Text));
            if (address < 1)
                continue;
            var name = block[address - 1];
            var text = name.Text.Trim();
            if (text.Any(char.IsDigit) || text.Count(char.IsLetter) < 3 || NameShape.IsNeverAName(text) || NameShape.Factor(text) < 1
                || text.EndsWith(':') || SellerDetails.IsSellerDetail(text))
                continue;
            return new Field<string>(text, text, Confidence, PartyEvidence.Of([name]))
            { Trace = [$"over the address in the block ending with the seller's identifiers '{idLine.Text.Trim()}'"] };
        }
        return null;
    }

    /// <summary>
    /// The lines above <paramref name="end"/> in its column, top first, while each follows the next closely (a line of the
    /// neighbouring column's block may stand between two of them).
    /// </summary>
    private static List<LayoutLine> BlockAbove(IReadOnlyList<LayoutLine> lines, LayoutLine end)
    {
        var block = new List<LayoutLine> { end };
        var current = end;
        while (lines.Where(l => l.Box.Bottom <= current.Box.Top + 0.2 * current.Box.Height && Math.Abs(l.Box.Left - end.Box.Left) < 0.02)
                   .OrderByDescending(l => l.Box.Bottom).FirstOrDefault() is { } above
               && current.Box.Top - above.Box.Bottom < 2.5 * Math.Max(current.Box.Height, 0.008) && block.Count < 12)
        {
            block.Insert(0, above);
            current = above;
        }
        return block;
    }
}
