using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields;

public sealed record PartyFields(Field<string>? VendorName, Field<string>? VendorAddress, Field<string>? ReceiverName, Field<string>? ReceiverAddress);

/// <summary>
/// Vendor name and address from the header lines: a scorer gives each line a company/address probability,
/// and a decoder takes the best company line (plus neighbours that continue it) and the run of address lines.
/// The values are the lines' own text joined by a space, so they stay verbatim (what receipts' keys expect).
/// </summary>
public static class PartyExtractor
{
    /// <summary>How many lines from the top of the first page are considered the header.</summary>
    public const int HeaderLines = 25;

    /// <summary>Below this line-scorer confidence the seller's own details may name the seller instead.</summary>
    private const double UnsureVendor = 0.5;

    public static PartyFields Extract(ExtractionContext context, IPartyLineScorer scorer)
    {
        var header = HeaderOf(context.Layout);
        var (vendor, address) = VendorDecoder.Decode(header, scorer.Score(header), scorer.Name);
        var (receiverName, receiverAddress) = ReceiverExtractor.Extract(context);
        // A section the document itself labels as a party's says more than any line's look.
        receiverName = PartySectionExtractor.Buyer(context) ?? receiverName;
        // Without such a section, where the line scorer is unsure the seller's own details name it (sender line, the
        // company beside its bank and register numbers); a receipt's confident header name stands.
        var seller = PartySectionExtractor.Seller(context)
            ?? (vendor is { Confidence: < UnsureVendor } or null ? SellerDetails.Find(context, receiverName?.Value) : null)
            ?? VendorCorroboration.Corroborate(vendor, context.Layout);
        return new PartyFields(seller, address, receiverName, receiverAddress);
    }

    public static IReadOnlyList<LayoutLine> HeaderOf(DocumentLayout layout)
    {
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        return layout.Lines.Where(l => l.Page == firstPage).Take(HeaderLines).ToList();
    }
}
