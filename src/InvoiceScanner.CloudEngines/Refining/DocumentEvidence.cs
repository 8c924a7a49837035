using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.CloudEngines.Refining;

/// <summary>Where a proposed value was found: the page, the OCR line, and the text that matched.</summary>
public sealed record EvidenceHit(int Page, OcrLine Line, string Matched)
{
    public Evidence ToEvidence() => new(Page, Line.Box, Line.Text);
}

/// <summary>
/// Answers "is this value printed in the document?" for a model's proposals, so that nothing the model invents
/// reaches an invoice: text by normalised words, amounts by numeric value of the printed numbers, dates by the
/// common printed forms of the date.
/// </summary>
public sealed partial class DocumentEvidence
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    // Symbols that name exactly one currency ("$" alone does not: USD, CAD, AUD, ...).
    private static readonly (string Symbol, string Code)[] CurrencySymbols =
    [
        ("€", "EUR"), ("£", "GBP"), ("₹", "INR"), ("₩", "KRW"), ("₽", "RUB"), ("₺", "TRY"), ("₪", "ILS"), ("₫", "VND"),
        ("₱", "PHP"), ("฿", "THB"), ("₦", "NGN"), ("₴", "UAH"), ("US$", "USD"), ("CA$", "CAD"), ("C$", "CAD"),
        ("AU$", "AUD"), ("A$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"), ("zł", "PLN"),
    ];

    private readonly List<(int Page, OcrLine Line, string Normalized)> _lines = [];
    private readonly List<(int Page, string Text, List<(int Start, int Line)> Starts)> _pages = [];

    public DocumentEvidence(OcrDocument document)
    {
        foreach (var page in document.Pages)
        {
            var text = new StringBuilder(" ");
            var starts = new List<(int, int)>();
            foreach (var line in page.Lines)
            {
                var normalized = Normalize(line.Text);
                _lines.Add((page.Number, line, normalized));
                if (normalized.Length == 0)
                    continue;
                starts.Add((text.Length, _lines.Count - 1));
                text.Append(normalized).Append(' ');
            }
            _pages.Add((page.Number, text.ToString(), starts));
        }
    }

    /// <summary>Lower-case letters and digits, everything else a single space.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// The value's words in this order on one page (they may run across lines, as addresses do). Identifiers
    /// (<paramref name="compact"/>) may also match with their spacing/punctuation removed: "+1 333-333-3333".
    /// </summary>
    public EvidenceHit? FindText(string value, bool compact = false)
    {
        var needle = Normalize(value);
        if (needle.Length == 0)
            return null;
        foreach (var (page, text, starts) in _pages)
        {
            var at = text.IndexOf(" " + needle + " ", StringComparison.Ordinal);
            if (at >= 0)
            {
                var line = starts.LastOrDefault(s => s.Start <= at + 1).Line;
                return new EvidenceHit(page, _lines[line].Line, value.Trim());
            }
        }
        if (compact)
        {
            var squeezed = needle.Replace(" ", "", StringComparison.Ordinal);
            if (squeezed.Length >= 6)
            {
                foreach (var (page, line, normalized) in _lines)
                {
                    if (normalized.Replace(" ", "", StringComparison.Ordinal).Contains(squeezed, StringComparison.Ordinal))
                        return new EvidenceHit(page, line, value.Trim());
                }
            }
        }
        return null;
    }

    /// <summary>A printed number equal to |<paramref name="value"/>| ("1,810.46", "1.810,46", "$1810.46", "60" for 60.00).</summary>
    public EvidenceHit? FindAmount(decimal value)
    {
        var target = Math.Abs(value);
        foreach (var (page, line, _) in _lines)
        {
            foreach (Match match in NumberToken().Matches(line.Text))
            {
                if (Interpretations(match.Value).Contains(target))
                    return new EvidenceHit(page, line, match.Value);
            }
        }
        return null;
    }

    /// <summary>The date in a common printed form: 01/31/2021, 31.01.21, 2021-01-31, 31 Jan 2021, January 31st, 2021, ...</summary>
    public EvidenceHit? FindDate(DateOnly date)
    {
        var forms = DateForms(date).Select(f => " " + f + " ").ToList();
        foreach (var (page, line, _) in _lines)
        {
            var text = " " + Normalize(Ordinal().Replace(line.Text, "$1")) + " ";
            if (forms.FirstOrDefault(f => text.Contains(f, StringComparison.Ordinal)) is { } form)
                return new EvidenceHit(page, line, form.Trim());
        }
        return null;
    }

    /// <summary>The ISO code as a word, or a symbol that can only mean that currency.</summary>
    public EvidenceHit? FindCurrency(string code)
    {
        var upper = code.ToUpperInvariant();
        var word = " " + upper.ToLowerInvariant() + " ";
        foreach (var (page, line, normalized) in _lines)
        {
            if ((" " + normalized + " ").Contains(word, StringComparison.Ordinal))
                return new EvidenceHit(page, line, upper);
        }
        foreach (var (symbol, symbolCode) in CurrencySymbols.Where(s => s.Code == upper))
        {
            foreach (var (page, line, _) in _lines)
            {
                if (line.Text.Contains(symbol, StringComparison.OrdinalIgnoreCase))
                    return new EvidenceHit(page, line, symbol);
            }
        }
        return null;
    }

    /// <summary>The values a printed number can mean, trying '.' and ',' both as decimal and as group separators.</summary>
    internal static HashSet<decimal> Interpretations(string token)
    {
        var results = new HashSet<decimal>();
        var t = token.Replace("'", "", StringComparison.Ordinal);
        var lastDot = t.LastIndexOf('.');
        var lastComma = t.LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0)
        {
            var decimalSeparator = lastDot > lastComma ? '.' : ',';
            var group = decimalSeparator == '.' ? ',' : '.';
            Add(t.Replace(group.ToString(), "", StringComparison.Ordinal).Replace(decimalSeparator, '.'));
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var separator = lastDot >= 0 ? '.' : ',';
            var count = t.Count(c => c == separator);
            var withoutSeparators = t.Replace(separator.ToString(), "", StringComparison.Ordinal);
            if (count == 1)
            {
                Add(t.Replace(separator, '.'));
                if (t.Length - t.IndexOf(separator) - 1 == 3)
                    Add(withoutSeparators);
            }
            else
            {
                Add(withoutSeparators);
            }
        }
        else
        {
            Add(t);
        }
        return results;

        void Add(string candidate)
        {
            if (decimal.TryParse(candidate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                results.Add(number);
        }
    }

    private static IEnumerable<string> DateForms(DateOnly date)
    {
        var days = new[] { date.Day.ToString(CultureInfo.InvariantCulture), date.Day.ToString("00", CultureInfo.InvariantCulture) }.Distinct().ToArray();
        var months = new[] { date.Month.ToString(CultureInfo.InvariantCulture), date.Month.ToString("00", CultureInfo.InvariantCulture) }.Distinct().ToArray();
        var years = new[] { date.Year.ToString("0000", CultureInfo.InvariantCulture), (date.Year % 100).ToString("00", CultureInfo.InvariantCulture) };
        var full = MonthNames[date.Month - 1];
        var names = new[] { full, full[..3], full == "september" ? "sept" : null }.OfType<string>().Distinct().ToArray();
        foreach (var y in years)
        {
            foreach (var d in days)
            {
                foreach (var m in months)
                {
                    yield return $"{d} {m} {y}";
                    yield return $"{m} {d} {y}";
                }
                foreach (var n in names)
                {
                    yield return $"{d} {n} {y}";
                    yield return $"{n} {d} {y}";
                }
            }
        }
        foreach (var d in days)
        {
            foreach (var m in months)
                yield return $"{years[0]} {m} {d}";
        }
    }

    [GeneratedRegex(@"\d(?:[\d.,']*\d)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"(\d)(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();
}
