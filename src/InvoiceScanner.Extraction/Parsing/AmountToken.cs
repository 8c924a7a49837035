namespace InvoiceScanner.Extraction.Parsing;

/// <summary>
/// Reads what surrounds a number in the text and belongs to the amount: a whole-units dash ("12,-"), a currency
/// before or after it, glued or spaced ("RM20.40", "RM 12.50", "29.99 €"), and its sign ("-1.73", "(12.00)", "12.00-").
/// </summary>
internal static class AmountToken
{
    /// <summary>The token being read: its extent in the text and what was found around the number so far.</summary>
    private struct Token
    {
        public int Start;
        public int End;
        public bool HasDecimals;
        public bool Negative;
        public string? CurrencyRaw;
        public string? CurrencyCode;
    }

    /// <summary>The amount of the number at [<paramref name="start"/>, <paramref name="end"/>); null when it is not one.</summary>
    internal static AmountMatch? Interpret(string text, int start, int end, DecimalStyle style)
    {
        var number = text[start..end];
        var value = AmountNumber.Interpret(number, style, out var decimals);
        if (value is null)
            return null;

        var token = new Token { Start = start, End = end, HasDecimals = decimals > 0 };
        ReadWholeUnitsDash(text, ref token);
        if (IsRateOrTime(text, token.End))
            return null;
        ReadGluedPrefixCurrency(text, ref token);
        if (token.CurrencyRaw is null)
            ReadSpacedPrefixCurrency(text, ref token);
        ReadLeadingMinus(text, ref token);
        ReadEnclosingOrTrailingSign(text, ref token);
        if (token.CurrencyRaw is null)
            ReadSuffixCurrency(text, ref token);

        var signed = token.Negative ? -value.Value : value.Value;
        return new AmountMatch(signed, text[token.Start..token.End], token.Start, token.End - token.Start, number)
        {
            CurrencyCode = token.CurrencyCode,
            CurrencyRaw = token.CurrencyRaw,
            HasDecimals = token.HasDecimals,
            DecimalDigits = decimals,
        };
    }

    /// <summary>"12,-" / "12.-": whole currency units.</summary>
    private static void ReadWholeUnitsDash(string text, ref Token token)
    {
        if (token.End + 1 < text.Length && text[token.End] is ',' or '.' && text[token.End + 1] is '-' or '–'
            && (token.End + 2 >= text.Length || !char.IsAsciiDigit(text[token.End + 2])))
        {
            token.End += 2;
            token.HasDecimals = true;
        }
    }

    private static bool IsRateOrTime(string text, int tokenEnd)
    {
        // Percentages are rates, not amounts.
        var after = tokenEnd;
        while (after < text.Length && text[after] == ' ') after++;
        if (after < text.Length && text[after] == '%')
            return true;
        // Times ("8:13") and ratios glued with ':' are not amounts.
        return tokenEnd < text.Length && text[tokenEnd] == ':' && tokenEnd + 1 < text.Length && char.IsAsciiDigit(text[tokenEnd + 1]);
    }

    /// <summary>Glued prefix currency ("RM20.40", "$8.20", "€3.50") belongs to the token.</summary>
    private static void ReadGluedPrefixCurrency(string text, ref Token token)
    {
        var p = token.Start;
        while (p > 0 && !char.IsWhiteSpace(text[p - 1]) && !char.IsAsciiDigit(text[p - 1]) && text[p - 1] is not '(' and not '-' and not '−')
            p--;
        if (p < token.Start && GluedCurrencyStart(text, p, token.Start) is var glued and >= 0 && CurrencyParser.TryCode(text[glued..token.Start], out var gluedCode))
        {
            token.CurrencyRaw = text[glued..token.Start];
            token.CurrencyCode = gluedCode;
            token.Start = glued;
        }
    }

    /// <summary>Spaced prefix currency ("RM 12.50", "€ 399,00", "$ 42.00").</summary>
    private static void ReadSpacedPrefixCurrency(string text, ref Token token)
    {
        var q = token.Start;
        while (q > 0 && text[q - 1] == ' ') q--;
        var r = q;
        while (r > 0 && !char.IsWhiteSpace(text[r - 1]) && !char.IsAsciiDigit(text[r - 1])) r--;
        if (q < token.Start && r < q)
        {
            var rs = r;
            while (rs < q && text[rs] is '(' or '-' or ':') rs++;
            // The currency may follow a label glued to it ("AMT=RM 12.50").
            var k = rs < q ? GluedCurrencyStart(text, rs, q) : -1;
            if (k >= 0 && CurrencyParser.TryCode(text[k..q], out var spacedCode))
            {
                token.CurrencyRaw = text[k..q];
                token.CurrencyCode = spacedCode;
                // "-RM 12.50": the sign before a spaced currency belongs to the amount.
                token.Negative = k == rs && (text[r] is '-' or '−' || (r > 0 && text[r - 1] is '-' or '−'));
            }
        }
    }

    /// <summary>Leading minus directly before the number or the glued currency ("-1.73", "-RM5.00", "€ -9,32").</summary>
    private static void ReadLeadingMinus(string text, ref Token token)
    {
        if (!token.Negative && token.Start > 0 && text[token.Start - 1] is '-' or '−' or '–'
            && (token.Start - 1 == 0 || !char.IsLetterOrDigit(text[token.Start - 2])))
        {
            token.Negative = true;
            token.Start--;
        }
    }

    private static void ReadEnclosingOrTrailingSign(string text, ref Token token)
    {
        // Accounting negative "(12.00)".
        if (token.Start > 0 && text[token.Start - 1] == '(' && token.End < text.Length && text[token.End] == ')')
        {
            token.Negative = true;
            token.Start--;
            token.End++;
        }
        // Trailing minus "12.00-" (not a range "12-15", not a date "12-01").
        else if (token.End < text.Length && text[token.End] is '-' or '−' && (token.End + 1 == text.Length || !char.IsLetterOrDigit(text[token.End + 1])) && token.HasDecimals)
        {
            token.Negative = true;
            token.End++;
        }
    }

    /// <summary>Suffix currency ("29.99 €", "3 038,14 EUR", "316,83 PLN", "5zł").</summary>
    private static void ReadSuffixCurrency(string text, ref Token token)
    {
        var s = token.End;
        while (s < text.Length && text[s] == ' ') s++;
        var e = s;
        while (e < text.Length && !char.IsWhiteSpace(text[e]) && !char.IsAsciiDigit(text[e])) e++;
        if (e > s)
        {
            var candidate = text[s..e].TrimEnd('.', ',', ':', ')', ';');
            if (CurrencyParser.TryCode(candidate, out var suffixCode))
            {
                token.CurrencyRaw = candidate;
                token.CurrencyCode = suffixCode;
                if (s == token.End)
                    token.End = s + candidate.Length;
            }
        }
    }

    /// <summary>
    /// Start of a currency glued to the number at <paramref name="end"/> within the token [<paramref name="start"/>, end):
    /// the whole token ("RM", "$") or its tail after a label's punctuation ("TOTAL:$" → "$", "AMT=RM" → "RM"),
    /// never part of a word ("XRM"). −1 when there is none.
    /// </summary>
    internal static int GluedCurrencyStart(string text, int start, int end)
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
}
