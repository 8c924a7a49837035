using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Bench;

/// <summary>One input read by one engine in the <c>ocr</c> benchmark, and its per-page timings.</summary>
public sealed record OcrVariant(string Pipeline, string Input, string Reader, DocumentKind Kind, byte[] Bytes, int Pages, string ExpectedEngine, LocalOcrEngine Engine)
{
    public const string Tools = "tools";
    public const string InProcess = "in-process";
    public const string TextLayer = "text layer";

    public string Name => $"{Pipeline}: {Input}, {Reader}";

    public bool IsTextLayer => Reader == TextLayer;

    public List<double> MsPerPage { get; } = [];
}

/// <summary>What the <c>ocr</c> benchmark reads; the raster inputs are null where pdftoppm is missing to make them.</summary>
public sealed record OcrTimingInputs(string Sample, int Pages, int Dpi, byte[] Pdf, byte[]? Scanned, byte[]? Png, OcrBenchInput? Photo)
{
    public const double PhotoMegapixels = 12;

    public string ScannedName => $"scanned PDF ({Dpi} dpi image)";

    public string PngName => $"PNG, page 1 ({Dpi} dpi)";

    public static async Task<OcrTimingInputs> PrepareAsync(string sampleName, int dpi, CancellationToken cancellationToken)
    {
        var sample = SampleInvoiceCatalog.Get(sampleName);
        var pdf = sample.RenderPdf();
        var pages = sample.Expected.PageCount;
        if (!InstalledTools.PdfToPpm)
        {
            Console.WriteLine("pdftoppm is not installed: no scanned PDF, PNG or photo can be made; text-layer rows only.");
            return new(sample.Name, pages, dpi, pdf, null, null, null);
        }

        Console.WriteLine($"Preparing {sample.Name} ({pages} page(s)): scanned PDF and PNG at {dpi} dpi, a {PhotoMegapixels:0} MP JPEG photo ...");
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(pdf, dpi, cancellationToken).ConfigureAwait(false);
        var png = await SampleInvoiceImages.RenderPngAsync(pdf, dpi, cancellationToken).ConfigureAwait(false);
        var photo = await OcrInputs.PhotoAsync(pdf, PhotoMegapixels, cancellationToken).ConfigureAwait(false);
        return new(sample.Name, pages, dpi, pdf, scanned, png, photo);
    }
}

/// <summary>
/// The rows of the <c>ocr</c> benchmark: every input through the tools pipeline and through the in-process one, with
/// the same pixel reader where both can (PP-OCR when its models are installed), so each pair differs in the pipeline
/// alone. Rows whose programs are missing are left out with a note rather than failing the run.
/// </summary>
public static class OcrVariants
{
    private const string PpOcr = "PP-OCR";

    public static List<OcrVariant> Build(OcrTimingInputs inputs)
    {
        List<OcrVariant> variants = [];
        AddTools(variants, inputs);
        AddInProcess(variants, inputs);
        return variants;
    }

    private static void AddTools(List<OcrVariant> variants, OcrTimingInputs inputs)
    {
        const string tools = OcrVariant.Tools;
        if (!InstalledTools.Poppler)
        {
            Console.WriteLine("poppler (pdfinfo, pdftotext, pdftoppm) is not installed: tools rows skipped.");
            return;
        }

        variants.Add(new(tools, "text-layer PDF", OcrVariant.TextLayer, DocumentKind.Pdf, inputs.Pdf, inputs.Pages, "pdftotext", BenchDocuments.Engine));
        var ppocr = BenchDocuments.PpOcrEngine;
        if (InstalledTools.Tesseract)
            // The photo only when tesseract is what the in-process rows read it with too: it is slow and pairs with nothing else.
            AddPixelRows(variants, inputs, tools, "tesseract", BenchDocuments.Engine, images: true, photo: ppocr is null);
        else
            Console.WriteLine("tesseract is not installed: tools tesseract rows skipped.");

        if (ppocr is null)
        {
            Console.WriteLine("PP-OCR models not installed (run local/install.sh): PP-OCR rows skipped.");
            return;
        }

        if (!InstalledTools.ImageConverter)
            Console.WriteLine("ImageMagick is not installed: tools PP-OCR rows for the PNG and the photo skipped (it decodes them there).");
        AddPixelRows(variants, inputs, tools, PpOcr, ppocr, images: InstalledTools.ImageConverter, photo: true);
        if (!InstalledTools.ImageConverter || inputs.Png is not { } png) return;
        if (BenchDocuments.PpOcrEngineWithoutLanguageModel is { } greedy)
            variants.Add(new(tools, inputs.PngName, "PP-OCR without language model", DocumentKind.Png, png, 1, "ppocr", greedy));
        if (BenchDocuments.PpOcrEngineWithoutAccentCheck is { } plain)
            variants.Add(new(tools, inputs.PngName, "PP-OCR without accent check", DocumentKind.Png, png, 1, "ppocr", plain));
    }

    private static void AddInProcess(List<OcrVariant> variants, OcrTimingInputs inputs)
    {
        const string inProcess = OcrVariant.InProcess;
        var engine = BenchDocuments.InProcessEngine;
        variants.Add(new(inProcess, "text-layer PDF", OcrVariant.TextLayer, DocumentKind.Pdf, inputs.Pdf, inputs.Pages, "pdfpig", engine));
        if (BenchDocuments.PpOcrModels is not null)
            AddPixelRows(variants, inputs, inProcess, PpOcr, engine, images: true, photo: true);
        else if (InstalledTools.Tesseract)
            AddPixelRows(variants, inputs, inProcess, "tesseract", engine, images: true, photo: true);
        else
            Console.WriteLine("Neither PP-OCR models nor tesseract are installed: in-process pixel rows skipped.");
    }

    private static void AddPixelRows(List<OcrVariant> variants, OcrTimingInputs inputs, string pipeline, string reader, LocalOcrEngine engine, bool images, bool photo)
    {
        var expected = reader == PpOcr ? "ppocr" : "tesseract";
        if (inputs.Scanned is { } scanned)
            variants.Add(new(pipeline, inputs.ScannedName, reader, DocumentKind.Pdf, scanned, inputs.Pages, expected, engine));
        if (!images) return;
        if (inputs.Png is { } png)
            variants.Add(new(pipeline, inputs.PngName, reader, DocumentKind.Png, png, 1, expected, engine));
        if (photo && inputs.Photo is { } jpeg)
            variants.Add(new(pipeline, jpeg.Description, reader, DocumentKind.Jpeg, jpeg.Bytes, 1, expected, engine));
    }
}
