namespace InvoiceScanner.Bench;

/// <summary>Process-wide switches. The in-process toolchain runs every benchmark here, so parameter sources see them.</summary>
public static class BenchSettings
{
    /// <summary>--quick: fewer cases (no tesseract-based extraction inputs) and shorter iterations.</summary>
    public static bool Quick { get; set; }
}
