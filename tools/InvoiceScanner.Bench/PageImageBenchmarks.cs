using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;
using InvoiceScanner.Ocr.Rendering;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Bench;

/// <summary>A document whose pages are drawn as pictures, with how it is made (OcrInputs, from the default sample).</summary>
public sealed record PageImageInput(string Name, DocumentKind Kind, int Pages, Func<byte[]> Make) : IHasPages
{
    public override string ToString() => $"{Name} [{Pages}p]";
}

/// <summary>
/// PageImageRenderer: each page of an upload drawn as a 1600-pixel WebP for the review screen — a text PDF page (vector
/// text and rules), a scanned PDF page (one grey image), a PNG scan and a 12 MP phone photo. Time and allocation per
/// page, and the encoded size per page (what is stored and sent to the browser).
/// </summary>
[BenchmarkCategory("pages")]
[Config(typeof(EncodedSizeConfig))]
public class PageImageBenchmarks
{
    /// <summary>Encoded bytes per page of each input, measured in the setup (in process, so the column can read it).</summary>
    internal static readonly ConcurrentDictionary<string, double> EncodedBytesPerPage = new();

    private readonly PageImageRenderer _renderer = new(new LocalOcrOptions());
    private byte[] _content = null!;

    public static IEnumerable<PageImageInput> Inputs()
    {
        var pdf = SampleInvoiceCatalog.Get(OcrInputs.DefaultSample).RenderPdf();
        yield return new("text PDF page", DocumentKind.Pdf, 1, () => pdf);
        yield return new($"scanned PDF page ({BenchDocuments.ScanDpi} dpi)", DocumentKind.Pdf, 1, () => Made(OcrInputs.ScanAsync(pdf, 1, CancellationToken.None)));
        yield return new($"PNG ({BenchDocuments.ScanDpi} dpi)", DocumentKind.Png, 1, () => Made(OcrInputs.MakeAsync("png", 1, CancellationToken.None)));
        yield return new("JPEG photo (12 MP)", DocumentKind.Jpeg, 1, () => Made(OcrInputs.PhotoAsync(pdf, 12, CancellationToken.None)));
    }

    [ParamsSource(nameof(Inputs))]
    public PageImageInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _content = Input.Make();
        var pages = Render();
        if (pages.Count != Input.Pages) throw new InvalidOperationException($"{Input}: drew {pages.Count} pages.");
        if (pages.Any(p => p.ContentType != "image/webp")) throw new InvalidOperationException($"{Input}: a page is not WebP.");
        EncodedBytesPerPage[Input.ToString()] = pages.Average(p => p.Content.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Input}: {string.Join(", ", pages.Select(p => $"{p.Width}×{p.Height} {p.Content.Length / 1024.0:0.0} KB"))}"));
    }

    /// <summary>Every page of the input drawn and encoded (the document parsed or decoded once).</summary>
    [Benchmark(Description = "Render pages")]
    public List<RenderedPage> Render() => RenderAsync().GetAwaiter().GetResult();

    private async Task<List<RenderedPage>> RenderAsync()
    {
        var pages = new List<RenderedPage>(Input.Pages);
        await foreach (var page in _renderer.RenderAsync(_content, Input.Kind, CancellationToken.None).ConfigureAwait(false)) pages.Add(page);
        return pages;
    }

    private static byte[] Made(Task<OcrBenchInput> making) => making.GetAwaiter().GetResult().Bytes;

    private sealed class EncodedSizeConfig : ManualConfig
    {
        public EncodedSizeConfig() => AddColumn(new EncodedSizeColumn());
    }

    /// <summary>The mean encoded size of one page of the case's input.</summary>
    private sealed class EncodedSizeColumn : IColumn
    {
        public string Id => "EncodedPerPage";
        public string ColumnName => "Encoded/page";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 2;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Mean encoded (WebP) size of one page";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var input = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<PageImageInput>().FirstOrDefault();
            return input is not null && EncodedBytesPerPage.TryGetValue(input.ToString(), out var bytes)
                ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KB")
                : "-";
        }
    }
}
