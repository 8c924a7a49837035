using System.Globalization;
using System.Xml.Linq;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Walks e-invoice XML by local names: each syntax binds its elements to one namespace per prefix (ram, cbc, …), and
/// the local names alone are unambiguous within a syntax, so prefixes never need to be resolved.
/// </summary>
internal static class XmlNavigation
{
    public static XElement? Child(this XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement? element, string localName) =>
        element?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    /// <summary>The element at a path of local names under <paramref name="element"/>, taking the first at each step.</summary>
    public static XElement? At(this XElement? element, params string[] path)
    {
        foreach (var name in path)
            element = element.Child(name);
        return element;
    }

    /// <summary>The trimmed text; null when the element is missing or empty.</summary>
    public static string? Text(this XElement? element) =>
        element?.Value.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>The text as an invariant decimal (an optional sign and a decimal point, as both syntaxes write amounts).</summary>
    public static bool TryDecimal(this XElement? element, out decimal value) =>
        decimal.TryParse(element.Text(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
