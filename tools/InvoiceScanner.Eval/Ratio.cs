using System.Globalization;

namespace InvoiceScanner.Eval;

/// <summary>How every report prints a share: three decimals, invariant, and a dash where nothing was counted.</summary>
internal static class Ratio
{
    public static string Share(int part, int whole) =>
        whole == 0 ? "–" : ((double)part / whole).ToString("0.000", CultureInfo.InvariantCulture);
}
