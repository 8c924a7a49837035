using System.Globalization;
using BenchmarkDotNet.Running;
using InvoiceScanner.Bench;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.SampleInvoices;

// Benchmarks for InvoiceScanner (see BENCHMARKS.md; scripts/bench.sh runs them all).
//   micro [--quick] [BenchmarkDotNet args]       in-process: extraction, OCR JSON, pdftotext parser (BenchmarkDotNet)
//   ocr [--quick] [--runs N] [--sample NAME] [--dpi N]   LocalOcrEngine per page, tools vs in-process pipeline: text layer, scan, PNG, photo
//   ocr-input --input KIND --out FILE [--pages N]  writes one OCR input (textpdf, png, jpeg60mp, scan50 of N pages) for ocr-process
//   ocr-process --pipeline inprocess|tools --file FILE   reads it once, cold, with a fresh engine (scripts/bench.sh times it)
//   ocr-process-report [--quick] DIR               markdown table of the ocr-process runs scripts/bench.sh writes
//   coldstart-report DIR                           summary of the hyperfine/RSS files scripts/bench.sh writes
var mode = args.Length > 0 ? args[0] : "";
var rest = args.Skip(1).Where(a => a != "--quick").ToArray();
BenchSettings.Quick = args.Contains("--quick");

switch (mode)
{
    case "micro":
        return RunMicro(rest);
    case "ocr":
        return await OcrTiming.RunAsync(rest);
    case "ocr-input":
        return await OcrProcess.WriteInputAsync(rest);
    case "ocr-process":
        return await OcrProcess.ReadAsync(rest);
    case "ocr-process-report":
        return OcrProcessReport.Run(rest);
    case "coldstart-report":
        return ColdStartReport.Run(rest);
    default:
        Console.Error.WriteLine("usage: InvoiceScanner.Bench micro [--quick] [BenchmarkDotNet args] | ocr [--quick] [--runs N] [--sample NAME] [--dpi N]"
            + " | ocr-input --input KIND --out FILE [--pages N] | ocr-process --pipeline inprocess|tools --file FILE | ocr-process-report [--quick] DIR | coldstart-report DIR");
        return 2;
}

// Its own method so the ocr-process runs, whose memory is measured, never load BenchmarkDotNet.
static int RunMicro(string[] rest)
{
    PrintInputs();
    Prewarm.Run(TimeSpan.FromSeconds(BenchSettings.Quick ? 3 : 6));
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly)
        .Run(rest.Length > 0 ? rest : ["--filter", "*"], BenchConfig.Create(BenchSettings.Quick));
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

// What the in-process benchmarks work on; made here (OCR included) so the sizes are in the log next to the results.
static void PrintInputs()
{
    Console.WriteLine("Benchmark inputs (LocalOcrEngine output of the sample invoices):");
    Console.WriteLine();
    Console.WriteLine("| Sample | Source | Pages | Lines | Words | OCR JSON bytes |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var input in ExtractionBenchmarks.Inputs())
    {
        var document = BenchDocuments.Ocr(input.Sample, input.Source);
        var lines = document.AllLines.Count();
        var json = OcrDocumentJson.Serialize(document).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {input.Sample} | {document.Engine} | {document.Pages.Count} | {lines} | {BenchDocuments.WordCount(document)} | {json:N0} |"));
    }

    var all = BenchDocuments.AllSamplesTextLayer();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| all-samples (OCR JSON benchmark) | pdftotext | {all.Pages.Count} | {all.AllLines.Count()} | {BenchDocuments.WordCount(all)} | {OcrDocumentJson.Serialize(all).Length:N0} |"));
    foreach (var sample in PdfToTextParserBenchmarks.Inputs())
        Console.WriteLine($"pdftotext -bbox-layout output of {sample.Sample}: {BenchDocuments.PdfToTextXhtml(sample.Sample).Length:N0} chars");
    Console.WriteLine($"({SampleInvoiceCatalog.All.Count} samples; scanned copies at {BenchDocuments.ScanDpi} dpi, re-rasterised by the engine.)");
    Console.WriteLine();
}
