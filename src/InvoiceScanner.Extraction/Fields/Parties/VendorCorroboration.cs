using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Confidence in the chosen vendor name from the other places the document prints it.</summary>
public static class VendorCorroboration
{
    /// <summary>
    /// A seller names itself more than once (letterhead, sender line over the address window, footer with bank and
    /// registration details): the chosen name printed again elsewhere is independent evidence, so the doubt left by
    /// the line scorer is reduced. The value itself never changes here.
    /// </summary>
    public static Field<string>? Corroborate(Field<string>? vendor, DocumentLayout layout)
    {
        if (vendor is null)
            return null;
        var name = Normalise(vendor.Value);
        if (name.Length < 6 || !name.Any(char.IsLetter))
            return vendor;
        var occurrences = layout.Lines.Count(l => Normalise(l.Text).Contains(name, StringComparison.Ordinal));
        if (occurrences < 2)
            return vendor;
        var confidence = Math.Round(1 - (1 - vendor.Confidence) * 0.4, 3);
        return vendor with { Confidence = confidence, Trace = [.. vendor.Trace, $"name printed again in {occurrences - 1} other line(s): confidence {vendor.Confidence:0.00} → {confidence:0.00}"] };

        static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
    }
}
