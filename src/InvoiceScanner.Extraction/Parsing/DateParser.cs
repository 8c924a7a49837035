using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Parsing;

/// <summary>Order of day and month in numeric dates.</summary>
public enum DateOrder { DayFirst, MonthFirst }

/// <summary>
/// A date found in a text. Numeric dates such as "03/04/2018" have two readings; <see cref="DayFirst"/> and
/// <see cref="MonthFirst"/> hold them (null when that reading is impossible, equal when the format is unambiguous).
/// </summary>
public sealed record DateMatch(string Raw, int Start, int Length, DateOnly? DayFirst, DateOnly? MonthFirst)
{
    /// <summary>True when both readings are valid and differ, i.e. the order must be settled from elsewhere.</summary>
    public bool IsAmbiguous => DayFirst is { } d && MonthFirst is { } m && d != m;

    /// <summary>The order this date itself proves (e.g. "25/12/2018" is day-first), or null.</summary>
    public DateOrder? ProvesOrder =>
        DayFirst is not null && MonthFirst is null ? DateOrder.DayFirst
        : MonthFirst is not null && DayFirst is null ? DateOrder.MonthFirst
        : null;

    public DateOnly Value(DateOrder order) =>
        order == DateOrder.DayFirst ? (DayFirst ?? MonthFirst!.Value) : (MonthFirst ?? DayFirst!.Value);

    public int End => Start + Length;
}

/// <summary>
/// Finds dates in the formats receipts and invoices use: ISO, d/m/y, m/d/y, d.m.y, "05 MAR 2018",
/// "OCT 3, 2016", "3rd March 2018", "20180304", 2-digit years, month names in several languages.
/// </summary>
public static partial class DateParser
{
    /// <summary>Years outside this range are treated as misreads, not dates.</summary>
    public const int MinYear = 1980, MaxYear = 2099;

    private static readonly Dictionary<string, int> MonthNames = BuildMonthNames();

