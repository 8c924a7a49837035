using System.Collections.Concurrent;
using System.Diagnostics;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Bench;

/// <summary>Where an OCR document came from: the PDF's text layer, or tesseract on a scanned copy of the PDF.</summary>
public enum OcrSource { TextLayer, Scanned }

/// <summary>A benchmark parameter that knows how many pages it covers (for the per-page columns).</summary>
public interface IHasPages
{
    int Pages { get; }
}

/// <summary>
/// The inputs the in-process benchmarks work on, made once per process from the sample invoices with the real
/// tools (pdftotext, pdftoppm, tesseract) and cached: BenchmarkDotNet's in-process toolchain runs every case in
/// this process, so a document is OCR'd once however many cases use it.
/// </summary>
public static class BenchDocuments
{
    /// <summary>Resolution of the "scanned" copies: what the sample generator uses by default.</summary>
    public const int ScanDpi = 200;

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Pdfs = new();
    private static readonly ConcurrentDictionary<(string, OcrSource), Lazy<OcrDocument>> Documents = new();
    private static readonly ConcurrentDictionary<string, Lazy<string>> Xhtml = new();

    /// <summary>PP-OCR models local/install.sh puts under local/node_modules in this checkout; null when absent.</summary>
    public static string? PpOcrModels { get; } = FindPpOcrModels();

    /// <summary>Tools pipeline, text layer and tesseract: the engine the extraction benchmarks' "scanned" documents come from.</summary>
    public static LocalOcrEngine Engine { get; } = new(ToolsOptions with { ImageEngine = ImageOcrEngine.Tesseract });

    /// <summary>Tools pipeline, text layer and PP-OCR; null without the models.</summary>
    public static LocalOcrEngine? PpOcrEngine { get; } = PpOcrModels is null ? null : new(ToolsOptions);

    /// <summary>The same without the character language model (greedy decoding), to time what the model costs.</summary>
    public static LocalOcrEngine? PpOcrEngineWithoutLanguageModel { get; } =
        PpOcrModels is null ? null : new(ToolsOptions with { LanguageModel = false });

    /// <summary>The same without the accent check (no tesseract reading in the page's language), to time what it costs.</summary>
    public static LocalOcrEngine? PpOcrEngineWithoutAccentCheck { get; } =
        PpOcrModels is null ? null : new(ToolsOptions with { AccentCheck = false });

    /// <summary>In-process pipeline (PdfPig, images decoded here) reading pixels with PP-OCR, or tesseract without the models.</summary>
    public static LocalOcrEngine InProcessEngine { get; } = new(Options(OcrPipeline.InProcess));

    private static LocalOcrOptions ToolsOptions => Options(OcrPipeline.Tools);

    /// <summary>
    /// Production defaults with the pipeline named explicitly (the library's default changed to in process) and the
    /// checkout's PP-OCR models asked for by name, so a missing decoder or model fails instead of falling back.
    /// </summary>
    public static LocalOcrOptions Options(OcrPipeline pipeline) => FindPpOcrModels() is { } models
        ? new LocalOcrOptions { Pipeline = pipeline, ImageEngine = ImageOcrEngine.PpOcr, PpOcrModelDirectory = models }
        : new LocalOcrOptions { Pipeline = pipeline, ImageEngine = ImageOcrEngine.Tesseract };

    private static string? FindPpOcrModels()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "InvoiceScanner.sln"))) continue;
            var models = LocalOcrOptions.PpOcrModelDirectoryIn(dir.FullName);
            return Directory.Exists(models) ? models : null;
        }

        return null;
    }

    public static byte[] Pdf(string sample) =>
        Pdfs.GetOrAdd(sample, name => new Lazy<byte[]>(() => SampleInvoiceCatalog.Get(name).RenderPdf())).Value;

    public static byte[] ScannedPdf(string sample) =>
        Pdfs.GetOrAdd(sample + "#scanned", _ => new Lazy<byte[]>(() =>
            SampleInvoiceImages.RenderScannedPdfAsync(Pdf(sample), ScanDpi, CancellationToken.None).GetAwaiter().GetResult())).Value;

    /// <summary>The document ProcessInvoice would store for this sample (LocalOcrEngine, production defaults).</summary>
    public static OcrDocument Ocr(string sample, OcrSource source) =>
        Documents.GetOrAdd((sample, source), key => new Lazy<OcrDocument>(() =>
        {
            var bytes = key.Item2 == OcrSource.TextLayer ? Pdf(key.Item1) : ScannedPdf(key.Item1);
            var document = Engine.RecognizeAsync(new OcrInput("bench", key.Item1 + ".pdf", DocumentKind.Pdf, bytes), CancellationToken.None)
                .GetAwaiter().GetResult();
            var expected = key.Item2 == OcrSource.TextLayer ? "pdftotext" : "tesseract";
            if (document.Engine != expected)
                throw new InvalidOperationException($"{key.Item1} ({key.Item2}) was read by '{document.Engine}', expected '{expected}'.");
            return document;
        })).Value;

    /// <summary>Raw <c>pdftotext -bbox-layout</c> output for the sample, with the arguments LocalOcrEngine uses.</summary>
    public static string PdfToTextXhtml(string sample) =>
        Xhtml.GetOrAdd(sample, name => new Lazy<string>(() =>
        {
            var folder = Directory.CreateTempSubdirectory("invoicescanner-bench-");
            try
            {
                var pdfPath = Path.Combine(folder.FullName, "input.pdf");
                File.WriteAllBytes(pdfPath, Pdf(name));
                var start = new ProcessStartInfo("pdftotext")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var argument in new[] { "-bbox-layout", "-enc", "UTF-8", pdfPath, "-" }) start.ArgumentList.Add(argument);
                using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start.");
                var errors = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"pdftotext failed ({process.ExitCode}): {errors.Result}");
                return output;
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        })).Value;

    /// <summary>All sample pages, text layer, as one document (pages renumbered): a larger multi-page document.</summary>
    public static OcrDocument AllSamplesTextLayer()
    {
        var pages = SampleInvoiceCatalog.All
            .SelectMany(s => Ocr(s.Name, OcrSource.TextLayer).Pages)
            .Select((page, i) => page with { Number = i + 1 })
            .ToList();
        return new OcrDocument("pdftotext", pages) { FromTextLayer = true };
    }

    public static int WordCount(OcrDocument document) => document.AllLines.Sum(l => l.Words.Count);
}
