using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// The seller named by its own web address: a company's site or mail domain printed outside the customer's block
/// ("www.azure-interior.com" in the footer) spells the name of one line at the head of the first page ("Azure Interior"),
/// the seller's, where the customer's address block stands beside it and nothing else tells the two apart. A mail
/// provider's domain (gmail.com, example.com) names nobody.
/// </summary>
internal static partial class SenderDomain
{
    // A site ("www.name.tld", "https://name.tld") or a mail address's domain ("@name.tld"): the name before the top level.
    [GeneratedRegex(@"(?:@|\bwww\.|https?://(?:www\.)?)(?<name>[\p{L}0-9-]{3,63})\.(?:[a-z]{2,3}\.)?[a-z]{2,12}\b", RegexOptions.IgnoreCase)]
    private static partial Regex DomainRegex();

    // Domains that name a mail provider or an example, not the business writing from them.
    [GeneratedRegex(@"^(gmail|googlemail|yahoo|ymail|outlook|hotmail|live|msn|icloud|me|aol|gmx|web|t-online|freenet|protonmail|proton|mail|email|orange|wanadoo|free|laposte|sfr|libero|virgilio|ziggo|kpnmail|example|test|invoice|paypal)$", RegexOptions.IgnoreCase)]
    private static partial Regex ProviderRegex();

    private const double Confidence = 0.65;
    private const int MinimumKey = 5;
    private const int HeadLines = 12;

    public static Field<string>? Find(DocumentLayout layout, string? receiverName)
    {
        var customerSide = ReceiverExtractor.ReceiverBlockLines(layout.Lines);
        var domains = layout.Lines.Where(l => !customerSide.Contains(l))
            .SelectMany(l => DomainRegex().Matches(l.Text))
            .Select(m => m.Groups["name"].Value).Where(n => !ProviderRegex().IsMatch(n))
            .Select(TextKey.Compact).Where(k => k.Length >= MinimumKey).Distinct().ToList();
        if (domains.Count == 0 || layout.Lines.Count == 0)
            return null;
        var firstPage = layout.Lines[0].Page;
        foreach (var line in layout.Lines.Where(l => l.Page == firstPage).Take(HeadLines))
        {
            if (customerSide.Contains(line) || PartyCandidates.NameText(line.Text) is not { } name || DomainRegex().IsMatch(line.Text)
                || name.Any(char.IsDigit) || name.Contains(':', StringComparison.Ordinal)
                || receiverName is not null && PartyCandidates.SameName(name, receiverName))
                continue;
            var prefixes = WordPrefixes(name).ToHashSet();
            if (domains.FirstOrDefault(prefixes.Contains) is { } domain)
                return new Field<string>(name, name, Confidence, PartyEvidence.Of([line]))
                { Trace = [$"the name its web or mail domain '{domain}' spells: '{line.Text.Trim()}'"] };
        }
        return null;
    }

    /// <summary>The name's first word, first two words, … compacted ("Hetzner Online GmbH": hetzner, hetzneronline, …).</summary>
    private static IEnumerable<string> WordPrefixes(string name)
    {
        var prefix = "";
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += TextKey.Compact(word);
            if (prefix.Length >= MinimumKey)
                yield return prefix;
        }
    }
}
