using System.Globalization;
using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Makes fields from XML elements: the exact value, confidence 1.0 (the XML is the invoice), the element's text as
/// raw, and where it came from as the trace. A value that does not parse is left out and noted.
/// </summary>
internal sealed class FieldReader(string engine)
{
    public List<string> Notes { get; } = [];

    public Field<string>? Text(XElement? element) =>
        element.Text() is { } text ? Make(text, text, element!) : null;

    /// <summary>
    /// A postal address in EN 16931's order (lines 1–3, postcode and city, subdivision, country code), the same string
    /// from either syntax.
    /// </summary>
    public Field<string>? Address(XElement?[] lines, XElement? postcode, XElement? city, XElement? subdivision, XElement? country)
    {
        var place = string.Join(' ', new[] { postcode.Text(), city.Text() }.Where(t => t is not null));
        var parts = lines.Select(l => l.Text()).Append(place.Length > 0 ? place : null).Append(subdivision.Text()).Append(country.Text())
            .Where(t => t is not null).ToList();
        var sources = lines.Append(postcode).Append(city).Append(subdivision).Append(country).Where(e => e.Text() is not null).ToList();
        if (sources.Count == 0)
            return null;
        var text = string.Join(", ", parts);
        return new Field<string>(text, text, 1.0) { Trace = [$"{engine}: {string.Join(" + ", sources.Select(e => PathOf(e!)))}"] };
    }

    /// <summary>The texts of several elements (e.g. repeated notes) joined by <paramref name="separator"/>, traced to each.</summary>
    public Field<string>? Joined(IEnumerable<XElement?> elements, string separator, Func<string, string>? clean = null)
    {
        var sources = elements.Where(e => e.Text() is not null).Select(e => e!).ToList();
        if (sources.Count == 0)
            return null;
        var raw = string.Join(separator, sources.Select(e => e.Text()));
        var value = string.Join(separator, sources.Select(e => clean is null ? e.Text()! : clean(e.Text()!)));
        return new Field<string>(value, raw, 1.0) { Trace = [$"{engine}: {string.Join(" + ", sources.Select(PathOf))}"] };
    }

    /// <summary>A code as a readable value (<paramref name="describe"/>), the code itself as raw.</summary>
    public Field<string>? Code(XElement? element, Func<string, string> describe) =>
        element.Text() is { } code ? Make(describe(code), code, element!) : null;

    /// <summary>A value the document states by its form rather than a text (e.g. a UBL CreditNote root), traced to that element.</summary>
    public Field<string> Stated(string value, string raw, XElement element) => Make(value, raw, element);

    /// <summary>An attribute's text (e.g. a quantity's unitCode), traced to the element and the attribute.</summary>
    public Field<string>? Attribute(XElement? element, string name)
    {
        if (element?.Attribute(name)?.Value.Trim() is not { Length: > 0 } text)
            return null;
        return new Field<string>(text, text, 1.0) { Trace = [$"{engine}: {PathOf(element)}/@{name}"] };
    }

    public Field<decimal>? Amount(XElement? element)
    {
        if (element.Text() is not { } text)
            return null;
        if (element.TryDecimal(out var value))
            return Make(value, text, element!);
        Notes.Add($"{PathOf(element!)}: '{text}' is not a decimal number");
        return null;
    }

    /// <summary>
    /// The sum of two amounts the document states separately (e.g. a UBL net price and its price discount), traced to
    /// both, the texts as raw; null unless both are there and parse.
    /// </summary>
    public Field<decimal>? Sum(XElement? first, XElement? second)
    {
        if (!first.TryDecimal(out var a) || !second.TryDecimal(out var b))
            return null;
        return new Field<decimal>(a + b, $"{first.Text()} + {second.Text()}", 1.0) { Trace = [$"{engine}: {PathOf(first!)} + {PathOf(second!)}"] };
    }

    /// <summary>A CII date (format 102, yyyyMMdd, the only one EN 16931 allows) or a UBL date (yyyy-MM-dd).</summary>
    public Field<DateOnly>? Date(XElement? element)
    {
        if (element.Text() is not { } text)
            return null;
        if (DateOnly.TryParseExact(text, ["yyyyMMdd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return Make(date, text, element!);
        Notes.Add($"{PathOf(element!)}: '{text}' is not a date (yyyyMMdd or yyyy-MM-dd)");
        return null;
    }

    /// <summary>
    /// The start or end of a period, a <see cref="Date"/>. ZUGFeRD 1.0 may also state a bound as a month (format 610,
    /// yyyyMM) or an ISO week (616, yyyyww): the start is then its first day, the end its last.
    /// </summary>
    public Field<DateOnly>? PeriodBound(XElement? element, bool end)
    {
        var coarse = element.Text() is not { } text ? null : (string?)element!.Attribute("format") switch
        {
            "610" => Month(text, end),
            "616" => Week(text, end),
            _ => null,
        };
        return coarse is { } bound ? Make(bound, element.Text()!, element!) : Date(element);
    }

    private static DateOnly? Month(string text, bool end) =>
        DateOnly.TryParseExact(text, "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? end ? first.AddMonths(1).AddDays(-1) : first
            : null;

    private static DateOnly? Week(string text, bool end)
    {
        if (text.Length != 6 || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 1 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            return null;
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, end ? DayOfWeek.Sunday : DayOfWeek.Monday));
    }

    private Field<T> Make<T>(T value, string raw, XElement element) =>
        new(value, raw, 1.0) { Trace = [$"{engine}: {PathOf(element)}"] };

    /// <summary>
    /// Where the element is, as /Root/Child/…/Name, with a 1-based index where siblings share the name. The steps of
    /// all of a parent's children are named in one pass and kept, so an invoice with thousands of lines costs one walk
    /// of its elements, not one per field.
    /// </summary>
    private string PathOf(XElement element)
    {
        if (_paths.TryGetValue(element, out var known))
            return known;
        if (element.Parent is not { } parent)
            return _paths[element] = "/" + element.Name.LocalName;
        var parentPath = PathOf(parent);
        var children = parent.Elements().ToList();
        var counts = children.GroupBy(c => c.Name.LocalName).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<string, int>();
        foreach (var child in children)
        {
            var name = child.Name.LocalName;
            var index = seen[name] = seen.GetValueOrDefault(name) + 1;
            _paths[child] = counts[name] > 1 ? $"{parentPath}/{name}[{index}]" : $"{parentPath}/{name}";
        }
        return _paths[element];
    }

    private readonly Dictionary<XElement, string> _paths = [];
}
