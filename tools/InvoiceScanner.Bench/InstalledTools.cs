namespace InvoiceScanner.Bench;

/// <summary>
/// Which of the tools pipeline's programs are here, looked up the way LocalOcrEngine looks (PATH, then /opt/bin), so
/// the benchmark skips the rows that would fail instead of failing the run.
/// </summary>
public static class InstalledTools
{
    public static bool Poppler { get; } = Has("pdfinfo") && Has("pdftotext") && Has("pdftoppm");

    public static bool PdfToPpm { get; } = Has("pdftoppm");

    public static bool Tesseract { get; } = Has("tesseract");

    /// <summary>ImageMagick or GraphicsMagick: what the tools pipeline decodes images with for PP-OCR.</summary>
    public static bool ImageConverter { get; } = Has("convert") || Has("magick") || Has("gm");

    private static bool Has(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/opt/bin")
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
