using System.Diagnostics;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Pdf;
using InvoiceScanner.Ocr.Processes;
using InvoiceScanner.Ocr.Tesseract;

namespace InvoiceScanner.Ocr;

/// <summary>
/// OCR with local tools: the PDF text layer via poppler (<c>pdfinfo</c>, <c>pdftotext</c>), and for images and PDF
/// pages without a usable text layer (rendered with <c>pdftoppm</c>) the PP-OCR neural models when installed
/// (<see cref="LocalOcrOptions.ImageEngine"/>), else tesseract.
/// </summary>
/// <remarks>
/// <see cref="OcrDocument.Engine"/> says where the pages came from: "pdftotext" (all from the text layer),
/// "ppocr" or "tesseract" (all recognised from pixels) or "pdftotext+ppocr" / "pdftotext+tesseract" (mixed). <see cref="OcrDocument.FromTextLayer"/>
/// is true only when no page was recognised from pixels. Page sizes are in points for text-layer pages and in
/// pixels for recognised ones; boxes are page-relative either way.
/// </remarks>
public sealed class LocalOcrEngine : IOcrEngine
{
    private readonly LocalOcrOptions _options;
    private readonly ToolRunner _runner;
    private readonly PdfTextLayerReader _textLayer;
    private readonly PdfPageRenderer _renderer;
    private readonly GrayImageDecoder _decoder;
    private readonly TesseractReader _tesseract;

    // Not cached on failure (PublicationOnly), so a model folder installed later is picked up.
    private readonly Lazy<PpOcrDocumentReader?> _ppOcr;

    public LocalOcrEngine(LocalOcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _runner = new ToolRunner(new ToolPaths(options));
        _textLayer = new PdfTextLayerReader(_runner, options.ToolTimeout, options.MinTextLayerWordsPerPage);
        _renderer = new PdfPageRenderer(_runner, options.RasterDpi, options.ToolTimeout);
        _decoder = new GrayImageDecoder(_runner, options.ToolTimeout);
        _tesseract = new TesseractReader(_runner,
            new TesseractSettings(options.Language, options.PageSegmentationMode, options.TessDataDirectory, options.ToolTimeout),
            new ImageUpscaler(_decoder, options.MinCharacterHeight, options.MaxUpscale));
        _ppOcr = new Lazy<PpOcrDocumentReader?>(CreatePpOcrReader, LazyThreadSafetyMode.PublicationOnly);
    }

    public string Name => "local";

    /// <summary>Test hook: observes every tool process right after it started.</summary>
    internal Action<Process>? ProcessStarted
    {
        get => _runner.Started;
        set => _runner.Started = value;
    }

