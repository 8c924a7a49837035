using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>How the shape of a line weighs against it being the vendor name.</summary>
internal static partial class NameShape
{
    /// <summary>
    /// How much less likely a line is the name by its shape: a name does not end in a comma, an address line does
    /// ("AEON TEBRAU CITY," between the unit and the street); a line wholly in brackets is an aside to the name (a
    /// registration, a former name, a shop code: "(CONTOH SHOP (95874))"); column headings are not a name at all.
    /// </summary>
    internal static double Factor(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        if (TableWordsOnlyRegex().IsMatch(t) || LabelOnlyRegex().IsMatch(t)) return TableWordsFactor;
        return t.EndsWith(',') ? TrailingCommaFactor : t.Length > 2 && t[0] == '(' && t[^1] == ')' ? BracketedLineFactor : 1;
    }

    internal const double TrailingCommaFactor = 0.5;

    /// <summary>A line of column headings or payment labels only ("PRICE", "QTY AMOUNT", "CASH"): never a name.</summary>
    internal const double TableWordsFactor = 0.1;

    [GeneratedRegex(@"^\W*(?:(?:ITEMS?|QTY|QUANTITY|PRICE|UNIT|AMOUNT|AMT|TOTAL|SUBTOTAL|DESCRIPTION|DESC|CASH|CHANGE|RM|TAX|GST|DISCOUNT|DISC)\W*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex TableWordsOnlyRegex();

    // A number's label waiting for its value ("FACTURE N° :", "Invoice No.:", "Rechnungs-Nr.:"): labels are never names.
    [GeneratedRegex(@"^[\p{L} .'’/-]{1,40}(?:N°|Nº|\bNO\.?|\bNR\.?|#)\s*:$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelOnlyRegex();

    internal const double BracketedLineFactor = 0.2;
}
