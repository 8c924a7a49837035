using BenchmarkDotNet.Attributes;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Parsing;

namespace InvoiceScanner.Bench;

/// <summary>Real <c>pdftotext -bbox-layout</c> output of one sample.</summary>
public sealed record XhtmlInput(string Sample, int Pages) : IHasPages
{
    public override string ToString() => $"{Sample} [{Pages}p]";
}

/// <summary>
/// PdfToTextBboxParser.Parse: turns pdftotext's XHTML into an OcrDocument on the text-layer path, the fast path
/// whose whole point is to cost milliseconds; the parse is the only part of it that runs in our process.
/// </summary>
[BenchmarkCategory("pdftotext")]
public class PdfToTextParserBenchmarks
{
    private string _xhtml = null!;

    public static IEnumerable<XhtmlInput> Inputs() =>
    [
        new("us-office-supply-invoice", 1),
        new("au-catering-two-page-invoice", 2),
    ];

    [ParamsSource(nameof(Inputs))]
    public XhtmlInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _xhtml = BenchDocuments.PdfToTextXhtml(Input.Sample);
        var pages = PdfToTextBboxParser.Parse(_xhtml).Pages.Count;
        if (pages != Input.Pages) throw new InvalidOperationException($"{Input}: parsed {pages} pages.");
    }

    [Benchmark]
    public OcrDocument Parse() => PdfToTextBboxParser.Parse(_xhtml);
}
