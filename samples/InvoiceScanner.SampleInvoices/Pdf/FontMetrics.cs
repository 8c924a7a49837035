namespace InvoiceScanner.SampleInvoices.Pdf;

/// <summary>The standard 14 fonts this writer uses; every PDF reader has them, so nothing is embedded.</summary>
public enum PdfFont { Helvetica, HelveticaBold, HelveticaOblique, Courier, CourierBold }

/// <summary>Advance widths of the standard fonts in 1/1000 em for WinAnsi codes 32..255.</summary>
/// <remarks>
/// Measured on this machine from poppler's built-in metrics of the base-14 fonts (what pdftotext and every viewer
/// lay the text out with), so right-aligned amounts end exactly where the layout says.
/// </remarks>
public static class FontMetrics
{
    public static double Width(string text, PdfFont font, double size)
    {
        double units = 0;
        foreach (var c in text)
        {
            units += font switch
            {
                PdfFont.Courier or PdfFont.CourierBold => 600,
                PdfFont.HelveticaBold => Lookup(HelveticaBold, WinAnsi.Encode(c)),
                _ => Lookup(Helvetica, WinAnsi.Encode(c)),
            };
        }

        return units * size / 1000;
    }

    public static string BaseFontName(PdfFont font) => font switch
    {
        PdfFont.Helvetica => "Helvetica",
        PdfFont.HelveticaBold => "Helvetica-Bold",
        PdfFont.HelveticaOblique => "Helvetica-Oblique",
        PdfFont.Courier => "Courier",
        PdfFont.CourierBold => "Courier-Bold",
        _ => throw new ArgumentOutOfRangeException(nameof(font)),
    };

    private static int Lookup(short[] table, byte code) => code < 32 ? 0 : table[code - 32];

    private static readonly short[] Helvetica =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,    ];

    private static readonly short[] HelveticaBold =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,    ];
}
