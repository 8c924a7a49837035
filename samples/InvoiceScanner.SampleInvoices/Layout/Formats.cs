using System.Globalization;

namespace InvoiceScanner.SampleInvoices.Layout;

/// <summary>
/// Number and date formatting per document locale, written out by hand: the project runs with invariant
/// globalization, and the samples must print exactly the same text on every machine.
/// </summary>
internal static class Formats
{
    public const char NoBreakSpace = '\u00A0';

    /// <summary>Rounds money the way invoices do (half away from zero, 2 decimals).</summary>
    public static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>"1,234.56" with the given separators, e.g. ("." , ",") → "1.234,56".</summary>
    public static string Amount(decimal value, string groupSeparator, string decimalSeparator)
    {
        var invariant = value.ToString("#,##0.00", CultureInfo.InvariantCulture);
        return invariant.Replace(",", "\u0001", StringComparison.Ordinal)
            .Replace(".", decimalSeparator, StringComparison.Ordinal)
            .Replace("\u0001", groupSeparator, StringComparison.Ordinal);
    }

    public static string Us(decimal value) => Amount(value, ",", ".");
    public static string German(decimal value) => Amount(value, ".", ",");

    /// <summary>French style: no-break space between thousands, decimal comma ("3 038,14").</summary>
    public static string French(decimal value) => Amount(value, NoBreakSpace.ToString(), ",");

    public static string Quantity(decimal value, string decimalSeparator = ".") =>
        value.ToString("0.##", CultureInfo.InvariantCulture).Replace(".", decimalSeparator, StringComparison.Ordinal);

    public static string Date(DateOnly date, string pattern) => date.ToString(pattern, CultureInfo.InvariantCulture);

    /// <summary>Percent without trailing zeros: 19 → "19", 8.625 → "8.625".</summary>
    public static string Percent(decimal rate, string decimalSeparator = ".") =>
        rate.ToString("0.####", CultureInfo.InvariantCulture).Replace(".", decimalSeparator, StringComparison.Ordinal);
}
