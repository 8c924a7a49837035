using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// The seller as a business invoice names it outside any label: the sender line above the address window ("Hetzner Online
/// GmbH • Industriestr. 25 • 91710 Gunzenhausen"), or a company name beside the details only the seller prints — its
/// bank account, VAT and register numbers, managing directors (the footer, or the block under the letterhead) — or the
/// name its own web or mail domain spells (<see cref="SenderDomain"/>), or, failing those, a company heading the first
/// page with its legal form.
/// </summary>
internal static partial class SellerDetails
{
    // What only the seller prints about itself.
    [GeneratedRegex(@"\bIBAN\b|\bBIC\b|\bSWIFT\b|BANKVERBINDUNG|\bBANK\b|U\.?\s?ST\.?[\s.-]*ID|USTID|STEUERNUMMER|\bVAT\s*(REG|NO|NUMBER|ID)|\bTVA\b|\bBTW\b|\bHRB\b|\bHRA\b|AMTSGERICHT|REGISTERGERICHT|HANDELSREGISTER|GESCHÄFTSFÜHR|GESCHAEFTSFUEHR|MANAGING\s+DIRECTOR|\bCEO\b|SIRET|SIREN|\bRCS\b|\bKVK\b|COMPANY\s*(NO|NUMBER|REG)|REGISTERED\s+(IN|OFFICE|NUMBER)|SITZ\s+DER", RegexOptions.IgnoreCase)]
    private static partial Regex SellerDetail();

    // A postcode before a place ("91710 Gunzenhausen", "75002 Paris", "1012 AB Amsterdam") or a US state and ZIP.
    [GeneratedRegex(@"\b\d{4,5}(\s?[A-Z]{2})?\s+\p{L}{2,}|\b[A-Z]{2}\s+\d{5}(-\d{4})?\b")]
    private static partial Regex PlaceWithPostcode();

    [GeneratedRegex(@"\s+[•·|–—-]\s+|\s*[•·|]\s*")]
    private static partial Regex SenderSeparator();

    // Names inferred without a label stay below the review threshold: prefilled for the reviewer, not accepted unseen.
    private const double SenderLineConfidence = 0.75;
    private const double DetailsConfidence = 0.65;

    /// <summary>Whether the text holds a detail only a seller prints about itself (bank, VAT and register numbers, directors).</summary>
    internal static bool IsSellerDetail(string text) => SellerDetail().IsMatch(text);

    /// <param name="buyerLabelled">Whether the document labels a buyer: only then is a letterhead block read (see <see cref="SellerBlock"/>).</param>
    public static Field<string>? Find(ExtractionContext context, string? receiverName, bool buyerLabelled)
    {
        var lines = context.Layout.Lines;
        return SenderLine(lines, receiverName) ?? (buyerLabelled ? SellerBlock.Find(context, receiverName) : null)
            ?? BesideDetails(context.Layout, receiverName) ?? SenderDomain.Find(context.Layout, receiverName) ?? Letterhead(lines, receiverName);
    }

    /// <summary>How far down the first page a letterhead's name may start: DIN 5008's letterhead zone, 45 mm of 297.</summary>
    private const double LetterheadBottom = 0.15;

    /// <summary>
    /// A company heading the first page with its legal form ("MVM Musterhafter" over "Versicherungsverein Musterstadt
    /// a.G."): the first line, or the first two without digits when the second ends the name with its legal form.
    /// </summary>
    private static Field<string>? Letterhead(IReadOnlyList<LayoutLine> lines, string? receiverName)
    {
        if (lines.Count == 0 || lines[0].Box.Top > LetterheadBottom)
            return null;
        var name = PartySectionExtractor.WithLegalFormBelow(lines, lines[0]);
        var text = LegalNames.HasBusinessForm(name.Text) ? name.Text.Trim() : null;
        return text is not null && !text.Any(char.IsDigit) && IsName(text, receiverName)
            ? Make(text, name, "the letterhead, with its legal form", DetailsConfidence) : null;
    }

    /// <summary>The first part of a one-line sender address: a name, then street and place, split by bullets or bars.</summary>
    private static Field<string>? SenderLine(IReadOnlyList<LayoutLine> lines, string? receiverName)
    {
        foreach (var line in lines.Take(40))
        {
            var parts = SenderSeparator().Split(line.Text.Trim()).Where(p => p.Length > 0).ToList();
            if (parts.Count < 3 || !parts.Skip(1).Any(p => PlaceWithPostcode().IsMatch(p)))
                continue;
            var name = parts[0].Trim();
            if (IsName(name, receiverName))
                return Make(name, line, "the sender line above the address", SenderLineConfidence);
        }
        return null;
    }

    /// <summary>A company name (by its legal form) on a line of the seller's details, or just above or below one.</summary>
    private static Field<string>? BesideDetails(DocumentLayout layout, string? receiverName)
    {
        var lines = layout.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (LegalNames.BusinessForm(lines[i].Text) is not { Success: true } form)
                continue;
            var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 4) - Math.Max(0, i - 2))
                .Where(k => lines[k].Page == lines[i].Page);
            if (!near.Any(k => SellerDetail().IsMatch(lines[k].Text)))
                continue;
            // The name is the part of the line that ends with the legal form ("Muster GmbH, Sitz Berlin" → "Muster GmbH").
            var start = SenderSeparator().Matches(lines[i].Text[..form.Index]).LastOrDefault() is { } sep ? sep.Index + sep.Length : 0;
            var name = lines[i].Text[start..(form.Index + form.Length)].Trim();
            // "Inhaber: Muster GmbH", "Bank: …": a label before the name is not part of it.
            name = name[(name.LastIndexOf(':') + 1)..].Trim();
            if (IsName(name, receiverName) && name.Length > form.Length + 1)
                return Make(name, lines[i], "a company name beside the seller's bank, tax or register details", DetailsConfidence);
        }
        return null;
    }

    private static bool IsName(string text, string? receiverName) =>
        text.Count(char.IsLetter) >= 3 && NameShape.Factor(text) >= 1 && !text.TrimEnd().EndsWith(':')
        && !(receiverName is not null && string.Equals(text.Trim(), receiverName.Trim(), StringComparison.OrdinalIgnoreCase))
        && !SellerDetail().IsMatch(text);

    private static Field<string> Make(string name, LayoutLine line, string how, double confidence) =>
        new(name, name, confidence, PartyEvidence.Of([line])) { Trace = [$"named in {how}: '{line.Text.Trim()}'"] };
}
