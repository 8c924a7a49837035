using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;
using SkiaSharp;

namespace InvoiceScanner.Bench;

/// <summary>A document made for the OCR benchmarks: its bytes, pages and what it is.</summary>
public sealed record OcrBenchInput(byte[] Bytes, int Pages, string Description);

/// <summary>
/// The OCR benchmarks' inputs, made from a sample invoice: pdftoppm renders its first page (fine for making inputs;
/// the pipelines under test read the results), Skia scales and encodes photos, PdfDocumentBuilder wraps scans.
/// </summary>
public static class OcrInputs
{
    public const string DefaultSample = "us-office-supply-invoice";

    /// <summary>Photos are scaled from a rendering this sharp, so upscaling adds size, not blur a phone would not have.</summary>
    private const int PhotoRenderDpi = 300;

    /// <summary>The kinds <c>ocr-input</c> writes, in the order the report lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["textpdf", "png", "jpeg60mp", "scan50"];

    /// <summary>What the kind's file is called on disk (the report reads the kind back from the name).</summary>
    public static string Extension(string kind) => kind switch
    {
        "textpdf" or "scan50" => ".pdf",
        "png" => ".png",
        "jpeg60mp" => ".jpg",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown input kind"),
    };

    /// <summary>One input of <paramref name="kind"/>; <paramref name="scanPages"/> is the page count of scan50.</summary>
    public static async Task<OcrBenchInput> MakeAsync(string kind, int scanPages, CancellationToken cancellationToken)
    {
        var sample = SampleInvoiceCatalog.Get(DefaultSample);
        var pdf = sample.RenderPdf();
        return kind switch
        {
            "textpdf" => new(pdf, sample.Expected.PageCount, $"{sample.Name}, text layer"),
            "png" => new(await SampleInvoiceImages.RenderPngAsync(pdf, BenchDocuments.ScanDpi, cancellationToken).ConfigureAwait(false), 1,
                $"{sample.Name} page 1, {BenchDocuments.ScanDpi} dpi PNG"),
            "jpeg60mp" => await PhotoAsync(pdf, 60, cancellationToken).ConfigureAwait(false),
            "scan50" => await ScanAsync(pdf, scanPages, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown input kind"),
        };
    }

    /// <summary>Page 1 of <paramref name="pdf"/> as a colour JPEG photo of about <paramref name="megapixels"/>.</summary>
    public static async Task<OcrBenchInput> PhotoAsync(byte[] pdf, double megapixels, CancellationToken cancellationToken)
    {
        using var page = await RenderPageAsync(pdf, PhotoRenderDpi, cancellationToken).ConfigureAwait(false);
        var (jpeg, width, height) = JpegPhoto(page, megapixels);
        return new(jpeg, 1, $"JPEG photo of page 1, {width}×{height} ({width * (double)height / 1e6:0} MP)");
    }

    /// <summary>A PDF of <paramref name="pages"/> copies of page 1 scanned at the benchmarks' scan resolution.</summary>
    public static async Task<OcrBenchInput> ScanAsync(byte[] pdf, int pages, CancellationToken cancellationToken)
    {
        using var page = await RenderPageAsync(pdf, BenchDocuments.ScanDpi, cancellationToken).ConfigureAwait(false);
        return new(ScannedPdf(page, BenchDocuments.ScanDpi, pages), pages, $"page 1 scanned at {BenchDocuments.ScanDpi} dpi, {pages} pages");
    }

    /// <summary>Page 1 of <paramref name="pdf"/> rendered at <paramref name="dpi"/>, in colour.</summary>
    public static async Task<SKBitmap> RenderPageAsync(byte[] pdf, int dpi, CancellationToken cancellationToken)
    {
        var png = await SampleInvoiceImages.RenderPngAsync(pdf, dpi, cancellationToken).ConfigureAwait(false);
        return SKBitmap.Decode(png) ?? throw new InvalidOperationException("Skia could not decode the pdftoppm rendering.");
    }

    /// <summary>
    /// <paramref name="page"/> scaled to about <paramref name="megapixels"/> (same aspect) and JPEG-encoded at quality 85,
    /// in colour: what a phone photo of the page amounts to for a decoder.
    /// </summary>
    public static (byte[] Jpeg, int Width, int Height) JpegPhoto(SKBitmap page, double megapixels)
    {
        ArgumentNullException.ThrowIfNull(page);
        var scale = Math.Sqrt(megapixels * 1e6 / ((double)page.Width * page.Height));
        var info = page.Info.WithSize((int)Math.Round(page.Width * scale), (int)Math.Round(page.Height * scale));
        using var photo = page.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new InvalidOperationException("Skia could not scale the page.");
        using var data = photo.Encode(SKEncodedImageFormat.Jpeg, 85)
            ?? throw new InvalidOperationException("Skia could not encode the JPEG.");
        return (data.ToArray(), info.Width, info.Height);
    }

    /// <summary>A PDF of <paramref name="pages"/> pages, each drawing the page as a greyscale scan (no text layer).</summary>
    public static byte[] ScannedPdf(SKBitmap page, int dpi, int pages)
    {
        ArgumentNullException.ThrowIfNull(page);
        var scan = Grey(page);
        var builder = new PdfDocumentBuilder();
        var width = page.Width * 72.0 / dpi;
        var height = page.Height * 72.0 / dpi;
        for (var n = 0; n < pages; n++)
        {
            var pdfPage = builder.AddPage(width, height);
            pdfPage.Image(scan, 0, 0, width, height);
        }

        return builder.ToBytes();
    }

    private static PdfGrayImage Grey(SKBitmap bitmap)
    {
        if (bitmap.ColorType is not (SKColorType.Bgra8888 or SKColorType.Rgba8888))
            throw new InvalidOperationException($"Unexpected decoded colour type {bitmap.ColorType}.");
        var (red, blue) = bitmap.ColorType == SKColorType.Bgra8888 ? (2, 0) : (0, 2);
        var source = bitmap.GetPixelSpan();
        var pixels = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = source.Slice(y * bitmap.RowBytes, bitmap.Width * 4);
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = row.Slice(x * 4, 4);
                pixels[(y * bitmap.Width) + x] = (byte)(((299 * p[red]) + (587 * p[1]) + (114 * p[blue]) + 500) / 1000);
            }
        }

        return new PdfGrayImage(bitmap.Width, bitmap.Height, pixels);
    }
}