    private static Dictionary<string, int> BuildMonthNames()
    {
        var table = new (int Month, string Names)[]
        {
            (1, "jan january januar jänner janvier janv januari enero ene gennaio gen janeiro styczeń stycznia sty"),
            (2, "feb february februar février fevrier févr fevr februari febrero febbraio fevereiro fev luty lutego lut"),
            (3, "mar march märz maerz mrz mär mars maart mrt marzo março mac marzec marca"),
            (4, "apr april avril abril abr aprile avr kwiecień kwietnia kwi"),
            (5, "may mai mei mayo maggio mag maio maj"),
            (6, "jun june juni juin junio giugno giu junho czerwiec czerwca cze"),
            (7, "jul july juli juillet juil julio luglio lug julho julai lipiec lipca lip"),
            (8, "aug august août aout augustus agosto ago ogos ogo sierpień sierpnia sie"),
            (9, "sep sept september septembre septiembre setiembre settembre set setembro wrzesień września wrz"),
            (10, "oct october oktober octobre octubre ottobre ott outubro out okt październik października paź"),
            (11, "nov november novembre noviembre novembro listopad listopada lis"),
            (12, "dec december dezember décembre decembre déc diciembre dicembre dic dezembro dis disember dez grudzień grudnia gru"),
        };
        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (month, names) in table)
            foreach (var name in names.Split(' '))
                result[name] = month;
        return result;
    }

    /// <summary>Month number for a month name or abbreviation in any supported language.</summary>
    public static int? MonthFromName(string name) =>
        MonthNames.TryGetValue(name.TrimEnd('.'), out var m) ? m : null;

    // 2018-03-04, 2018/03/04, 2018.03.04
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})\s?(?<s>[-/.])\s?(?<m>\d{1,2})\s?\k<s>\s?(?<d>\d{1,2})(?!\d)")]
    private static partial Regex IsoRegex();

    // 25/12/2018, 12-01-19, 04.03.2018; spaces around separators tolerated (OCR). Not inside a longer number, except the
    // second date of a range glued by a hyphen ("01/28/20-02/03/20", as OCR reads "01/28/20 - 02/03/20").
    [GeneratedRegex(@"(?<![\d/.])(?:(?<=\d{1,2}/\d{1,2}/\d{2,4}-|\d{1,2}\.\d{1,2}\.\d{2,4}-)|(?<!-))(?<a>\d{1,2})\s?(?<s>[-/.])\s?(?<b>\d{1,2})\s?\k<s>\s?(?<y>\d{4}|\d{2})(?![\d])")]
    private static partial Regex NumericRegex();

    // 05 MAR 2018, 5-Mar-18, 3rd March 2018, 19 april 2014, 02 Juillet 2015, 05/MAR/2018, 5 de marzo del 2024
    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})(?:st|nd|rd|th|er|e)?(?:[\s.]*\bde\b)?[\s\-/.,]{0,3}(?<mon>\p{L}{3,12})\.?(?:\s+del?\b)?[\s\-/.,']{0,3}(?<y>\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthNameRegex();

    // OCT 3, 2016; August 3 , 2014; Jan 1, 2022; March 3rd 2018
    [GeneratedRegex(@"(?<![\p{L}])(?<mon>\p{L}{3,12})\.?[\s\-]{0,3}(?<d>\d{1,2})(?:st|nd|rd|th)?\s{0,2},?\s{0,2}(?<y>\d{4}|'\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthNameDayRegex();

    // 20180304 (a standalone 8-digit token)
    [GeneratedRegex(@"(?<![\d\p{L}])(?<y>(?:19|20)\d{2})(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12]\d|3[01])(?![\d\p{L}])")]
    private static partial Regex CompactRegex();

    // 25032018 (a standalone 8-digit day-month-year token)
    [GeneratedRegex(@"(?<![\d\p{L}])(?<d>0[1-9]|[12]\d|3[01])(?<m>0[1-9]|1[0-2])(?<y>(?:19|20)\d{2})(?![\d\p{L}])")]
    private static partial Regex CompactDayFirstRegex();

    /// <summary>Every date in <paramref name="text"/>, left to right, non-overlapping (longer formats win).</summary>
    public static IReadOnlyList<DateMatch> FindAll(string text)
    {
        var found = new List<DateMatch>();
        AddUnambiguous(found, IsoRegex().Matches(text));
        AddMonthNames(found, text);
        AddNumeric(found, text);
        AddUnambiguous(found, CompactRegex().Matches(text));
        AddUnambiguous(found, CompactDayFirstRegex().Matches(text));
        // Keep the first-found (more specific) match where matches overlap.
        var result = new List<DateMatch>();
        foreach (var d in found)
            if (!result.Any(r => r.Start < d.End && d.Start < r.End))
                result.Add(d);
        result.Sort((x, y) => x.Start.CompareTo(y.Start));
        return result;
    }

    /// <summary>Dates with year, month and day groups, which read one way only (ISO, compact).</summary>
    private static void AddUnambiguous(List<DateMatch> found, MatchCollection matches)
    {
        foreach (Match m in matches)
        {
            var date = Make(Int(m, "y"), Int(m, "m"), Int(m, "d"));
            if (date is not null)
                found.Add(new DateMatch(m.Value, m.Index, m.Length, date, date));
        }
    }

    /// <summary>Dates with the month as a word, day first ("05 MAR 2018") then month first ("OCT 3, 2016").</summary>
    private static void AddMonthNames(List<DateMatch> found, string text)
    {
        foreach (Match m in DayMonthNameRegex().Matches(text))
        {
            var month = MonthFromName(m.Groups["mon"].Value);
            if (month is null) continue;
            var date = Make(Year(m.Groups["y"].Value), month.Value, Int(m, "d"));
            if (date is not null)
                found.Add(new DateMatch(m.Value.TrimEnd(), m.Index, m.Value.TrimEnd().Length, date, date));
        }
        foreach (Match m in MonthNameDayRegex().Matches(text))
        {
            var month = MonthFromName(m.Groups["mon"].Value);
            if (month is null) continue;
            var date = Make(Year(m.Groups["y"].Value.TrimStart('\'')), month.Value, Int(m, "d"));
            if (date is not null)
                found.Add(new DateMatch(m.Value, m.Index, m.Length, date, date));
        }
    }

    /// <summary>Numeric dates ("25/12/2018", "12-01-19"), with both their day-first and month-first readings.</summary>
    private static void AddNumeric(List<DateMatch> found, string text)
    {
        foreach (Match m in NumericRegex().Matches(text))
        {
            // Spaced separators are tolerated for OCR ("25 / 12 / 2018"). With a 2-digit year only one space is, beside one
            // separator ("18-11 -18", OCR's gap): "11-22 - 30", spaced on both sides, is a range.
            var spaces = m.Value.Count(c => c == ' ');
            if (m.Groups["y"].Value.Length == 2 && spaces > 1)
                continue;
            var a = Int(m, "a");
            var b = Int(m, "b");
            var year = Year(m.Groups["y"].Value);
            var sep = m.Groups["s"].Value;
            var dayFirst = Make(year, b, a);
            // d.m.y is a day-first convention everywhere it is used; only '/' and '-' can be month-first.
            var monthFirst = sep == "." ? null : Make(year, a, b);
            if (dayFirst is not null || monthFirst is not null)
                // A single space is OCR's gap, not print: the raw text closes it ("5/ 3/2018" is "5/3/2018"); a date spaced
                // evenly ("25 / 12 / 2018") is printed that way and stays.
                found.Add(new DateMatch(spaces == 1 ? m.Value.Replace(" ", "", StringComparison.Ordinal) : m.Value, m.Index, m.Length, dayFirst, monthFirst));
        }
    }

    /// <summary>Parses a text that is a single date; <paramref name="order"/> settles numeric ambiguity.</summary>
    public static DateOnly? Parse(string text, DateOrder order = DateOrder.DayFirst)
    {
        var all = FindAll(text.Trim());
        return all.Count == 1 ? all[0].Value(order) : null;
    }

    /// <summary>Day-first unless the locale is a month-first one (en-US and a few others).</summary>
    public static DateOrder? OrderForLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
            return null;
        var l = locale.Trim();
        string[] monthFirst = ["en-US", "en-PH", "en-FM", "en-MH", "en-PW", "es-US", "en-AS", "en-GU", "en-PR", "en-UM", "en-VI"];
        if (monthFirst.Any(x => string.Equals(x, l, StringComparison.OrdinalIgnoreCase)) || string.Equals(l, "US", StringComparison.OrdinalIgnoreCase))
            return DateOrder.MonthFirst;
        return DateOrder.DayFirst;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Two-digit years are read as 20yy below 70 and 19yy otherwise.</summary>
    private static int Year(string y)
    {
        var v = int.Parse(y, System.Globalization.CultureInfo.InvariantCulture);
        return y.Length == 2 ? (v < 70 ? 2000 + v : 1900 + v) : v;
    }

    private static DateOnly? Make(int year, int month, int day)
    {
        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        return new DateOnly(year, month, day);
    }
}
