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

    /// <summary>Where the element is, as /Root/Child/…/Name (with a 1-based index where siblings share the name).</summary>
    public static string PathOf(this XElement element)
    {
        var steps = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var name = e.Name.LocalName;
            var siblings = e.Parent?.Elements().Where(s => s.Name.LocalName == name).ToList();
            steps.Add(siblings is { Count: > 1 } ? $"{name}[{siblings.IndexOf(e) + 1}]" : name);
        }
        steps.Reverse();
        return "/" + string.Join('/', steps);
    }
}
