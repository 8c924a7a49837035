namespace InvoiceScanner.Extraction.Parsing;

/// <summary>Which character a document uses as decimal separator; settles "1.234" / "54,910".</summary>
public enum DecimalStyle { Unknown, Point, Comma }

/// <summary>
/// One monetary number found in a text. <see cref="Raw"/> is the contiguous token it was read from (the number
/// plus any sign or currency glued to it, e.g. "RM20.40", "(12.00)"); <see cref="NumberRaw"/> is the number only.
/// </summary>
public sealed record AmountMatch(decimal Value, string Raw, int Start, int Length, string NumberRaw)
{
    /// <summary>ISO code of a currency written next to the number ("RM 12.50", "3 038,14 EUR"), if any.</summary>
    public string? CurrencyCode { get; init; }
    /// <summary>The currency text as written ("$", "RM", "EUR").</summary>
    public string? CurrencyRaw { get; init; }
    /// <summary>True when the number has a decimal part (or the ",-" notation), i.e. it reads as money.</summary>
    public bool HasDecimals { get; init; }
    /// <summary>Digits after the decimal separator (0 when none).</summary>
    public int DecimalDigits { get; init; }
    public int End => Start + Length;
}

/// <summary>
/// Finds and parses amounts in any common locale: "1,234.56", "1.234,56", "3 038,14 EUR", "RM 12.50", "$8.20",
/// "12,-", "(12.00)", "1'234.50", "12.00-". A hand-written scanner rather than one regex, because the decision
/// "is this separator a decimal point or a thousands separator" needs the whole token and the document's style.
/// </summary>
public static class AmountParser
{
    /// <summary>Parses a text that is a single amount (surrounding whitespace allowed); null otherwise.</summary>
    public static AmountMatch? Parse(string text, DecimalStyle style = DecimalStyle.Unknown)
    {
        var trimmed = text.Trim();
        var all = FindAll(trimmed, style);
        if (all.Count != 1)
            return null;
        var m = all[0];
        // Everything outside the match must be currency or whitespace.
        var rest = (trimmed[..m.Start] + trimmed[m.End..]).Trim().Trim('-', '−', '(', ')').Trim();
        if (rest.Length == 0 || CurrencyParser.TryCode(rest, out _))
            return m.CurrencyCode is null && rest.Length > 0 && CurrencyParser.TryCode(rest, out var code)
                ? m with { CurrencyCode = code, CurrencyRaw = rest }
                : m;
        return null;
    }

    /// <summary>Every amount in <paramref name="text"/>, left to right. Percentages are skipped.</summary>
    public static IReadOnlyList<AmountMatch> FindAll(string text, DecimalStyle style = DecimalStyle.Unknown)
    {
        var results = new List<AmountMatch>();
        var i = 0;
        while (i < text.Length)
        {
            // ".90" (receipts drop the leading zero): a point after a space or currency, then 1-2 digits.
            if (text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])
                && (i == 0 || text[i - 1] is ' ' or '$' or '(' or '-' || EndsWithCurrencyPrefix(text, i)))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                if (end - i - 1 is 1 or 2 && (end == text.Length || !char.IsLetterOrDigit(text[end]) && text[end] is not '.' and not ','))
                {
                    var match = AmountToken.Interpret(text, i, end, style);
                    if (match is not null)
                        results.Add(match);
                    i = end;
                    continue;
                }
            }
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            // A number glued to letters (e.g. "SH01", "X51005") is a code, not an amount, unless the letters are a currency.
            // "SKU-99", "WNY-037": a dash between a letter and digits joins a code.
            var dashCode = i > 1 && text[i - 1] == '-' && char.IsLetter(text[i - 2]);
            if (i > 0 && (IsGlueChar(text[i - 1]) || dashCode) && !EndsWithCurrencyPrefix(text, i))
            {
                i = SkipToken(text, i);
                continue;
            }
            var spanEnd = ScanNumericSpan(text, i);
            foreach (var (start, end) in SplitSpan(text, i, spanEnd, style))
            {
                var match = AmountToken.Interpret(text, start, end, style);
                if (match is not null)
                    results.Add(match);
            }
            i = Math.Max(spanEnd, i + 1);
        }
        return results;
    }

    private static bool IsGlueChar(char c) => char.IsLetter(c) || c == '_' || c == '/' || c == ':' || c == '#' || c == '@';

    private static bool EndsWithCurrencyPrefix(string text, int digitStart)
    {
        var j = digitStart;
        while (j > 0 && !char.IsWhiteSpace(text[j - 1]) && !char.IsAsciiDigit(text[j - 1]) && text[j - 1] != '(' && text[j - 1] != '-')
            j--;
        return AmountToken.GluedCurrencyStart(text, j, digitStart) >= 0;
    }

    private static int SkipToken(string text, int i)
    {
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or ',' or '-' or '/' or '_'))
            i++;
        return i;
    }

    private static bool IsSeparator(char c) => c is '.' or ',' or '\'' or '’' || AmountNumber.IsGroupSpace(c);

    /// <summary>Digits joined by separators, each separator followed by a digit (spaces only before exactly 3 digits).</summary>
    private static int ScanNumericSpan(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            if (IsSeparator(text[i]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                if (AmountNumber.IsGroupSpace(text[i]))
                {
                    // A space joins only a following group of exactly three digits ("3 038,14").
                    var k = i + 1;
                    while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
                    if (k - (i + 1) != 3 || (k < text.Length && char.IsLetter(text[k])))
                        break;
                }
                i++;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>
    /// Space-grouped numbers are only accepted when the number uses a decimal comma or a currency follows
    /// ("3 038,14", "3 038 EUR"); otherwise "2 100.00" is a quantity and an amount, and is split.
    /// </summary>
    private static IEnumerable<(int Start, int End)> SplitSpan(string text, int start, int end, DecimalStyle style)
    {
        var span = text.AsSpan(start, end - start);
        if (span.IndexOfAny(' ', '\u00A0') < 0 && span.IndexOfAny('\u202F', '\u2009') < 0)
        {
            yield return (start, end);
            yield break;
        }
        var plainSpace = span.IndexOf(' ') >= 0;
        var lastSep = LastSeparatorIndex(span);
        var decimalComma = lastSep >= 0 && span[lastSep] == ',' && span.Length - lastSep - 1 is 1 or 2;
        var noDecimals = span.IndexOfAny('.', ',') < 0;
        var currencyFollows = noDecimals && FollowedByCurrency(text, end);
        var narrowOnly = !plainSpace;
        if (narrowOnly || decimalComma || currencyFollows || (style == DecimalStyle.Comma && noDecimals && currencyFollows))
        {
            yield return (start, end);
            yield break;
        }
        var pieceStart = start;
        for (var i = start; i < end; i++)
        {
            if (AmountNumber.IsGroupSpace(text[i]))
            {
                yield return (pieceStart, i);
                pieceStart = i + 1;
            }
        }
        yield return (pieceStart, end);
    }

    private static bool FollowedByCurrency(string text, int end)
    {
        var j = end;
        while (j < text.Length && text[j] == ' ') j++;
        var k = j;
        while (k < text.Length && !char.IsWhiteSpace(text[k]) && !char.IsAsciiDigit(text[k])) k++;
        return k > j && CurrencyParser.TryCode(text[j..k].TrimEnd('.', ',', ':', ')'), out _);
    }

    private static int LastSeparatorIndex(ReadOnlySpan<char> span)
    {
        for (var i = span.Length - 1; i >= 0; i--)
            if (!char.IsAsciiDigit(span[i]))
                return i;
        return -1;
    }
}
