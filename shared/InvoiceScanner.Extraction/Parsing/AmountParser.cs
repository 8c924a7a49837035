using System.Globalization;

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
                    var match = Interpret(text, i, end, style);
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
                var match = Interpret(text, start, end, style);
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
        return GluedCurrencyStart(text, j, digitStart) >= 0;
    }

    /// <summary>
    /// Start of a currency glued to the number at <paramref name="end"/> within the token [<paramref name="start"/>, end):
    /// the whole token ("RM", "$") or its tail after a label's punctuation ("TOTAL:$" → "$", "AMT=RM" → "RM"),
    /// never part of a word ("XRM"). −1 when there is none.
    /// </summary>
    private static int GluedCurrencyStart(string text, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            // Split only at the token's start or right after a label separator: "TOTAL:$" yes, "US$"/"XRM" no.
            if (k > start && !IsLabelSeparator(text[k - 1]))
                continue;
            if (CurrencyParser.TryCode(text[k..end], out _))
                return k;
        }
        return -1;
    }

    private static bool IsLabelSeparator(char c) => c is ':' or '=' or ';' or ',';

    private static int SkipToken(string text, int i)
    {
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or ',' or '-' or '/' or '_'))
            i++;
        return i;
    }

    private static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

    private static bool IsSeparator(char c) => c is '.' or ',' or '\'' or '’' || IsGroupSpace(c);

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
                if (IsGroupSpace(text[i]))
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
            if (IsGroupSpace(text[i]))
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

    private static AmountMatch? Interpret(string text, int start, int end, DecimalStyle style)
    {
        var number = text[start..end];
        var value = InterpretNumber(number, style, out var decimals);
        if (value is null)
            return null;

        var tokenStart = start;
        var tokenEnd = end;
        var hasDecimals = decimals > 0;

        // "12,-" / "12.-": whole currency units.
        if (tokenEnd + 1 < text.Length && text[tokenEnd] is ',' or '.' && text[tokenEnd + 1] is '-' or '–'
            && (tokenEnd + 2 >= text.Length || !char.IsAsciiDigit(text[tokenEnd + 2])))
        {
            tokenEnd += 2;
            hasDecimals = true;
        }

        // Percentages are rates, not amounts.
        var after = tokenEnd;
        while (after < text.Length && text[after] == ' ') after++;
        if (after < text.Length && text[after] == '%')
            return null;
        // Times ("8:13") and ratios glued with ':' are not amounts.
        if (tokenEnd < text.Length && text[tokenEnd] == ':' && tokenEnd + 1 < text.Length && char.IsAsciiDigit(text[tokenEnd + 1]))
            return null;

        string? currencyRaw = null;
        string? currencyCode = null;
        var negative = false;

        // Glued prefix currency ("RM20.40", "$8.20", "€3.50") belongs to the token.
        var p = tokenStart;
        while (p > 0 && !char.IsWhiteSpace(text[p - 1]) && !char.IsAsciiDigit(text[p - 1]) && text[p - 1] is not '(' and not '-' and not '−')
            p--;
        if (p < tokenStart && GluedCurrencyStart(text, p, tokenStart) is var glued and >= 0 && CurrencyParser.TryCode(text[glued..tokenStart], out var gluedCode))
        {
            currencyRaw = text[glued..tokenStart];
            currencyCode = gluedCode;
            tokenStart = glued;
        }
        // Spaced prefix currency ("RM 12.50", "€ 399,00", "$ 42.00").
        if (currencyRaw is null)
        {
            var q = tokenStart;
            while (q > 0 && text[q - 1] == ' ') q--;
            var r = q;
            while (r > 0 && !char.IsWhiteSpace(text[r - 1]) && !char.IsAsciiDigit(text[r - 1])) r--;
            if (q < tokenStart && r < q)
            {
                var rs = r;
                while (rs < q && text[rs] is '(' or '-' or ':') rs++;
                // The currency may follow a label glued to it ("AMT=RM 12.50").
                var k = rs < q ? GluedCurrencyStart(text, rs, q) : -1;
                if (k >= 0 && CurrencyParser.TryCode(text[k..q], out var spacedCode))
                {
                    currencyRaw = text[k..q];
                    currencyCode = spacedCode;
                    // "-RM 12.50": the sign before a spaced currency belongs to the amount.
                    negative = k == rs && (text[r] is '-' or '−' || (r > 0 && text[r - 1] is '-' or '−'));
                }
            }
        }
        // Leading minus directly before the number or the glued currency ("-1.73", "-RM5.00", "€ -9,32").
        if (!negative && tokenStart > 0 && text[tokenStart - 1] is '-' or '−' or '–'
            && (tokenStart - 1 == 0 || !char.IsLetterOrDigit(text[tokenStart - 2])))
        {
            negative = true;
            tokenStart--;
        }
        // Accounting negative "(12.00)".
        if (tokenStart > 0 && text[tokenStart - 1] == '(' && tokenEnd < text.Length && text[tokenEnd] == ')')
        {
            negative = true;
            tokenStart--;
            tokenEnd++;
        }
        // Trailing minus "12.00-" (not a range "12-15", not a date "12-01").
        else if (tokenEnd < text.Length && text[tokenEnd] is '-' or '−' && (tokenEnd + 1 == text.Length || !char.IsLetterOrDigit(text[tokenEnd + 1])) && hasDecimals)
        {
            negative = true;
            tokenEnd++;
        }

        // Suffix currency ("29.99 €", "3 038,14 EUR", "316,83 PLN", "5zł").
        if (currencyRaw is null)
        {
            var s = tokenEnd;
            while (s < text.Length && text[s] == ' ') s++;
            var e = s;
            while (e < text.Length && !char.IsWhiteSpace(text[e]) && !char.IsAsciiDigit(text[e])) e++;
            if (e > s)
            {
                var candidate = text[s..e].TrimEnd('.', ',', ':', ')', ';');
                if (CurrencyParser.TryCode(candidate, out var suffixCode))
                {
                    currencyRaw = candidate;
                    currencyCode = suffixCode;
                    if (s == tokenEnd)
                        tokenEnd = s + candidate.Length;
                }
            }
        }

        var signed = negative ? -value.Value : value.Value;
        return new AmountMatch(signed, text[tokenStart..tokenEnd], tokenStart, tokenEnd - tokenStart, number)
        {
            CurrencyCode = currencyCode,
            CurrencyRaw = currencyRaw,
            HasDecimals = hasDecimals,
            DecimalDigits = decimals,
        };
    }

    /// <summary>Reads digits and separators as a number; <paramref name="decimals"/> is the count of fraction digits.</summary>
    internal static decimal? InterpretNumber(string number, DecimalStyle style, out int decimals)
    {
        decimals = 0;
        var seps = new List<(int Index, char Char)>();
        for (var i = 0; i < number.Length; i++)
            if (!char.IsAsciiDigit(number[i]))
                seps.Add((i, number[i]));
        if (seps.Count == 0)
            return ParseDigits(number, null, out decimals);

        if (seps.Count == 1 && seps[0].Index == 0 && number.Length > 1)
            return ParseDigits("0" + number, 1, out decimals);
        var last = seps[^1];
        var digitsAfterLast = number.Length - last.Index - 1;
        var kinds = seps.Select(s => NormalizeSep(s.Char)).Distinct().ToList();
        int? decimalIndex = null;

        if (last.Char is '.' or ',')
        {
            var lastKind = NormalizeSep(last.Char);
            var othersSame = seps.Take(seps.Count - 1).Any(s => NormalizeSep(s.Char) == lastKind);
            if (kinds.Count > 1 && !othersSame)
                decimalIndex = last.Index; // "1,234.56", "1.234,56", "3 038,14", "1'234.50"
            else if (seps.Count == 1 && digitsAfterLast == 3)
                decimalIndex = ThreeDigitIsDecimal(last.Char, style) ? last.Index : null; // "9.000" vs "1,234"
            else if (seps.Count == 1)
                decimalIndex = last.Index; // "12.5", "3,14", "12.3456"
            else if (digitsAfterLast != 3)
                decimalIndex = last.Index; // OCR noise such as "1.234.56": read the last as decimal
        }

        // Group structure check: groups before the decimal part must be 3 digits (the first 1-3).
        var intPartEnd = decimalIndex ?? number.Length;
        var groupSeps = seps.Where(s => s.Index < intPartEnd).ToList();
        if (groupSeps.Count > 0)
        {
            var firstLen = groupSeps[0].Index;
            if (firstLen is < 1 or > 3 && decimalIndex is null)
                return null;
            for (var g = 0; g < groupSeps.Count; g++)
            {
                var next = g + 1 < groupSeps.Count ? groupSeps[g + 1].Index : intPartEnd;
                if (next - groupSeps[g].Index - 1 != 3)
                    return decimalIndex is null ? null : ParseDigits(number, decimalIndex, out decimals);
            }
        }
        if (decimalIndex is { } d && number.Length - d - 1 > 4)
            return null;
        return ParseDigits(number, decimalIndex, out decimals);
    }

    private static char NormalizeSep(char c) => IsGroupSpace(c) ? ' ' : c == '’' ? '\'' : c;

    private static bool ThreeDigitIsDecimal(char sep, DecimalStyle style) => style switch
    {
        DecimalStyle.Point => sep == '.',
        DecimalStyle.Comma => sep == ',',
        // Without a document style, "1,234" is a thousand (English) and "9.000" a price with 3 decimals.
        _ => sep == '.',
    };

    private static decimal? ParseDigits(string number, int? decimalIndex, out int decimals)
    {
        var intDigits = new System.Text.StringBuilder();
        var fracDigits = new System.Text.StringBuilder();
        for (var i = 0; i < number.Length; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
                continue;
            if (decimalIndex is { } d && i > d)
                fracDigits.Append(number[i]);
            else
                intDigits.Append(number[i]);
        }
        decimals = fracDigits.Length;
        if (intDigits.Length > 15)
            return null;
        var s = fracDigits.Length > 0 ? intDigits + "." + fracDigits : intDigits.ToString();
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
