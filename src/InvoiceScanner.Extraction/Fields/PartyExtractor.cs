using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Extraction.Fields;

/// <param name="BuyerLabelled">The first page labels a buyer ("Bill to", "Rechnung an", "Advertiser", a buyer section).</param>
public sealed record PartyFields(Field<string>? VendorName, Field<string>? VendorAddress, Field<string>? ReceiverName, Field<string>? ReceiverAddress, bool BuyerLabelled = false);

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

    /// <summary>From this confidence the rules' seller stands whatever the seller ranker says (it then sets only the confidence).</summary>
    public const double SellerKeptFrom = UnsureVendor;

    public static PartyFields Extract(ExtractionContext context, IPartyLineScorer scorer, PartyRankers rankers)
    {
        var rules = ByRules(context, scorer);
        if (rankers.Seller is null && rankers.Buyer is null)
            return rules;
        var candidates = PartyCandidates.Of(context.Layout);
        var features = PartyCandidateFeatures.Extract(context, candidates, new PartyRuleChoices(rules.VendorName, rules.ReceiverName));
        var buyer = rankers.Buyer is { } b ? PartyRanking.Choose("buyer", b, candidates, features, rules.ReceiverName) : rules.ReceiverName;
        // The seller ranker learnt from few business layouts: it may replace only a name the rules are unsure of, and
        // never by the buyer's.
        var seller = rankers.Seller is { } s ? PartyRanking.Choose("seller", s, candidates, features, rules.VendorName, keepRuleFrom: SellerKeptFrom) : rules.VendorName;
        if (seller is not null && !ReferenceEquals(seller.Evidence, rules.VendorName?.Evidence) && buyer is not null && PartyCandidates.SameName(seller.Value, buyer.Value))
            seller = rules.VendorName;
        return rules with { VendorName = seller, ReceiverName = buyer };
    }

    /// <summary>The parties as the hand-written rules read them.</summary>
    private static PartyFields ByRules(ExtractionContext context, IPartyLineScorer scorer)
    {
        var header = HeaderOf(context.Layout);
        var (vendor, address) = VendorDecoder.Decode(header, scorer.Score(header), scorer.Name, ReceiverExtractor.ReceiverBlockLines(header));
        var (receiverName, receiverAddress) = ReceiverExtractor.Extract(context);
        // A section the document itself labels as a party's says more than any line's look.
        receiverName = PartySectionExtractor.Buyer(context) ?? receiverName ?? AddressWindow.Buyer(context.Layout);
        // Without such a section, where the line scorer is unsure the seller's own details name it (sender line, the
        // company beside its bank and register numbers); a receipt's confident header name stands.
        var buyerLabelled = BuyerLabelled(context.Layout);
        var seller = PartySectionExtractor.Seller(context)
            ?? (vendor is { Confidence: < UnsureVendor } or null ? SellerDetails.Find(context, receiverName?.Value, buyerLabelled) : null)
            ?? VendorCorroboration.Corroborate(vendor, context.Layout);
        return new PartyFields(seller, address, receiverName, receiverAddress, buyerLabelled);
    }

    /// <summary>Whether the first page labels a buyer: a receiver's or advertiser's label, or a buyer's section.</summary>
    private static bool BuyerLabelled(DocumentLayout layout)
    {
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        return layout.Lines.TakeWhile(l => l.Page == firstPage)
            .Any(l => ReceiverExtractor.IsReceiverLabel(l.Text) || PartySectionExtractor.IsBuyerLabel(l.Text));
    }

    public static IReadOnlyList<LayoutLine> HeaderOf(DocumentLayout layout)
    {
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        return layout.Lines.Where(l => l.Page == firstPage).Take(HeaderLines).ToList();
    }
}
