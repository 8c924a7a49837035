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
/// (up to 10× slower) and the later ones were not, which made the case order show up as a cost. A time budget alone
/// is not enough: a method is promoted only after it has been called 30 times (then again after its instrumented
/// tier), and three seconds on a loaded machine were 22 calls of Extract, so the first case (the two-page invoice)
/// was still measured on tier-0 code at four times its steady time. Hence a floor on the rounds as well.
/// </summary>
public static class Prewarm
{
    /// <summary>Calls of every operation before measuring: past both tiering thresholds with room for the delay.</summary>
    private const int MinRounds = 100;

    /// <summary>However loaded the machine, stop after this many budgets.</summary>
    private const int MaxBudget = 10;

    public static void Run(TimeSpan budget)
    {
        var extractor = new LocalInvoiceExtractor();
        var documents = ExtractionBenchmarks.Inputs().Select(i => BenchDocuments.Ocr(i.Sample, i.Source)).ToList();
        var json = OcrJsonBenchmarks.Inputs().Select(i => OcrDocumentJson.Serialize(i.Build())).ToList();
        var xhtml = PdfToTextParserBenchmarks.Inputs().Select(i => BenchDocuments.PdfToTextXhtml(i.Sample)).ToList();

        var stopwatch = Stopwatch.StartNew();
        var rounds = 0;
        var first = TimeSpan.Zero;
        var last = TimeSpan.Zero;
        while ((stopwatch.Elapsed < budget || rounds < MinRounds) && stopwatch.Elapsed < MaxBudget * budget)
        {
            var round = stopwatch.Elapsed;
            foreach (var document in documents) extractor.Extract(document, ExtractionOptions.Default);
            foreach (var bytes in json) OcrDocumentJson.Serialize(OcrDocumentJson.Deserialize(bytes));
            foreach (var text in xhtml) PdfToTextBboxParser.Parse(text);
            last = stopwatch.Elapsed - round;
            if (rounds++ == 0) first = last;
        }

        // Let the background tier-1 compilations queued by the last calls finish.
        Thread.Sleep(500);
        Console.WriteLine($"Pre-warmed every operation {rounds} times in {stopwatch.Elapsed.TotalSeconds:0.0} s "
            + $"(a round: {first.TotalMilliseconds:0} ms first, {last.TotalMilliseconds:0} ms last).");
        Console.WriteLine();
    }
}
