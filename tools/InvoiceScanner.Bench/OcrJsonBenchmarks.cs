using BenchmarkDotNet.Attributes;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Bench;

/// <summary>A multi-page OCR document to round-trip through JSON.</summary>
public sealed record JsonInput(string Name, int Pages, Func<OcrDocument> Build) : IHasPages
{
    public override string ToString() => $"{Name} [{Pages}p]";
}

/// <summary>
/// OcrDocumentJson.Serialize (ProcessInvoice, before the S3 put) and Deserialize (ExtractData, after the S3 get):
/// both run on every invoice, validate every word, and allocate in proportion to the word count.
/// </summary>
[BenchmarkCategory("ocrjson")]
public class OcrJsonBenchmarks
{
    private OcrDocument _document = null!;
    private byte[] _json = null!;

    public static IEnumerable<JsonInput> Inputs() =>
    [
        new("au-catering-two-page-invoice", 2, () => BenchDocuments.Ocr("au-catering-two-page-invoice", OcrSource.TextLayer)),
        new("all-samples", SampleInvoices.SampleInvoiceCatalog.All.Sum(s => s.Expected.PageCount), BenchDocuments.AllSamplesTextLayer),
    ];

    [ParamsSource(nameof(Inputs))]
    public JsonInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = Input.Build();
        if (_document.Pages.Count != Input.Pages) throw new InvalidOperationException($"{Input}: {_document.Pages.Count} pages.");
        _json = OcrDocumentJson.Serialize(_document);
    }

    [Benchmark]
    public byte[] Serialize() => OcrDocumentJson.Serialize(_document);

    [Benchmark]
    public OcrDocument Deserialize() => OcrDocumentJson.Deserialize(_json);
}
