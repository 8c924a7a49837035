using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Hints of the document's locale, used only to settle day/month order of numeric dates.</summary>
public static partial class LocaleSignals
{
    private static readonly HashSet<string> DayFirstCurrencies =
        ["EUR", "GBP", "MYR", "INR", "SGD", "AUD", "NZD", "PLN", "CHF", "SEK", "NOK", "DKK", "CZK", "HUF", "IDR", "THB", "VND", "BRL", "ZAR", "HKD", "RUB", "TRY"];

    [GeneratedRegex(@"\b(MALAYSIA|SDN\.?\s*BHD|JALAN|SINGAPORE|UNITED\s*KINGDOM|\bUK\b|INDIA|AUSTRALIA|DEUTSCHLAND|NEDERLAND|FRANCE|ESPAÑA|ITALIA|POLSKA|RECHNUNG|FACTUUR|FACTURE|FACTURA|FATTURA|FAKTURA|MWST|BTW|TVA|GSTIN)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayFirstWordsRegex();

    [GeneratedRegex(@"\b(UNITED\s*STATES|USA|U\.S\.A)\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")]
    private static partial Regex MonthFirstWordsRegex();

    public static string? DayFirstSignal(string text, string? currencyCode)
    {
        if (currencyCode is not null && DayFirstCurrencies.Contains(currencyCode))
            return $"currency {currencyCode}";
        var m = DayFirstWordsRegex().Match(text);
        return m.Success ? $"'{m.Value}' on the document" : null;
    }

    public static string? MonthFirstSignal(string text, string? currencyCode)
    {
        var m = MonthFirstWordsRegex().Match(text);
        if (m.Success)
            return $"'{m.Value}' on the document";
        return null;
    }
}
