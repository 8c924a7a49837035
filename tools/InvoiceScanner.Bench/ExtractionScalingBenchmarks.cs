using BenchmarkDotNet.Attributes;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction;

namespace InvoiceScanner.Bench;

/// <summary>A document made of one sample's text-layer pages repeated.</summary>
public sealed record ScalingInput(string Sample, int Copies, int Pages) : IHasPages
{
    public override string ToString() => $"{Sample} ×{Copies} [{Pages}p]";
}

/// <summary>
/// Extraction on one invoice's pages repeated 1, 4 and 16 times: a per-page budget only means something if the
/// cost grows linearly with the pages (uploads may have up to OCR_MAX_PAGES = 50). Compare Median/page down the
/// column; repeated pages are artificial (every amount appears N times), so read the trend, not the values.
/// </summary>
[BenchmarkCategory("extraction")]
public class ExtractionScalingBenchmarks
{
    private const string Sample = "us-office-supply-invoice";

    private LocalInvoiceExtractor _extractor = null!;
    private OcrDocument _document = null!;

    public static IEnumerable<ScalingInput> Inputs() =>
        (BenchSettings.Quick ? new[] { 1, 4 } : [1, 4, 16]).Select(copies => new ScalingInput(Sample, copies, copies));

    [ParamsSource(nameof(Inputs))]
    public ScalingInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var page = BenchDocuments.Ocr(Sample, OcrSource.TextLayer).Pages.Single();
        var pages = Enumerable.Range(1, Input.Copies).Select(n => page with { Number = n }).ToList();
        _document = new OcrDocument("pdftotext", pages) { FromTextLayer = true };
        _extractor = new LocalInvoiceExtractor();
    }

    [Benchmark(Description = "Extract")]
    public ExtractionResult Extract() => _extractor.Extract(_document, ExtractionOptions.Default);
}
