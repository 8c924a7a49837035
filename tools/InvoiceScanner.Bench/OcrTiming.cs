using System.Diagnostics;
using System.Globalization;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;

namespace InvoiceScanner.Bench;

/// <summary>
/// LocalOcrEngine.RecognizeAsync, wall clock per page, on one sample invoice as a text-layer PDF, a scanned copy, a PNG
/// of page 1 and a JPEG photo of it, each through the tools pipeline (poppler, ImageMagick, tesseract or PP-OCR) and
/// the in-process one (PdfPig, images decoded here, PP-OCR) (see <see cref="OcrVariants"/>). Rounds are interleaved and
/// their order rotated, so load from other processes on the machine lands on every variant alike; ratios are taken
/// per round (paired) as well as between medians.
/// </summary>
public static class OcrTiming
{
    private const double TargetSpeedup = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = BenchSettings.Quick ? 3 : 7;
        var sampleName = OcrInputs.DefaultSample;
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

        var inputs = await OcrTimingInputs.PrepareAsync(sampleName, dpi, CancellationToken.None);
        var variants = OcrVariants.Build(inputs);
        Console.WriteLine($"Warm-up round (loads the models), then {runs} timed rounds (interleaved, order rotated) of {variants.Count} variants ...");
        await TimeRoundsAsync(variants, runs);

        Console.WriteLine();
        Console.WriteLine($"OCR per page, {inputs.Sample}, {runs} runs, LocalOcrEngine defaults with the pipeline set (tools: PDF pages rasterised at {new LocalOcrOptions().RasterDpi} dpi; OMP_THREAD_LIMIT=1)");
        PrintVariants(variants);
        PrintPipelineComparison(variants);
        if (inputs.Scanned is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"(Scanned PDF: the tools pipeline renders each page with pdftoppm at {new LocalOcrOptions().RasterDpi} dpi; the in-process one reads the page's own {dpi} dpi image, so it has fewer pixels to read.)");
        }

        Console.WriteLine();
        foreach (var pipeline in variants.GroupBy(v => v.Pipeline))
        {
            if (pipeline.FirstOrDefault(v => v.IsTextLayer) is not { } text) continue;
            foreach (var raster in pipeline.Where(v => !v.IsTextLayer))
            {
                var speedup = Median(raster.MsPerPage) / Median(text.MsPerPage);
                var worst = raster.MsPerPage.Zip(text.MsPerPage, (a, b) => a / b).Min();
                Console.WriteLine($"Target text layer ≥ {TargetSpeedup:0}× faster than raster per page, vs {raster.Name}: {speedup:0.0}× (worst round {worst:0.0}×) → {(speedup >= TargetSpeedup ? "MET" : "NOT MET")}");
            }
        }

        return 0;
    }

    private static async Task TimeRoundsAsync(List<OcrVariant> variants, int runs)
    {
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
    }

    private static void PrintVariants(List<OcrVariant> variants)
    {
        Console.WriteLine();
        Console.WriteLine("| Pipeline | Input | Read by | Bytes | Median ms/page | Min | Max | vs the pipeline's text layer (ratio of medians) | paired ratio per round: median [min–max] |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var variant in variants)
        {
            var text = variants.FirstOrDefault(v => v.Pipeline == variant.Pipeline && v.IsTextLayer);
            var ratioText = variant == text ? "1×" : text is null ? "-" : $"{Median(variant.MsPerPage) / Median(text.MsPerPage):0.0}×";
            var pairedText = variant == text || text is null ? "-" : Paired(variant, text, "0.0");
            Console.WriteLine($"| {variant.Pipeline} | {variant.Input} | {variant.Reader} | {variant.Bytes.Length:N0} | {Median(variant.MsPerPage):0.0} | {variant.MsPerPage.Min():0.0} | {variant.MsPerPage.Max():0.0} | {ratioText} | {pairedText} |");
        }
    }

    /// <summary>Each input and reader through both pipelines: what moving in process changes, everything else equal.</summary>
    private static void PrintPipelineComparison(List<OcrVariant> variants)
    {
        var pairs = variants.Where(v => v.Pipeline == OcrVariant.Tools)
            .Select(tools => (Tools: tools, InProcess: variants.FirstOrDefault(v =>
                v.Pipeline == OcrVariant.InProcess && v.Input == tools.Input && v.Reader == tools.Reader)))
            .Where(pair => pair.InProcess is not null)
            .ToList();
        if (pairs.Count == 0) return;

        Console.WriteLine();
        Console.WriteLine("In-process vs tools pipeline, same input and reader (ratio below 1: in process is faster):");
        Console.WriteLine();
        Console.WriteLine("| Input | Read by | tools ms/page | in-process ms/page | in-process/tools (ratio of medians) | paired ratio per round: median [min–max] |");
        Console.WriteLine("|---|---|---:|---:|---:|---|");
        foreach (var (tools, inProcess) in pairs)
        {
            var ratio = Median(inProcess!.MsPerPage) / Median(tools.MsPerPage);
            Console.WriteLine($"| {tools.Input} | {tools.Reader} | {Median(tools.MsPerPage):0.0} | {Median(inProcess.MsPerPage):0.0} | {ratio:0.00}× | {Paired(inProcess, tools, "0.00")} |");
        }
    }

    private static string Paired(OcrVariant variant, OcrVariant baseline, string format)
    {
        var paired = variant.MsPerPage.Zip(baseline.MsPerPage, (a, b) => a / b).ToList();
        return $"{Median(paired).ToString(format, CultureInfo.CurrentCulture)}× [{paired.Min().ToString(format, CultureInfo.CurrentCulture)}–{paired.Max().ToString(format, CultureInfo.CurrentCulture)}]";
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
