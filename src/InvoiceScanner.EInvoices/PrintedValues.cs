using System.Globalization;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// What a page prints, in forms an XML value can be looked up in: its text without punctuation or case, every
/// amount in either decimal convention, every date in day-, month- or year-first order or with a month name.
/// </summary>
public sealed partial class PrintedValues
{
    private readonly string _compact;
    private readonly HashSet<decimal> _amounts = [];
    private readonly HashSet<DateOnly> _dates = [];
    private readonly string _text;

    private PrintedValues(string text)
    {
        _text = text;
        _compact = TextKey.Compact(text);
        foreach (Match match in GroupedAmount().Matches(text))
            AddAmounts(match.Value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
                .Replace("\u202F", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal));
        foreach (Match match in PlainAmount().Matches(text))
            AddAmounts(match.Value);
        foreach (Match match in NumericDate().Matches(text))
            AddNumericDates(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        foreach (Match match in DayMonthYear().Matches(text))
            AddNamedDate(match.Groups["d"].Value, match.Groups["m"].Value, match.Groups["y"].Value);
        foreach (Match match in MonthDayYear().Matches(text))
            AddNamedDate(match.Groups["d"].Value, match.Groups["m"].Value, match.Groups["y"].Value);
    }

    public static PrintedValues Of(OcrDocument document) =>
        new(string.Join('\n', document.AllLines.Select(line => line.Text)));

    public bool HasIdentifier(string value) => TextKey.Compact(value) is { Length: > 0 } id && _compact.Contains(id, StringComparison.Ordinal);

    /// <summary>At least half of the name's words are printed (a page may leave out or abbreviate the legal form).</summary>
    public bool HasName(string value)
    {
        var words = value.Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(TextKey.Compact).Where(w => w.Length >= 2).ToList();
        return words.Count > 0 && words.Count(w => _compact.Contains(w, StringComparison.Ordinal)) * 2 >= words.Count;
    }

    public bool HasAmount(decimal value) => _amounts.Contains(Math.Abs(value));

    public bool HasDate(DateOnly value) => _dates.Contains(value);

    public bool HasCurrency(string code) =>
        _text.Contains(code, StringComparison.Ordinal) || (Symbol(code) is { } symbol && _text.Contains(symbol, StringComparison.Ordinal));

    private static string? Symbol(string code) => code switch
    {
        "EUR" => "€",
        "USD" or "CAD" or "AUD" => "$",
        "GBP" => "£",
        "JPY" or "CNY" => "¥",
        "CHF" => "Fr.",
        "INR" => "₹",
        "PLN" => "zł",
        "SEK" or "NOK" or "DKK" => "kr",
        _ => null,
    };

    /// <summary>Adds the token read with '.' and with ',' as the decimal separator (the other being a thousands one).</summary>
    private void AddAmounts(string token)
    {
        foreach (var (thousands, point) in new[] { (',', '.'), ('.', ',') })
        {
            var lastPoint = token.LastIndexOf(point);
            var whole = (lastPoint >= 0 ? token[..lastPoint] : token).Replace(thousands.ToString(), "", StringComparison.Ordinal);
            var fraction = lastPoint >= 0 ? token[(lastPoint + 1)..] : "";
            if (whole.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit)
                && decimal.TryParse(fraction.Length > 0 ? $"{whole}.{fraction}" : whole, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                _amounts.Add(amount);
        }
    }

    private void AddNumericDates(int first, int second, int third)
    {
        Add(Year(third), second, first);  // day first
        Add(Year(third), first, second);  // month first
        if (first >= 1000)
            Add(first, second, third);    // ISO
    }

    private void AddNamedDate(string day, string month, string year)
    {
        var name = TextKey.Compact(month);
        var number = Array.FindIndex(MonthPrefixes, p => name.StartsWith(p.Prefix, StringComparison.Ordinal));
        if (number >= 0)
            Add(int.Parse(year, CultureInfo.InvariantCulture), MonthPrefixes[number].Month, int.Parse(day, CultureInfo.InvariantCulture));
    }

    private void Add(int year, int month, int day)
    {
        if (year is >= 1900 and <= 2199 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            _dates.Add(new DateOnly(year, month, day));
    }

    private static int Year(int year) => year < 100 ? 2000 + year : year;

    // English, German, French, Dutch, Italian and Spanish month names, by the prefix that tells them apart.
    private static readonly (string Prefix, int Month)[] MonthPrefixes =
    [
        ("jan", 1), ("jän", 1), ("gen", 1), ("ene", 1), ("feb", 2), ("fév", 2), ("fev", 2), ("mar", 3), ("mär", 3), ("mrz", 3),
        ("apr", 4), ("avr", 4), ("abr", 4), ("may", 5), ("mai", 5), ("mei", 5), ("mag", 5), ("juin", 6), ("jun", 6), ("giu", 6),
        ("juil", 7), ("jul", 7), ("lug", 7), ("aug", 8), ("aoû", 8), ("aou", 8), ("ago", 8), ("sep", 9), ("set", 9), ("oct", 10),
        ("okt", 10), ("ott", 10), ("nov", 11), ("dec", 12), ("dez", 12), ("déc", 12), ("dic", 12),
    ];

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:[ \u00A0\u202F']\d{3})+(?:[.,]\d{1,4})?(?![\d])")]
    private static partial Regex GroupedAmount();

    [GeneratedRegex(@"(?<![\d])\d(?:[\d.,]*\d)?")]
    private static partial Regex PlainAmount();

    [GeneratedRegex(@"(?<!\d)(\d{1,4})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{2,4})(?!\d)")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})\.?\s*(?<m>\p{L}{3,})\.?\s*(?<y>\d{4})(?!\d)")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"(?<m>\p{L}{3,})\.?\s*(?<d>\d{1,2}),?\s*(?<y>\d{4})(?!\d)")]
    private static partial Regex MonthDayYear();
}
