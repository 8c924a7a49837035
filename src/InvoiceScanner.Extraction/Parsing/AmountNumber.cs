using System.Globalization;

namespace InvoiceScanner.Extraction.Parsing;

/// <summary>
/// Reads a run of digits and separators as a number: which separator is the decimal one, and whether the
/// thousands groups are well formed.
/// </summary>
internal static class AmountNumber
{
    /// <summary>Reads digits and separators as a number; <paramref name="decimals"/> is the count of fraction digits.</summary>
    internal static decimal? Interpret(string number, DecimalStyle style, out int decimals)
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

    internal static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

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