    public async Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Content.IsEmpty)
            throw new DocumentRejectedException(ErrorCodes.EmptyFile, "The file is empty.");

        var workDirectory = WorkDirectory.Create(_options.TempDirectory);
        try
        {
            var document = input.Kind == DocumentKind.Pdf
                ? await RecognizePdfAsync(input.Content, workDirectory, cancellationToken).ConfigureAwait(false)
                : await RecognizeImageAsync(input.Content, input.Kind, workDirectory, cancellationToken).ConfigureAwait(false);

            if (!document.AllLines.SelectMany(l => l.Words).Any(w => w.Text.Any(char.IsLetterOrDigit)))
                throw new DocumentRejectedException(ErrorCodes.NoTextFound, "No text was recognised in the document.");
            return document;
        }
        finally
        {
            WorkDirectory.DeleteQuietly(workDirectory);
        }
    }

    private async Task<OcrDocument> RecognizePdfAsync(ReadOnlyMemory<byte> content, string workDirectory, CancellationToken cancellationToken)
    {
        var pdfPath = Path.Combine(workDirectory, "input.pdf");
        await WorkDirectory.WriteFileAsync(pdfPath, content, cancellationToken).ConfigureAwait(false);

        var pageCount = await _textLayer.CountPagesAsync(pdfPath, cancellationToken).ConfigureAwait(false);
        if (pageCount > _options.MaxPages)
            throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The PDF has {pageCount} pages; at most {_options.MaxPages} are accepted.");

        var textLayer = await _textLayer.ReadAsync(pdfPath, pageCount, cancellationToken).ConfigureAwait(false);
        var pages = Enumerable.Range(1, pageCount)
            .Select(n => textLayer?.Pages.ElementAtOrDefault(n - 1) is { } p ? p : new OcrPage(n, 0, 0, []))
            .ToArray();

        var scanned = pages.Where(p => !_textLayer.HasUsableText(p)).Select(p => p.Number).ToList();
        var fromPixels = new HashSet<int>();
        if (scanned.Count > 0)
        {
            var recognised = await PageScheduler.ForEachPageAsync(scanned, _options.MaxParallelPages,
                (n, ct) => RecognizePdfPageAsync(pdfPath, n, workDirectory, ct), cancellationToken).ConfigureAwait(false);
            foreach (var page in recognised)
            {
                // Keep an exact but short text layer (e.g. a last page with one line) unless OCR found more words.
                var textPage = pages[page.Number - 1];
                if (PdfTextLayerReader.WordCount(page) > PdfTextLayerReader.WordCount(textPage) || PdfTextLayerReader.IsGarbled(textPage) || textPage.Width == 0)
                {
                    pages[page.Number - 1] = page;
                    fromPixels.Add(page.Number);
                }
            }
        }

        // _ppOcr is only asked once a page was read from pixels: a text-layer PDF never loads the models.
        var engine = fromPixels.Count == 0 ? "pdftotext"
            : (fromPixels.Count == pages.Length ? "" : "pdftotext+") + (_ppOcr.Value is null ? "tesseract" : "ppocr");
        return new OcrDocument(engine, pages) { FromTextLayer = fromPixels.Count == 0 };
    }

    private async Task<OcrPage> RecognizePdfPageAsync(string pdfPath, int pageNumber, string workDirectory, CancellationToken cancellationToken)
    {
        var imagePath = PdfPageRenderer.ImagePath(workDirectory, pageNumber);
        try
        {
            await _renderer.RenderAsync(pdfPath, pageNumber, workDirectory, cancellationToken).ConfigureAwait(false);
            if (_ppOcr.Value is { } reader)
                return await reader.ReadPageAsync(imagePath, pageNumber, _options.RasterDpi, cancellationToken).ConfigureAwait(false);

            return await _tesseract.ReadPageAsync(imagePath, pageNumber, _options.RasterDpi, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Pages are rendered one per worker and deleted at once, so /tmp holds at most MaxParallelPages images.
            WorkDirectory.DeleteQuietly(imagePath);
        }
    }

    private async Task<OcrDocument> RecognizeImageAsync(ReadOnlyMemory<byte> content, DocumentKind declared, string workDirectory, CancellationToken cancellationToken)
    {
        // Checked before tesseract sees the file: tesseract reads an unrecognised file as a list of image paths
        // to open, which must never happen with uploaded bytes.
        var actual = ImageFormats.Detect(content.Span)
            ?? throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The file is not a readable {declared.ToString().ToUpperInvariant()} image.");

        var pages = 1;
        if (actual == DocumentKind.Tiff && ImageFormats.CountTiffPages(content.Span, _options.MaxPages) is { } tiffPages)
        {
            if (tiffPages > _options.MaxPages)
                throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The TIFF has more than {_options.MaxPages} pages.");
            pages = tiffPages;
        }

        var extension = actual switch { DocumentKind.Png => ".png", DocumentKind.Jpeg => ".jpg", _ => ".tif" };
        var imagePath = Path.Combine(workDirectory, "input" + extension);
        await WorkDirectory.WriteFileAsync(imagePath, content, cancellationToken).ConfigureAwait(false);

        if (_ppOcr.Value is { } reader && await TryReadWithPpOcrAsync(reader, imagePath, actual, pages, cancellationToken).ConfigureAwait(false) is { } read)
            return read;

        return await _tesseract.ReadImageAsync(imagePath, actual, pages, workDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every frame of the image with PP-OCR; null (and tesseract reads it) when no image converter is there
    /// to decode it, unless PP-OCR was asked for by name.
    /// </summary>
    private async Task<OcrDocument?> TryReadWithPpOcrAsync(PpOcrDocumentReader reader, string imagePath, DocumentKind kind, int frames, CancellationToken cancellationToken)
    {
        if (!_decoder.HasConverter)
        {
            if (_options.ImageEngine != ImageOcrEngine.PpOcr) return null;
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                "PP-OCR needs ImageMagick (convert or magick) or GraphicsMagick (gm) to decode images: install imagemagick, ship it under /opt/bin, or set OCR_IMAGE_CONVERTER_PATH.");
        }

        return await reader.ReadImageAsync(imagePath, kind, frames, cancellationToken).ConfigureAwait(false);
    }

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
        var completion = new TesseractCompletion(_tesseract, _options.CurrencySignCheck, _options.AccentCheck, _options.ToolTimeout);
        return new PpOcrDocumentReader(pageReader, _decoder, completion);
    }
}
