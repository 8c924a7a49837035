using System.Diagnostics;
using System.Globalization;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Bench;

/// <summary>
/// LocalOcrEngine.RecognizeAsync, wall clock, on one sample invoice in three forms: the PDF with its text layer
/// (pdfinfo + pdftotext), a scanned copy of that PDF (pdfinfo + pdftotext + pdftoppm + tesseract or PP-OCR), and a
/// PNG of page 1 (tesseract or PP-OCR; PP-OCR rows only when its models are installed). Rounds are interleaved and their order rotated, so load from other processes on the machine
/// lands on every variant alike; ratios are taken per round (paired) as well as between medians.
/// </summary>
public static class OcrTiming
{
    private const double TargetSpeedup = 20;

    private sealed record Variant(string Name, DocumentKind Kind, byte[] Bytes, int Pages, string ExpectedEngine, InvoiceScanner.Ocr.LocalOcrEngine Engine)
    {
        public List<double> MsPerPage { get; } = [];
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = BenchSettings.Quick ? 3 : 7;
        var sampleName = "us-office-supply-invoice";
        var dpi = BenchDocuments.ScanDpi;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 1: runs = n; i++; break;
                case "--sample" when i + 1 < args.Length: sampleName = args[++i]; break;
                case "--dpi" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var d) && d is >= 72 and <= 600: dpi = d; i++; break;
                default:
                    Console.Error.WriteLine($"ocr: unexpected argument '{args[i]}'. Usage: ocr [--quick] [--runs N] [--sample NAME] [--dpi N]");
                    return 2;
            }
        }

        var sample = SampleInvoiceCatalog.Get(sampleName);
        var pdf = sample.RenderPdf();
        var pages = sample.Expected.PageCount;
        Console.WriteLine($"Preparing {sample.Name} ({pages} page(s)): scanned PDF and PNG at {dpi} dpi ...");
        var scanned = await SampleInvoiceImages.RenderScannedPdfAsync(pdf, dpi, CancellationToken.None);
        var png = await SampleInvoiceImages.RenderPngAsync(pdf, dpi, CancellationToken.None);
        var tesseract = BenchDocuments.Engine;
        List<Variant> variants =
        [
            new("text-layer PDF", DocumentKind.Pdf, pdf, pages, "pdftotext", tesseract),
            new($"scanned PDF ({dpi} dpi image), tesseract", DocumentKind.Pdf, scanned, pages, "tesseract", tesseract),
            new($"PNG, page 1 ({dpi} dpi), tesseract", DocumentKind.Png, png, 1, "tesseract", tesseract),
        ];
        if (BenchDocuments.PpOcrEngine is { } ppocr)
        {
            variants.Add(new($"scanned PDF ({dpi} dpi image), PP-OCR", DocumentKind.Pdf, scanned, pages, "ppocr", ppocr));
            variants.Add(new($"PNG, page 1 ({dpi} dpi), PP-OCR", DocumentKind.Png, png, 1, "ppocr", ppocr));
            if (BenchDocuments.PpOcrEngineWithoutLanguageModel is { } greedy)
                variants.Add(new($"PNG, page 1 ({dpi} dpi), PP-OCR without language model", DocumentKind.Png, png, 1, "ppocr", greedy));
            if (BenchDocuments.PpOcrEngineWithoutAccentCheck is { } plain)
                variants.Add(new($"PNG, page 1 ({dpi} dpi), PP-OCR without accent check", DocumentKind.Png, png, 1, "ppocr", plain));
        }
        else
        {
            Console.WriteLine("PP-OCR models not installed (run local/install.sh): PP-OCR rows skipped.");
        }

        Console.WriteLine($"Warm-up round, then {runs} timed rounds (interleaved, order rotated) ...");
        for (var round = -1; round < runs; round++)
        {
            for (var k = 0; k < variants.Count; k++)
            {
                var variant = variants[(k + Math.Max(round, 0)) % variants.Count];
                var stopwatch = Stopwatch.StartNew();
                var document = await variant.Engine.RecognizeAsync(new OcrInput("bench", "ocr-bench", variant.Kind, variant.Bytes), CancellationToken.None);
                stopwatch.Stop();
                if (document.Engine != variant.ExpectedEngine || document.Pages.Count != variant.Pages)
                    throw new InvalidOperationException($"{variant.Name}: engine '{document.Engine}', {document.Pages.Count} page(s); expected '{variant.ExpectedEngine}', {variant.Pages}.");
                if (round >= 0) variant.MsPerPage.Add(stopwatch.Elapsed.TotalMilliseconds / variant.Pages);
            }
        }

        var text = variants[0];
        Console.WriteLine();
        Console.WriteLine($"OCR per page, {sample.Name}, {runs} runs, LocalOcrEngine defaults (raster {new InvoiceScanner.Ocr.LocalOcrOptions().RasterDpi} dpi for PDF pages, OMP_THREAD_LIMIT=1)");
        Console.WriteLine();
        Console.WriteLine("| Input | Bytes | Median ms/page | Min | Max | vs text layer (ratio of medians) | paired ratio per round: median [min–max] |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var variant in variants)
        {
            var ratio = Median(variant.MsPerPage) / Median(text.MsPerPage);
            var paired = variant.MsPerPage.Zip(text.MsPerPage, (a, b) => a / b).ToList();
            var ratioText = variant == text ? "1×" : $"{ratio:0.0}×";
            var pairedText = variant == text ? "-" : $"{Median(paired):0.0}× [{paired.Min():0.0}–{paired.Max():0.0}]";
            Console.WriteLine($"| {variant.Name} | {variant.Bytes.Length:N0} | {Median(variant.MsPerPage):0.0} | {variant.MsPerPage.Min():0.0} | {variant.MsPerPage.Max():0.0} | {ratioText} | {pairedText} |");
        }

        Console.WriteLine();
        foreach (var raster in variants.Skip(1))
        {
            var speedup = Median(raster.MsPerPage) / Median(text.MsPerPage);
            var worst = raster.MsPerPage.Zip(text.MsPerPage, (a, b) => a / b).Min();
            Console.WriteLine($"Target text layer ≥ {TargetSpeedup:0}× faster than raster per page, vs {raster.Name}: {speedup:0.0}× (worst round {worst:0.0}×) → {(speedup >= TargetSpeedup ? "MET" : "NOT MET")}");
        }

        return 0;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
