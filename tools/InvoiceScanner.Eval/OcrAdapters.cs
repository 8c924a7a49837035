using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Eval;

/// <summary>The one place the evaluation calls the OCR project (the product's LocalOcrEngine, as OCR_* configures it).</summary>
internal static class OcrAdapters
{
    private static LocalOcrOptions _options = LocalOcrOptions.FromEnvironment();
    private static readonly Lazy<LocalOcrEngine> Engine = new(() => new LocalOcrEngine(_options));

    /// <summary>
    /// Uses the PP-OCR models local/install.sh puts in the repository (local/node_modules) unless OCR_PPOCR_MODEL_DIR
    /// or OCR_IMAGE_ENGINE=tesseract says otherwise.
    /// </summary>
    public static void UseRepository(string repositoryRoot)
    {
        var installed = LocalOcrOptions.PpOcrModelDirectoryIn(repositoryRoot);
        if (_options.PpOcrModelDirectory is null && Directory.Exists(installed)) _options = _options with { PpOcrModelDirectory = installed };
    }

    /// <summary>What reads images: "ppocr" or "tesseract" (part of the cache key and of the report titles).</summary>
    public static string ImageEngineName =>
        _options.ImageEngine == ImageOcrEngine.Tesseract || (_options.ImageEngine == ImageOcrEngine.Auto && _options.PpOcrModelDirectory is null)
            ? "tesseract" : "ppocr";

    /// <summary>What reads images, for report titles: "ppocr + language model", "ppocr" or "tesseract".</summary>
    public static string ImageReader =>
        (ImageEngineName == "ppocr" && _options.LanguageModel
            ? "ppocr + language model" + (_options.LanguageModelPath is { } path ? $" {Path.GetFileName(path)}" : "")
            : ImageEngineName) + ", " + PipelineName;

    /// <summary>What reads PDF text layers: "pdfpig" in process, "pdftotext" in the tools pipeline (report titles).</summary>
    public static string TextLayerReader => _options.Pipeline == OcrPipeline.Tools ? "pdftotext" : "pdfpig";

    /// <summary>The OCR pipeline (OCR_PIPELINE): "inprocess" (the product's default) or "tools", for report titles.</summary>
    public static string PipelineName => _options.Pipeline == OcrPipeline.Tools ? "tools" : "inprocess";

    /// <summary>
    /// The cache key's engine part: the pipeline, the engine, and for PP-OCR the language model it decodes with (a hash of
    /// the model's text, so a retrained model is never served another model's readings).
    /// </summary>
    private static readonly Lazy<string> CacheTag = new(() =>
    {
        var engine = PipelineName + "-" + ImageEngineName;
        if (ImageEngineName != "ppocr" || !_options.LanguageModel) return engine;
        using var stream = _options.LanguageModelPath is { } path ? File.OpenRead(path) : InvoiceScanner.Ocr.Neural.CharacterLanguageModel.OpenShipped();
        return stream is null ? engine : engine + "-lm" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream))[..8];
    });

    /// <summary>
    /// OCR of a file, cached by content hash under the temp folder (tesseract takes seconds per receipt; the
    /// cache makes re-running the evaluation after an extraction change cheap). --no-cache bypasses it.
    /// </summary>
    public static async Task<OcrDocument> RecognizeFileAsync(string path, bool useCache, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))[..24];
        var cacheDir = Path.Combine(Path.GetTempPath(), "invoicescanner-eval-ocr");
        var cacheFile = Path.Combine(cacheDir, hash + "-" + CacheTag.Value + ".json");
        if (useCache && File.Exists(cacheFile))
            return OcrDocumentJson.Deserialize(await File.ReadAllBytesAsync(cacheFile, cancellationToken));
        var document = await RecognizeAsync(path, content, cancellationToken);
        if (useCache)
        {
            Directory.CreateDirectory(cacheDir);
            await File.WriteAllBytesAsync(cacheFile, OcrDocumentJson.Serialize(document), cancellationToken);
        }
        return document;
    }

    /// <summary>
    /// A scan's pages as our OCR reads them: each page rendered at <paramref name="dpi"/> by pdftoppm (the renderer the
    /// product uses for pages without a text layer) and read as an image, whatever text layer the PDF carries.
    /// </summary>
    public static async Task<OcrDocument> RecognizePagesAsImagesAsync(string pdf, int dpi, bool useCache, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("invoicescanner-eval-pages-");
        try
        {
            await RunAsync("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", pdf, Path.Combine(directory.FullName, "page")], cancellationToken);
            var pages = new List<OcrPage>();
            foreach (var png in directory.GetFiles("page-*.png").OrderBy(f => f.Name.Length).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                var read = await RecognizeFileAsync(png.FullName, useCache, cancellationToken);
                pages.AddRange(read.Pages.Select(page => page with { Number = pages.Count + 1 }));
            }
            return new OcrDocument(ImageEngineName, pages);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>True when every page of the PDF is a picture (one image of at least 1000 × 1000 pixels per page): a scan.</summary>
    public static async Task<bool> IsScanAsync(string pdf, CancellationToken cancellationToken)
    {
        var pages = (await RunAsync("pdfinfo", [pdf], cancellationToken)).Split('\n').FirstOrDefault(l => l.StartsWith("Pages:", StringComparison.Ordinal)) is { } line
            ? int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture) : 0;
        var large = (await RunAsync("pdfimages", ["-list", pdf], cancellationToken)).Split('\n').Skip(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(c => c.Length > 4 && int.TryParse(c[3], out var w) && int.TryParse(c[4], out var h) && w > 1000 && h > 1000);
        return pages > 0 && large >= pages;
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec(tool, arguments, TimeSpan.FromMinutes(5)), cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({result.ExitCode}): {result.StandardErrorTail}");
        return result.StandardOutputText;
    }

    private static Task<OcrDocument> RecognizeAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var kind = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pdf" => DocumentKind.Pdf,
            ".png" => DocumentKind.Png,
            ".jpg" or ".jpeg" => DocumentKind.Jpeg,
            ".tif" or ".tiff" => DocumentKind.Tiff,
            var other => throw new NotSupportedException($"no OCR for '{other}' files"),
        };
        return Engine.Value.RecognizeAsync(new OcrInput("eval", Path.GetFileName(path), kind, content), cancellationToken);
    }
}
