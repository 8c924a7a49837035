using System.Text.RegularExpressions;

namespace InvoiceScanner.EInvoices.Validation;

/// <summary>
/// The shape of a VAT identifier. BR-CO-09 asks only for a country prefix (ISO 3166-1 alpha-2, EL for Greece, XI for
/// Northern Ireland) before 2–13 letters or digits: <see cref="HasCountryPrefix"/>. <see cref="IsValid"/> also checks
/// the number format of the EU countries and the UK, which the standard does not: a number of another length is worth
/// a person's look (a flag on the field), not a broken rule.
/// </summary>
internal static partial class VatIdShape
{
    private static readonly Dictionary<string, Regex> Countries = new(StringComparer.Ordinal)
    {
        ["AT"] = new(@"^ATU\d{8}$"), ["BE"] = new(@"^BE[01]\d{9}$"), ["BG"] = new(@"^BG\d{9,10}$"),
        ["CY"] = new(@"^CY\d{8}[A-Z]$"), ["CZ"] = new(@"^CZ\d{8,10}$"), ["DE"] = new(@"^DE\d{9}$"),
        ["DK"] = new(@"^DK\d{8}$"), ["EE"] = new(@"^EE\d{9}$"), ["EL"] = new(@"^EL\d{9}$"),
        ["ES"] = new(@"^ES[0-9A-Z]\d{7}[0-9A-Z]$"), ["FI"] = new(@"^FI\d{8}$"), ["FR"] = new(@"^FR[0-9A-HJ-NP-Z]{2}\d{9}$"),
        ["HR"] = new(@"^HR\d{11}$"), ["HU"] = new(@"^HU\d{8}$"), ["IE"] = new(@"^IE\d{7}[A-W][A-IW]?$|^IE\d[A-Z+*]\d{5}[A-W]$"),
        ["IT"] = new(@"^IT\d{11}$"), ["LT"] = new(@"^LT(\d{9}|\d{12})$"), ["LU"] = new(@"^LU\d{8}$"),
        ["LV"] = new(@"^LV\d{11}$"), ["MT"] = new(@"^MT\d{8}$"), ["NL"] = new(@"^NL\d{9}B\d{2}$"),
        ["PL"] = new(@"^PL\d{10}$"), ["PT"] = new(@"^PT\d{9}$"), ["RO"] = new(@"^RO\d{2,10}$"),
        ["SE"] = new(@"^SE\d{12}$"), ["SI"] = new(@"^SI\d{8}$"), ["SK"] = new(@"^SK\d{10}$"),
        ["GB"] = new(@"^GB(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$"), ["XI"] = new(@"^XI(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$"),
    };

    [GeneratedRegex(@"^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$")]
    private static partial Regex GeneralShape();

    public const string UnusualShapeFlag = "VAT_ID_SHAPE";

    public static bool HasCountryPrefix(string vatId) => GeneralShape().IsMatch(vatId.Replace(" ", "", StringComparison.Ordinal));

    public static bool IsValid(string vatId)
    {
        var id = vatId.Replace(" ", "", StringComparison.Ordinal);
        if (!GeneralShape().IsMatch(id))
            return false;
        return !Countries.TryGetValue(id[..2], out var shape) || shape.IsMatch(id);
    }
}
