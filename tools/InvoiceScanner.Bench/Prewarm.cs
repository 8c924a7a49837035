using System.Diagnostics;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction;
using InvoiceScanner.Ocr.Parsing;

namespace InvoiceScanner.Bench;

/// <summary>
/// Runs every measured operation for a few seconds before BenchmarkDotNet starts. The in-process toolchain shares
/// one JIT across all cases, and tiered compilation promotes hot methods only after a quiet period that a loaded
/// machine keeps extending: without this, the first cases were measured partly on unoptimised tier-0 code
/// (up to 10× slower) and the later ones were not, which made the case order show up as a cost.
/// </summary>
public static class Prewarm
{
    public static void Run(TimeSpan budget)
    {
        var extractor = new LocalInvoiceExtractor();
        var documents = ExtractionBenchmarks.Inputs().Select(i => BenchDocuments.Ocr(i.Sample, i.Source)).ToList();
        var json = OcrJsonBenchmarks.Inputs().Select(i => OcrDocumentJson.Serialize(i.Build())).ToList();
        var xhtml = PdfToTextParserBenchmarks.Inputs().Select(i => BenchDocuments.PdfToTextXhtml(i.Sample)).ToList();

        var stopwatch = Stopwatch.StartNew();
        var rounds = 0;
        while (stopwatch.Elapsed < budget)
        {
            foreach (var document in documents) extractor.Extract(document, ExtractionOptions.Default);
            foreach (var bytes in json) OcrDocumentJson.Serialize(OcrDocumentJson.Deserialize(bytes));
            foreach (var text in xhtml) PdfToTextBboxParser.Parse(text);
            rounds++;
        }

        // Let the background tier-1 compilations queued by the last calls finish.
        Thread.Sleep(500);
        Console.WriteLine($"Pre-warmed every operation {rounds} times in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
        Console.WriteLine();
    }
}
