using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Processes;
using InvoiceScanner.Ocr.Tesseract;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>
/// What reads text from pixels, shared by both pipelines: PP-OCR when <see cref="LocalOcrOptions.ImageEngine"/> allows
/// it and its models are there (loaded on first use), else tesseract; and tesseract for what PP-OCR's alphabet lacks.
/// </summary>
internal sealed class PixelReaders
{
    private readonly LocalOcrOptions _options;

    // Not cached on failure (PublicationOnly), so a model folder installed later is picked up.
    private readonly Lazy<PpOcrDocumentReader?> _ppOcr;

    public PixelReaders(LocalOcrOptions options, ToolRunner runner, GrayImageDecoder converter)
    {
        _options = options;
        Converter = converter;
        Tesseract = new TesseractReader(runner,
            new TesseractSettings(options.Language, options.PageSegmentationMode, options.TessDataDirectory, options.ToolTimeout),
            new ImageUpscaler(converter, options.MinCharacterHeight, options.MaxUpscale));
        _ppOcr = new Lazy<PpOcrDocumentReader?>(CreatePpOcrReader, LazyThreadSafetyMode.PublicationOnly);
    }

    public TesseractReader Tesseract { get; }

    /// <summary>The image converter (ImageMagick) of the tools pipeline.</summary>
    public GrayImageDecoder Converter { get; }

    /// <summary>PP-OCR, or null when tesseract reads pixels; only asked once a page is read from pixels.</summary>
    public PpOcrDocumentReader? PpOcr => _ppOcr.Value;

    /// <summary>The engine name of pages read from pixels.</summary>
    public string PixelEngineName => PpOcr is null ? "tesseract" : "ppocr";

    /// <summary>
    /// The PP-OCR reader when <see cref="LocalOcrOptions.ImageEngine"/> allows it and a model folder is configured or
    /// found; null means tesseract. A configured folder that does not load is an error, never a silent fallback.
    /// </summary>
    private PpOcrDocumentReader? CreatePpOcrReader()
    {
        if (_options.ImageEngine == ImageOcrEngine.Tesseract) return null;
        var directory = _options.PpOcrModelDirectory ?? LocalOcrOptions.DefaultPpOcrModelDirectories.FirstOrDefault(PpOcrModels.IsModelDirectory);
        if (directory is null)
        {
            if (_options.ImageEngine == ImageOcrEngine.Auto) return null;
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                $"OCR_IMAGE_ENGINE=ppocr but no PP-OCR model folder was found in {string.Join(", ", LocalOcrOptions.DefaultPpOcrModelDirectories)}: run local/install.sh or set OCR_PPOCR_MODEL_DIR.");
        }

        var languageModel = !_options.LanguageModel ? null
            : _options.LanguageModelPath is { } path ? CharacterLanguageModel.LoadFile(path)
            : CharacterLanguageModel.Shipped;
        var pageReader = new PpOcrPageReader(PpOcrModels.Load(directory, _options.PpOcrThreads), new PpOcrSettings(), languageModel);
        var completion = new TesseractCompletion(Tesseract, _options.CurrencySignCheck, _options.AccentCheck, _options.ToolTimeout);
        return new PpOcrDocumentReader(pageReader, Converter, completion);
    }
}
