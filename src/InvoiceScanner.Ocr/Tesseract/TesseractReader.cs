using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Tesseract;

/// <summary>How tesseract is run: its language(s), page segmentation mode, tessdata folder and time for one page.</summary>
internal sealed record TesseractSettings(string Language, int PageSegmentationMode, string? TessDataDirectory, TimeSpan ToolTimeout);

/// <summary>
/// Reads page images with tesseract (TSV output): rendered PDF pages, uploaded images (small print upscaled first) and
/// every page of a multi-page TIFF in one process.
/// </summary>
internal sealed class TesseractReader
{
    private readonly ToolRunner _runner;
    private readonly TesseractSettings _settings;
    private readonly ImageUpscaler _upscaler;
    private readonly Lazy<Task<IReadOnlySet<string>>> _languages;
    private readonly Lazy<bool> _installed;

    public TesseractReader(ToolRunner runner, TesseractSettings settings, ImageUpscaler upscaler)
    {
        _runner = runner;
        _settings = settings;
        _upscaler = upscaler;
        _languages = new Lazy<Task<IReadOnlySet<string>>>(ListLanguagesAsync);
        _installed = new Lazy<bool>(() => runner.Tools.Has(Tool.Tesseract));
    }

    /// <summary>Whether tesseract is configured or found (it is optional where PP-OCR reads).</summary>
    /// <remarks>Looked up once: without the layer it is missing for the life of the function, and every page would ask.</remarks>
    public bool IsInstalled => _installed.Value;

    /// <summary>One page image (a rendered PDF page, or a decoded image written as PGM; its resolution unknown without <paramref name="dpi"/>).</summary>
    public async Task<OcrPage> ReadPageAsync(string imagePath, int pageNumber, int? dpi, CancellationToken cancellationToken)
    {
        var result = await RunAsync(imagePath, dpi, _settings.ToolTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new DocumentRejectedException(ErrorCodes.OcrFailed, $"tesseract failed on page {pageNumber}: {ToolRunner.Summarise(result.StandardErrorTail)}");
        return TesseractTsvParser.ParsePage(result.StandardOutputText, pageNumber, 0, 0);
    }

    /// <summary>Every page of an uploaded image file.</summary>
    public async Task<OcrDocument> ReadImageAsync(string imagePath, DocumentKind kind, int pages, string workDirectory, CancellationToken cancellationToken)
    {
        // Multi-page TIFFs go as they are: one tesseract process reads all their pages.
        var prepared = pages == 1 ? await _upscaler.TryUpscaleAsync(imagePath, kind, workDirectory, cancellationToken).ConfigureAwait(false) : null;

        // One process reads every page of a TIFF, so it gets the time of that many pages.
        var result = await RunAsync(prepared?.Path ?? imagePath, dpi: null, _settings.ToolTimeout * pages, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The image could not be read. tesseract: {ToolRunner.Summarise(result.StandardErrorTail)}");

        var recognised = TesseractTsvParser.ParsePages(result.StandardOutputText);
        if (prepared is { } p)
        {
            // Boxes are fractions of the upscaled image, which are the same fractions of the original; the page
            // size is reported in the original's pixels.
            recognised = recognised.Select(page => page with { Width = p.OriginalWidth, Height = p.OriginalHeight }).ToList();
        }

        return new OcrDocument("tesseract", recognised) { FromTextLayer = false };
    }

    /// <summary>Runs tesseract on an image file; a language it cannot load is an ENGINE_CONFIGURATION_ERROR.</summary>
    public async Task<ProcessResult> RunAsync(string imagePath, int? dpi, TimeSpan timeout, CancellationToken cancellationToken, string? language = null)
    {
        language ??= _settings.Language;
        var arguments = new List<string> { imagePath, "stdout", "-l", language, "--psm", Invariant(_settings.PageSegmentationMode) };
        if (dpi is { } d) arguments.AddRange(["--dpi", Invariant(d)]);
        if (_settings.TessDataDirectory is { } tessdata) arguments.AddRange(["--tessdata-dir", tessdata]);
        arguments.Add("tsv");

        var result = await _runner.RunAsync(Tool.Tesseract, arguments, timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0
            && (result.StandardErrorTail.Contains("Failed loading language", StringComparison.Ordinal)
                || result.StandardErrorTail.Contains("Could not initialize tesseract", StringComparison.Ordinal)))
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                $"tesseract cannot load language '{language}': install tesseract-ocr-{language} or set OCR_TESSDATA_DIR. {ToolRunner.Summarise(result.StandardErrorTail)}");
        }

        return result;
    }

    /// <summary>
    /// The language most pages were guessed to be in, when tesseract has it installed; otherwise the configured
    /// language (English still reads many accents: "Tél.", "Café").
    /// </summary>
    public async Task<string> LanguageForAsync(IReadOnlyList<string?> guesses, CancellationToken cancellationToken)
    {
        var guess = guesses.OfType<string>().GroupBy(g => g, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        if (guess is null) return _settings.Language;
        var installed = await _languages.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return installed.Contains(guess) ? guess : _settings.Language;
    }

    /// <summary>The languages tesseract lists as installed; none when it cannot be asked.</summary>
    private async Task<IReadOnlySet<string>> ListLanguagesAsync()
    {
        List<string> arguments = _settings.TessDataDirectory is { } tessdata ? ["--tessdata-dir", tessdata, "--list-langs"] : ["--list-langs"];
        try
        {
            var result = await _runner.RunAsync(Tool.Tesseract, arguments, _settings.ToolTimeout, CancellationToken.None).ConfigureAwait(false);
            // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):", then one a line.
            return result.ExitCode != 0 ? new HashSet<string>()
                : result.StandardOutputText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).ToHashSet(StringComparer.Ordinal);
        }
        catch (DocumentRejectedException)
        {
            return new HashSet<string>();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
