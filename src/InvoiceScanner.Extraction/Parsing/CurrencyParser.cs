using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Parsing;

/// <summary>A currency written on the document. <see cref="Ambiguous"/> is true for a bare "$" (USD, CAD, AUD, SGD...).</summary>
public sealed record CurrencyMention(string Code, string Raw, int Start, int Length, bool Ambiguous);

/// <summary>Maps currency symbols, ISO codes and currency words to ISO 4217 codes.</summary>
public static partial class CurrencyParser
{
    /// <summary>Code used for a bare "$" when nothing else on the document names the dollar.</summary>
    public const string DefaultDollar = "USD";

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["€"] = "EUR", ["£"] = "GBP", ["¥"] = "JPY", ["₹"] = "INR", ["₩"] = "KRW", ["₽"] = "RUB", ["₺"] = "TRY",
        ["₫"] = "VND", ["₱"] = "PHP", ["฿"] = "THB", ["₪"] = "ILS", ["zł"] = "PLN", ["Kč"] = "CZK", ["Ft"] = "HUF",
        ["RM"] = "MYR", ["Rs"] = "INR", ["Rs."] = "INR", ["INR"] = "INR", ["Rp"] = "IDR", ["R$"] = "BRL",
        ["US$"] = "USD", ["U$S"] = "USD", ["USD$"] = "USD", ["C$"] = "CAD", ["CA$"] = "CAD", ["CAD$"] = "CAD",
        ["A$"] = "AUD", ["AU$"] = "AUD", ["AUD$"] = "AUD", ["NZ$"] = "NZD", ["S$"] = "SGD", ["SG$"] = "SGD",
        ["HK$"] = "HKD", ["MX$"] = "MXN", ["Fr."] = "CHF", ["CHF"] = "CHF", ["kr"] = "SEK", ["kr."] = "DKK",
    };

    /// <summary>ISO codes we recognise as words (uppercase, whole token).</summary>
    private static readonly HashSet<string> IsoCodes = new(StringComparer.Ordinal)
    {
        "EUR", "USD", "GBP", "MYR", "SGD", "AUD", "CAD", "NZD", "CHF", "JPY", "CNY", "RMB", "INR", "PLN", "SEK",
        "NOK", "DKK", "CZK", "HUF", "HKD", "ZAR", "BRL", "MXN", "IDR", "THB", "PHP", "VND", "KRW", "TRY", "RUB",
        "AED", "SAR", "ILS", "TWD", "RON", "BGN", "UAH", "ARS", "CLP", "COP", "PEN", "NGN", "KES", "EGP", "PKR",
    };

    /// <summary>Words that name a currency in running text ("All charges are in US Dollars", "Euros").</summary>
    private static readonly (string Word, string Code)[] Words =
    [
        ("US DOLLARS", "USD"), ("US DOLLAR", "USD"), ("U.S. DOLLARS", "USD"), ("CANADIAN DOLLARS", "CAD"),
        ("AUSTRALIAN DOLLARS", "AUD"), ("SINGAPORE DOLLARS", "SGD"), ("EUROS", "EUR"), ("EURO", "EUR"),
        ("RINGGIT", "MYR"), ("POUNDS STERLING", "GBP"), ("RUPEES", "INR"), ("ZLOTY", "PLN"), ("ZŁOTY", "PLN"),
    ];

    /// <summary>Country names that settle what a bare "$" means.</summary>
    private static readonly (string Word, string Code)[] DollarCountries =
    [
        ("UNITED STATES", "USD"), ("USA", "USD"), ("U.S.A", "USD"), ("CANADA", "CAD"), ("AUSTRALIA", "AUD"),
        ("NEW ZEALAND", "NZD"), ("SINGAPORE", "SGD"), ("HONG KONG", "HKD"),
    ];

    /// <summary>Exact token → ISO code ("RM", "$", "€", "EUR", "Rs."); false for anything else.</summary>
    public static bool TryCode(string token, out string code)
    {
        code = "";
        if (string.IsNullOrEmpty(token) || token.Length > 5)
            return false;
        if (token == "$")
        {
            code = DefaultDollar;
            return true;
        }
        if (Symbols.TryGetValue(token, out var c) || (IsoCodes.Contains(token) && (c = token == "RMB" ? "CNY" : token) is not null))
        {
            code = c;
            return true;
        }
        return false;
    }

    /// <summary>True for a bare "$", whose country the document must settle.</summary>
    public static bool IsAmbiguous(string token) => token == "$";

    [GeneratedRegex(@"(?<![\p{L}\d])(?:US\$|USD\$|U\$S|CA\$|CAD\$|C\$|AU\$|AUD\$|A\$|NZ\$|SG\$|S\$|HK\$|MX\$|R\$|RM|Rs\.?|Rp|zł|Kč)(?![\p{L}])|[€£¥₹₩₽₺₫₱฿₪$]|(?<![\p{L}\d])[A-Z]{3}(?![\p{L}])")]
    private static partial Regex MentionRegex();

    // "Währung: EUR", "Currency  USD", "Devise : EUR": a code named by its label needs no number beside it.
    [GeneratedRegex(@"(?:CURRENCY|W[ÄA]HRUNG|DEVISE|MONNAIE|VALUTA|MONEDA|DIVISA|MOEDA|WALUTA)(?:\s*CODE)?\s*[:=]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CurrencyLabelBefore();

    /// <summary>Every currency symbol or code in <paramref name="text"/>.</summary>
    public static IReadOnlyList<CurrencyMention> FindAll(string text)
    {
        var result = new List<CurrencyMention>();
        foreach (Match m in MentionRegex().Matches(text))
        {
            var raw = m.Value;
            // "PHP" or "TRY" inside a sentence of capitals is too weak; require an adjacent number for 3-letter codes.
            if (raw.Length == 3 && raw.All(char.IsAsciiLetterUpper) && !NearNumber(text, m.Index, m.Length) && !CurrencyLabelBefore().IsMatch(text.AsSpan(0, m.Index)))
                continue;
            if (raw == "RM" && !NearNumber(text, m.Index, m.Length) && !text.Contains("(RM)", StringComparison.Ordinal))
                continue;
            if (TryCode(raw, out var code))
                result.Add(new CurrencyMention(code, raw, m.Index, m.Length, IsAmbiguous(raw)));
        }
        var upper = text.ToUpperInvariant();
        foreach (var (word, code) in Words)
        {
            var idx = IndexOfWord(upper, word);
            if (idx >= 0)
                result.Add(new CurrencyMention(code, text.Substring(idx, word.Length), idx, word.Length, false));
        }
        return result;
    }

    /// <summary>The dollar currency a country name on the document points to (e.g. "United States" → USD).</summary>
    public static string? DollarCountry(string text)
    {
        var upper = text.ToUpperInvariant();
        foreach (var (word, code) in DollarCountries)
            if (IndexOfWord(upper, word) >= 0)
                return code;
        return null;
    }

    private static bool NearNumber(string text, int index, int length)
    {
        static bool IsDigitAt(string t, int i) => i >= 0 && i < t.Length && char.IsAsciiDigit(t[i]);
        var after = index + length;
        while (after < text.Length && text[after] is ' ' or ')' or ':' or '(') after++;
        var before = index - 1;
        while (before >= 0 && text[before] is ' ' or '(') before--;
        return IsDigitAt(text, after) || IsDigitAt(text, before) || (after < text.Length && text[after] == '-' && IsDigitAt(text, after + 1))
            || (index > 0 && text[index - 1] == '(' && after < text.Length && text[index + length] == ')');
    }

    internal static int IndexOfWord(string upperText, string word)
    {
        var from = 0;
        while (true)
        {
            var idx = upperText.IndexOf(word, from, StringComparison.Ordinal);
            if (idx < 0)
                return -1;
            var beforeOk = idx == 0 || !char.IsLetterOrDigit(upperText[idx - 1]);
            var end = idx + word.Length;
            var afterOk = end >= upperText.Length || !char.IsLetterOrDigit(upperText[end]);
            if (beforeOk && afterOk)
                return idx;
            from = idx + 1;
        }
    }
}
