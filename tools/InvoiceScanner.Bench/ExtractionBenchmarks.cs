using BenchmarkDotNet.Attributes;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Bench;

/// <summary>One sample invoice as OCR'd from one source.</summary>
public sealed record ExtractionInput(string Sample, OcrSource Source, int Pages) : IHasPages
{
    public override string ToString() => $"{Sample} [{(Source == OcrSource.TextLayer ? "text" : "scan")}, {Pages}p]";
}

/// <summary>
/// LocalInvoiceExtractor.Extract on the OCR documents of the sample invoices: ExtractData runs it once per
/// invoice, so its time is billed Lambda duration and its allocations drive GC pauses in a small function.
/// </summary>
[BenchmarkCategory("extraction")]
public class ExtractionBenchmarks
{
    private LocalInvoiceExtractor _extractor = null!;
    private LocalInvoiceExtractor _rulesOnly = null!;
    private OcrDocument _document = null!;

    public static IEnumerable<ExtractionInput> Inputs()
    {
        var sources = BenchSettings.Quick ? [OcrSource.TextLayer] : new[] { OcrSource.TextLayer, OcrSource.Scanned };
        foreach (var source in sources)
        {
            foreach (var sample in SampleInvoiceCatalog.All)
                yield return new ExtractionInput(sample.Name, source, sample.Expected.PageCount);
        }
    }

    [ParamsSource(nameof(Inputs))]
    public ExtractionInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = BenchDocuments.Ocr(Input.Sample, Input.Source);
        if (_document.Pages.Count != Input.Pages)
            throw new InvalidOperationException($"{Input}: OCR returned {_document.Pages.Count} pages.");
        _extractor = new LocalInvoiceExtractor();
        _rulesOnly = new LocalInvoiceExtractor(LocalInvoiceExtractor.ShippedPartyScorer(), FieldCalibrator.Embedded, PartyRankers.None);
    }

    [Benchmark(Description = "Extract")]
    public ExtractionResult Extract() => _extractor.Extract(_document, ExtractionOptions.Default);

    /// <summary>The same without the party candidate rankers: what ranking the parties costs, side by side.</summary>
    [Benchmark(Description = "Extract without party rankers")]
    public ExtractionResult ExtractRulesOnly() => _rulesOnly.Extract(_document, ExtractionOptions.Default);
}
