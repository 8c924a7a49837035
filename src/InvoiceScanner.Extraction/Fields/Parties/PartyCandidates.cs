using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>A text on the page that could name a party, and the line it was read from.</summary>
public sealed record PartyCandidate(LayoutLine Line, string Text)
{
    /// <summary>Letters and digits only, lower case: how two printings of one name are compared.</summary>
    public string Key { get; } = TextKey.Compact(Text);
}

/// <summary>
/// Every text a party's name could be: each line of the first page, and the lines at the foot of the other pages (a
/// seller's legal footer), as a name is printed — a label before a colon dropped ("Sprzedawca: ORLEN S.A."), a sender
/// line cut at its first separator ("Hetzner Online GmbH • Industriestr. 25 • …"), a trailing registration number
/// dropped. Lines that cannot be a name (a label, a role, a country, a number) are not candidates.
/// </summary>
public static partial class PartyCandidates
{
    /// <summary>Below this height (share of the page) on pages after the first, lines are the footer.</summary>
    private const double FooterTop = 0.75;
    private const int MaxCandidates = 200;

    // A short label ending in a colon before the name on its line ("Seller:", "Bill to:", "Name:").
    [GeneratedRegex(@"^[\p{L} ./&-]{2,30}:\s*(?=\p{L})")]
    private static partial Regex LeadingLabel();

    [GeneratedRegex(@"\s+[•·|–—]\s+|\s*[•·|]\s*|\s+-\s+")]
    private static partial Regex Separator();

    public static IReadOnlyList<PartyCandidate> Of(DocumentLayout layout)
    {
        var result = new List<PartyCandidate>();
        var firstPage = layout.Lines.Count == 0 ? 1 : layout.Lines[0].Page;
        foreach (var line in layout.Lines)
        {
            if (line.Page != firstPage && line.Box.Top < FooterTop)
                continue;
            if (NameText(line.Text) is { } text)
                result.Add(new PartyCandidate(line, text));
            if (result.Count == MaxCandidates)
                break;
        }
        return result;
    }

    /// <summary>The name a line prints, or null when the line cannot be one.</summary>
    public static string? NameText(string line)
    {
        var text = PartyText.TrimOcrMargin(line.Trim());
        if (LeadingLabel().Match(text) is { Success: true } label && !LegalNames.HasBusinessForm(label.Value))
            text = text[label.Length..];
        var parts = Separator().Split(text).Where(p => p.Trim().Length > 0).ToList();
        if (parts.Count >= 2 && parts.Skip(1).Any(PartyText.HasPostcode))
            text = parts[0];
        text = PartyText.StripRegistration(text.Trim()).Trim().TrimEnd(',', ';');
        var letters = text.Count(char.IsLetter);
        if (letters < 3 || letters < text.Count(char.IsDigit) || text.Length > 80 || text.EndsWith(':')
            || NameShape.IsNeverAName(text) || NameShape.Factor(text) < 1 || PartyText.IsRegistrationOnly(text))
            return null;
        return text;
    }

    /// <summary>
    /// Whether two printings name the same party: equal once compacted, or one inside the other and at least half its
    /// length (a page may leave out or add the legal form).
    /// </summary>
    public static bool SameName(string a, string b) => SameKey(TextKey.Compact(a), TextKey.Compact(b));

    /// <summary><see cref="SameName"/> on texts already compacted by <see cref="TextKey.Compact"/>.</summary>
    public static bool SameKey(string x, string y) =>
        x.Length > 0 && y.Length > 0 && (x == y || ((x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal))
            && Math.Min(x.Length, y.Length) * 2 >= Math.Max(x.Length, y.Length)));
}
