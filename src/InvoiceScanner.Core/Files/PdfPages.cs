using System.Text.RegularExpressions;

namespace InvoiceScanner.Core.Files;

/// <summary>A cheap page count read from a PDF's bytes, for routing only (no PDF library here).</summary>
public static partial class PdfPages
{
    /// <summary>
    /// Counts page objects written in the clear. Returns 0 when none are visible (e.g. kept in compressed object
    /// streams): callers must treat 0 as "unknown", never as "empty".
    /// </summary>
    public static int CountHint(ReadOnlySpan<byte> pdf)
    {
        // Latin-1 keeps one char per byte, so the regex sees the raw syntax.
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        return PageObject().Count(text);
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();
}
