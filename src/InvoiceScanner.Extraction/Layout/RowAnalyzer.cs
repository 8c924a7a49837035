using System.Text.RegularExpressions;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Layout;

/// <summary>A row with its dates and amounts found once, so every field rule reads the same tokens.</summary>
public sealed record AnalyzedRow(LayoutRow Row, IReadOnlyList<DateMatch> Dates, IReadOnlyList<AmountMatch> Amounts)
{
    public string Text => Row.Text;
    /// <summary>Upper-cased text for keyword rules.</summary>
    public string Upper { get; } = Row.Text.ToUpperInvariant();
}

/// <summary>Finds dates first, then amounts in the text with dates, times and phone numbers blanked out.</summary>
public static partial class RowAnalyzer
{
    [GeneratedRegex(@"(?<!\d)\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?(?:\s?[AP]\.?M\.?)?(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex TimeRegex();

    // Phone/fax numbers after a label, and long digit groups joined by dashes (phones, registration numbers).
    [GeneratedRegex(@"\b(?:TEL|FAX|PHONE|PH|H/P|HP|MOBILE|MOB|CONTACT|T|F)\s*(?:NO)?\s*[.:]?\s*\+?[\d][\d\s\-()/]{5,}\d", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"(?<![\d.,])\+?\(?\d{2,4}\)?[\-]\d{3,4}[\s\-]?\d{3,5}(?![\d.,])")]
    private static partial Regex DashedNumberRegex();

    /// <summary>Clock times in a text ("15:39", "03:00:42PM", "7 : 07 pm"): blanked before amounts are read, and a sign of a sale's date.</summary>
    public static IEnumerable<(int Start, int Length)> FindTimes(string text) =>
        TimeRegex().Matches(text).Select(m => (m.Index, m.Length));

    public static IReadOnlyList<AnalyzedRow> Analyze(DocumentLayout layout, DecimalStyle style) =>
        layout.Rows.Select(r => Analyze(r, style)).ToList();

    public static AnalyzedRow Analyze(LayoutRow row, DecimalStyle style)
    {
        var text = row.Text;
        var dates = DateParser.FindAll(text);
        var masked = text.ToCharArray();
        foreach (var d in dates)
            Blank(masked, d.Start, d.Length);
        var maskedText = new string(masked);
        foreach (var (start, length) in FindTimes(maskedText))
            Blank(masked, start, length);
        foreach (Match m in PhoneRegex().Matches(maskedText))
            Blank(masked, m.Index, m.Length);
        foreach (Match m in DashedNumberRegex().Matches(maskedText))
            Blank(masked, m.Index, m.Length);
        var amounts = AmountParser.FindAll(new string(masked), style)
            .Select(a => a with { Raw = text.Substring(a.Start, a.Length) })
            .ToList();
        return new AnalyzedRow(row, dates, amounts);
    }

    private static void Blank(char[] chars, int start, int length)
    {
        for (var i = start; i < start + length && i < chars.Length; i++)
            chars[i] = ' ';
    }

    /// <summary>
    /// The document's decimal separator by majority of unambiguous amounts ("12,50" vs "12.50"), so that
    /// "54,910" on a decimal-comma invoice is 54.91 and "9.000" on a receipt is 9.
    /// </summary>
    public static DecimalStyle DetectDecimalStyle(IEnumerable<string> texts)
    {
        var point = 0;
        var comma = 0;
        foreach (var text in texts)
        {
            foreach (Match m in DecimalHintRegex().Matches(text))
            {
                if (m.Groups["sep"].Value == ".") point++;
                else comma++;
            }
        }
        if (point == 0 && comma == 0)
            return DecimalStyle.Unknown;
        return comma > point ? DecimalStyle.Comma : DecimalStyle.Point;
    }

    // A separator followed by exactly two digits at a token end is a decimal separator in every locale.
    [GeneratedRegex(@"(?<![\d.,/\-])\d{1,3}(?:[.,' ]\d{3})*(?<sep>[.,])\d{2}(?![\d.,/\-])")]
    private static partial Regex DecimalHintRegex();
}
