using System.Diagnostics;
using System.Globalization;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;

namespace InvoiceScanner.Bench;

/// <summary>
/// One document per process, cold, for its peak memory: <c>ocr-input</c> writes the document to a file (so making it
/// costs the measured process nothing), and <c>ocr-process</c> reads that file once with a fresh LocalOcrEngine and
/// exits. scripts/bench.sh runs the latter under GNU time, whose peak RSS then belongs to reading alone.
/// </summary>
public static class OcrProcess
{
    /// <summary>The prefix of ocr-process's result line, which <see cref="OcrProcessReport"/> looks for.</summary>
    public const string ResultPrefix = "ocr-process:";

    private const string InputUsage = "ocr-input --input textpdf|png|jpeg60mp|scan50 --out FILE [--pages N]";
    private const string ProcessUsage = "ocr-process --pipeline inprocess|tools --file FILE [--input NAME]";

    public static async Task<int> WriteInputAsync(string[] args)
    {
        string? kind = null, output = null;
        var pages = 50;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--input" when i + 1 < args.Length && OcrInputs.Kinds.Contains(args[i + 1]): kind = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--pages" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 1: pages = n; i++; break;
                default: return Usage($"unexpected argument '{args[i]}'", InputUsage);
            }
        }

        if (kind is null || output is null) return Usage("--input and --out are required", InputUsage);
        var input = await OcrInputs.MakeAsync(kind, pages, CancellationToken.None);
        await File.WriteAllBytesAsync(output, input.Bytes);
        Console.WriteLine($"ocr-input: {kind} ({input.Description}) → {output}: {input.Bytes.Length:N0} bytes, {input.Pages} page(s)");
        return 0;
    }

    public static async Task<int> ReadAsync(string[] args)
    {
        OcrPipeline? pipeline = null;
        string? file = null, name = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pipeline" when i + 1 < args.Length && ParsePipeline(args[i + 1]) is { } p: pipeline = p; i++; break;
                case "--file" when i + 1 < args.Length: file = args[++i]; break;
                case "--input" when i + 1 < args.Length: name = args[++i]; break;
                default: return Usage($"unexpected argument '{args[i]}'", ProcessUsage);
            }
        }

        if (pipeline is null || file is null) return Usage("--pipeline and --file are required", ProcessUsage);
        var bytes = await File.ReadAllBytesAsync(file);
        var kind = Detect(bytes) ?? throw new InvalidDataException($"{file} is neither a PDF, a PNG nor a JPEG.");
        var options = BenchDocuments.Options(pipeline.Value);

        using var memory = new MemorySampler();
        // From a new engine to the first result: what a cold ProcessInvoice pays, model load included.
        var stopwatch = Stopwatch.StartNew();
        var engine = new LocalOcrEngine(options);
        var document = await engine.RecognizeAsync(new OcrInput("bench", Path.GetFileName(file), kind, bytes), CancellationToken.None);
        stopwatch.Stop();
        memory.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ResultPrefix} pipeline={PipelineName(pipeline.Value)} input={name ?? Path.GetFileNameWithoutExtension(file)} bytes={bytes.Length} pages={document.Pages.Count} engine={document.Engine} first_result_s={stopwatch.Elapsed.TotalSeconds:0.000} gc_heap_peak_mb={memory.GcHeapPeakBytes / 1048576.0:0.0} tree_rss_peak_mb={memory.ProcessTreeRssPeakBytes / 1048576.0:0.0}"));
        return 0;
    }

    public static string PipelineName(OcrPipeline pipeline) => pipeline == OcrPipeline.Tools ? "tools" : "inprocess";

    private static OcrPipeline? ParsePipeline(string value) => value switch
    {
        "tools" => OcrPipeline.Tools,
        "inprocess" => OcrPipeline.InProcess,
        _ => null,
    };

    private static DocumentKind? Detect(byte[] bytes) => bytes switch
    {
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => DocumentKind.Pdf,
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => DocumentKind.Png,
        [0xFF, 0xD8, ..] => DocumentKind.Jpeg,
        _ => null,
    };

    private static int Usage(string problem, string usage)
    {
        Console.Error.WriteLine($"{problem}. Usage: {usage}");
        return 2;
    }
}
