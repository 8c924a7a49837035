using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Parsing;

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
    private readonly ToolPaths _tools;

    // Not cached on failure (PublicationOnly), so a model folder installed later is picked up.
    private readonly Lazy<PpOcrPageReader?> _ppOcr;
    private readonly Lazy<Task<IReadOnlySet<string>>> _tesseractLanguages;

    public LocalOcrEngine(LocalOcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _tools = new ToolPaths(options);
        _ppOcr = new Lazy<PpOcrPageReader?>(CreatePpOcrReader, LazyThreadSafetyMode.PublicationOnly);
        _tesseractLanguages = new Lazy<Task<IReadOnlySet<string>>>(ListTesseractLanguagesAsync);
    }

    public string Name => "local";

    /// <summary>Test hook: observes every tool process right after it started.</summary>
    internal Action<Process>? ProcessStarted { get; set; }

    public async Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Content.IsEmpty)
            throw new DocumentRejectedException(ErrorCodes.EmptyFile, "The file is empty.");

        var workDirectory = CreateWorkDirectory();
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
            DeleteQuietly(workDirectory);
        }
    }

    private async Task<OcrDocument> RecognizePdfAsync(ReadOnlyMemory<byte> content, string workDirectory, CancellationToken cancellationToken)
    {
        var pdfPath = Path.Combine(workDirectory, "input.pdf");
        await WriteFileAsync(pdfPath, content, cancellationToken).ConfigureAwait(false);

        var pageCount = await CountPdfPagesAsync(pdfPath, cancellationToken).ConfigureAwait(false);
        if (pageCount > _options.MaxPages)
            throw new DocumentRejectedException(ErrorCodes.TooManyPages, $"The PDF has {pageCount} pages; at most {_options.MaxPages} are accepted.");

        var textLayer = await ReadTextLayerAsync(pdfPath, pageCount, cancellationToken).ConfigureAwait(false);
        var pages = Enumerable.Range(1, pageCount)
            .Select(n => textLayer?.Pages.ElementAtOrDefault(n - 1) is { } p ? p : new OcrPage(n, 0, 0, []))
            .ToArray();

        var scanned = pages.Where(p => !HasUsableText(p)).Select(p => p.Number).ToList();
        var fromPixels = new HashSet<int>();
        if (scanned.Count > 0)
        {
            var recognised = await ForEachPageAsync(scanned, (n, ct) => RecognizePdfPageAsync(pdfPath, n, workDirectory, ct), cancellationToken)
                .ConfigureAwait(false);
            foreach (var page in recognised)
            {
                // Keep an exact but short text layer (e.g. a last page with one line) unless OCR found more words.
                var textPage = pages[page.Number - 1];
                if (WordCount(page) > WordCount(textPage) || IsGarbled(textPage) || textPage.Width == 0)
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

    private async Task<int> CountPdfPagesAsync(string pdfPath, CancellationToken cancellationToken)
    {
        var result = await RunToolAsync(Tool.PdfInfo, [pdfPath], _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var reason = result.StandardErrorTail.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase)
                ? "The PDF is password-protected."
                : "The PDF could not be read (damaged or not a PDF).";
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"{reason} pdfinfo: {Summarise(result.StandardErrorTail)}");
        }

        foreach (var line in result.StandardOutputText.Split('\n'))
        {
            if (line.StartsWith("Pages:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan("Pages:".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pages))
            {
                if (pages < 1)
                    throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The PDF has no pages.");
                return pages;
            }
        }

        throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"pdfinfo reported no page count. {Summarise(result.StandardErrorTail)}".Trim());
    }

    /// <summary>The text layer, or null when the PDF forbids text extraction (then every page is OCR'd).</summary>
    private async Task<OcrDocument?> ReadTextLayerAsync(string pdfPath, int pageCount, CancellationToken cancellationToken)
    {
        string[] arguments = ["-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", Invariant(pageCount), pdfPath, "-"];
        var result = await RunToolAsync(Tool.PdfToText, arguments, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
        const int PermissionDenied = 3;
        if (result.ExitCode == PermissionDenied) return null;
        if (result.ExitCode != 0)
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"The PDF text could not be read. pdftotext: {Summarise(result.StandardErrorTail)}");
        return PdfToTextBboxParser.Parse(result.StandardOutputText);
    }

    private bool HasUsableText(OcrPage page) =>
        WordCount(page) >= Math.Max(1, _options.MinTextLayerWordsPerPage) && !IsGarbled(page);

    /// <summary>Fonts without a Unicode mapping come out as control or private-use characters: such text is useless.</summary>
    private static bool IsGarbled(OcrPage page)
    {
        var characters = 0;
        var garbage = 0;
        foreach (var c in page.Lines.SelectMany(l => l.Words).SelectMany(w => w.Text))
        {
            characters++;
            if (char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) == UnicodeCategory.PrivateUse) garbage++;
        }

        return garbage * 10 > characters * 3;
    }

    private async Task<OcrPage> RecognizePdfPageAsync(string pdfPath, int pageNumber, string workDirectory, CancellationToken cancellationToken)
    {
        var imageRoot = Path.Combine(workDirectory, "page-" + Invariant(pageNumber));
        // Grey PGM: tesseract binarises a grey image anyway, and an uncompressed file skips PNG encode/decode.
        var imagePath = imageRoot + ".pgm";
        try
        {
            string[] rasterise = ["-r", Invariant(_options.RasterDpi), "-f", Invariant(pageNumber), "-l", Invariant(pageNumber), "-gray", "-singlefile", pdfPath, imageRoot];
            var rendered = await RunToolAsync(Tool.PdfToPpm, rasterise, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
            if (rendered.ExitCode != 0 || !File.Exists(imagePath))
                throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"Page {pageNumber} of the PDF could not be rendered. pdftoppm: {Summarise(rendered.StandardErrorTail)}");

            if (_ppOcr.Value is { } reader)
            {
                var page = GrayImage.ReadPgm(await File.ReadAllBytesAsync(imagePath, cancellationToken).ConfigureAwait(false))
                    ?? throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"Page {pageNumber} of the PDF was rendered to an unreadable image.");
                var read = await ReadWithPpOcrAsync(reader, page, pageNumber, cancellationToken).ConfigureAwait(false);
                return (await CompleteWithTesseractAsync(reader, [read], imagePath, _options.RasterDpi, cancellationToken).ConfigureAwait(false))[0];
            }

            var result = await RunTesseractAsync(imagePath, _options.RasterDpi, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new DocumentRejectedException(ErrorCodes.OcrFailed, $"tesseract failed on page {pageNumber}: {Summarise(result.StandardErrorTail)}");
            return TesseractTsvParser.ParsePage(result.StandardOutputText, pageNumber, 0, 0);
        }
        finally
        {
            // Pages are rendered one per worker and deleted at once, so /tmp holds at most MaxParallelPages images.
            DeleteQuietly(imagePath);
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
        await WriteFileAsync(imagePath, content, cancellationToken).ConfigureAwait(false);

        if (_ppOcr.Value is { } reader && await TryReadWithPpOcrAsync(reader, imagePath, actual, pages, cancellationToken).ConfigureAwait(false) is { } read)
            return read;

        // Multi-page TIFFs go as they are: one tesseract process reads all their pages.
        var prepared = pages == 1 ? await TryUpscaleAsync(imagePath, actual, workDirectory, cancellationToken).ConfigureAwait(false) : null;

        // One process reads every page of a TIFF, so it gets the time of that many pages.
        var result = await RunTesseractAsync(prepared?.Path ?? imagePath, dpi: null, _options.ToolTimeout * pages, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The image could not be read. tesseract: {Summarise(result.StandardErrorTail)}");

        var recognised = TesseractTsvParser.ParsePages(result.StandardOutputText);
        if (prepared is { } p)
        {
            // Boxes are fractions of the upscaled image, which are the same fractions of the original; the page
            // size is reported in the original's pixels.
            recognised = recognised.Select(page => page with { Width = p.OriginalWidth, Height = p.OriginalHeight }).ToList();
        }

        return new OcrDocument("tesseract", recognised) { FromTextLayer = false };
    }

    /// <summary>
    /// Reads every frame of the image with PP-OCR; null (and tesseract reads it) when no image converter is there
    /// to decode it, unless PP-OCR was asked for by name.
    /// </summary>
    private async Task<OcrDocument?> TryReadWithPpOcrAsync(PpOcrPageReader reader, string imagePath, DocumentKind kind, int frames, CancellationToken cancellationToken)
    {
        if (_tools.TryResolveImageConverter() is null)
        {
            if (_options.ImageEngine != ImageOcrEngine.PpOcr) return null;
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                "PP-OCR needs ImageMagick (convert or magick) or GraphicsMagick (gm) to decode images: install imagemagick, ship it under /opt/bin, or set OCR_IMAGE_CONVERTER_PATH.");
        }

        var pages = new List<OcrPage>(frames);
        for (var frame = 0; frame < frames; frame++)
        {
            var image = await TryDecodeGrayAsync(imagePath, kind, frame, shrinkLarge: true, cancellationToken).ConfigureAwait(false)
                ?? throw new DocumentRejectedException(ErrorCodes.UnreadableImage, $"The image could not be decoded{(frames > 1 ? $" (page {frame + 1})" : "")}.");
            pages.Add(await ReadWithPpOcrAsync(reader, image, frame + 1, cancellationToken).ConfigureAwait(false));
        }

        var completed = await CompleteWithTesseractAsync(reader, pages, imagePath, dpi: null, cancellationToken).ConfigureAwait(false);
        return new OcrDocument("ppocr", completed) { FromTextLayer = false };
    }

    /// <summary>
    /// Tesseract reads, once for all frames of the image, what PP-OCR's alphabet lacks: on pages PP-OCR read without
    /// any currency sign, the signs only tesseract can read ("€", "£"; <see cref="CurrencySigns"/>); on pages in a
    /// language written with accents (<see cref="PageLanguage"/>), the accents (<see cref="Accents"/>), read in that
    /// language when its traineddata is installed. Tesseract missing, failing or timing out leaves PP-OCR's pages as
    /// they are.
    /// </summary>
    private async Task<IReadOnlyList<OcrPage>> CompleteWithTesseractAsync(
        PpOcrPageReader reader, IReadOnlyList<OcrPage> pages, string imagePath, int? dpi, CancellationToken cancellationToken)
    {
        var needsSigns = pages.Select(page => _options.CurrencySignCheck && !CurrencySigns.HasAny(page)).ToList();
        var languages = pages.Select(page => _options.AccentCheck ? PageLanguage.Guess(page) : null).ToList();
        if (!needsSigns.Contains(true) && languages.All(language => language is null)) return pages;

        ProcessResult result;
        try
        {
            var language = await TesseractLanguageForAsync(languages, cancellationToken).ConfigureAwait(false);
            result = await RunTesseractAsync(imagePath, dpi, _options.ToolTimeout * pages.Count, cancellationToken, language).ConfigureAwait(false);
        }
        catch (DocumentRejectedException)
        {
            return pages;
        }

        if (result.ExitCode != 0) return pages;
        var tesseract = TesseractTsvParser.ParsePages(result.StandardOutputText);
        return pages.Select((page, i) =>
        {
            if (i >= tesseract.Count) return page;
            if (needsSigns[i]) page = CurrencySigns.AddMissing(page, tesseract[i], reader.CanRead);
            if (languages[i] is not null) page = Accents.Restore(page, tesseract[i]);
            return page;
        }).ToList();
    }

    /// <summary>
    /// The language most pages were guessed to be in, when tesseract has it installed; otherwise the configured
    /// <see cref="LocalOcrOptions.Language"/> (English still reads many accents: "Tél.", "Café").
    /// </summary>
    private async Task<string> TesseractLanguageForAsync(IReadOnlyList<string?> guesses, CancellationToken cancellationToken)
    {
        var guess = guesses.OfType<string>().GroupBy(g => g, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        if (guess is null) return _options.Language;
        var installed = await _tesseractLanguages.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return installed.Contains(guess) ? guess : _options.Language;
    }

    /// <summary>The languages tesseract lists as installed; none when it cannot be asked.</summary>
    private async Task<IReadOnlySet<string>> ListTesseractLanguagesAsync()
    {
        List<string> arguments = _options.TessDataDirectory is { } tessdata ? ["--tessdata-dir", tessdata, "--list-langs"] : ["--list-langs"];
        try
        {
            var result = await RunToolAsync(Tool.Tesseract, arguments, _options.ToolTimeout, CancellationToken.None).ConfigureAwait(false);
            // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):", then one a line.
            return result.ExitCode != 0 ? new HashSet<string>()
                : result.StandardOutputText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).ToHashSet(StringComparer.Ordinal);
        }
        catch (DocumentRejectedException)
        {
            return new HashSet<string>();
        }
    }

    private static Task<OcrPage> ReadWithPpOcrAsync(PpOcrPageReader reader, GrayImage image, int pageNumber, CancellationToken cancellationToken) =>
        // The network runs on the CPU for about a second a page: off the caller's thread.
        Task.Run(() => reader.Read(image, pageNumber, cancellationToken), cancellationToken);

    /// <summary>
    /// The PP-OCR reader when <see cref="LocalOcrOptions.ImageEngine"/> allows it and a model folder is configured or
    /// found; null means tesseract. A configured folder that does not load is an error, never a silent fallback.
    /// </summary>
    private PpOcrPageReader? CreatePpOcrReader()
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
        return new PpOcrPageReader(PpOcrModels.Load(directory, _options.PpOcrThreads), new PpOcrSettings(), languageModel);
    }

    /// <summary>
    /// Upscales an image whose characters are smaller than <see cref="LocalOcrOptions.MinCharacterHeight"/>: tesseract
    /// misreads small glyphs (a 75 dpi rendering loses most words; see the option for what it gains on receipt scans).
    /// Returns null, and the original is read, when the text is big enough, preprocessing is off, or no image
    /// converter is installed (a Lambda layer need not ship one) or it fails or prints no image.
    /// </summary>
    private async Task<UpscaledImage?> TryUpscaleAsync(string imagePath, DocumentKind kind, string workDirectory, CancellationToken cancellationToken)
    {
        if (_options.MinCharacterHeight <= 0 || _options.MaxUpscale <= 1) return null;
        if (await TryDecodeGrayAsync(imagePath, kind, 0, shrinkLarge: false, cancellationToken).ConfigureAwait(false) is not { } image) return null;
        if (image.EstimateCharacterHeight() is not { } characterHeight) return null;
        var scale = Math.Min(_options.MinCharacterHeight / characterHeight, _options.MaxUpscale);
        // Keep the upscaled image within what tesseract handles comfortably (a 300 dpi A3 page is ~17 MP).
        const double MaxPixels = 40_000_000;
        scale = Math.Min(scale, Math.Sqrt(MaxPixels / ((double)image.Width * image.Height)));
        if (scale < 1.1) return null;

        var path = Path.Combine(workDirectory, "upscaled.pgm");
        await File.WriteAllBytesAsync(path, image.Resize(scale).ToPgm(), cancellationToken).ConfigureAwait(false);
        return new UpscaledImage(path, image.Width, image.Height);
    }

    /// <summary>
    /// One frame of the image as 8-bit grey, decoded by the image converter; null when there is no converter, it
    /// fails or prints no image, or the image is larger than <see cref="MaxPreprocessedPixels"/>. With
    /// <paramref name="shrinkLarge"/> a larger image (a 48 MP phone photo) is scaled down to that size instead.
    /// </summary>
    private async Task<GrayImage?> TryDecodeGrayAsync(string imagePath, DocumentKind kind, int frame, bool shrinkLarge, CancellationToken cancellationToken)
    {
        var converter = _tools.TryResolveImageConverter();
        if (converter is null) return null;

        // The decoder is named ("png:…"), never guessed, so only the format the magic bytes showed is ever parsed;
        // "[n]": that frame only; grey 8-bit PGM on stdout, which is all GrayImage reads.
        var decoder = kind switch { DocumentKind.Png => "png:", DocumentKind.Jpeg => "jpeg:", _ => "tiff:" };
        List<string> arguments = [decoder + imagePath + "[" + Invariant(frame) + "]", "-colorspace", "Gray", "-depth", "8"];
        if (shrinkLarge) arguments.AddRange(["-resize", Invariant(MaxPreprocessedPixels) + "@>"]); // area, and only ever down
        arguments.Add("pgm:-");
        if (ToolPaths.IsGraphicsMagick(converter)) arguments.Insert(0, "convert");
        ProcessResult converted;
        try
        {
            converted = await ProcessRunner.RunAsync(new ProcessSpec(converter, arguments, _options.ToolTimeout)
            {
                Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1", ["MAGICK_THREAD_LIMIT"] = "1" },
                MaxOutputBytes = MaxPreprocessedPixels + 4096, // one byte a pixel, and the header
                Started = ProcessStarted,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProcessStartException or ProcessTimeoutException or ProcessOutputTooLargeException)
        {
            return null;
        }

        if (converted.ExitCode != 0 || GrayImage.ReadPgm(converted.StandardOutput) is not { } image) return null;
        cancellationToken.ThrowIfCancellationRequested();
        return (long)image.Width * image.Height > MaxPreprocessedPixels ? null : image;
    }

    /// <summary>The estimate holds 5 bytes per pixel; images larger than this are photos with big enough text anyway.</summary>
    private const int MaxPreprocessedPixels = 30_000_000;

    private sealed record UpscaledImage(string Path, int OriginalWidth, int OriginalHeight);

    private async Task<ProcessResult> RunTesseractAsync(string imagePath, int? dpi, TimeSpan timeout, CancellationToken cancellationToken, string? language = null)
    {
        language ??= _options.Language;
        var arguments = new List<string> { imagePath, "stdout", "-l", language, "--psm", Invariant(_options.PageSegmentationMode) };
        if (dpi is { } d) arguments.AddRange(["--dpi", Invariant(d)]);
        if (_options.TessDataDirectory is { } tessdata) arguments.AddRange(["--tessdata-dir", tessdata]);
        arguments.Add("tsv");

        var result = await RunToolAsync(Tool.Tesseract, arguments, timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0
            && (result.StandardErrorTail.Contains("Failed loading language", StringComparison.Ordinal)
                || result.StandardErrorTail.Contains("Could not initialize tesseract", StringComparison.Ordinal)))
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                $"tesseract cannot load language '{language}': install tesseract-ocr-{language} or set OCR_TESSDATA_DIR. {Summarise(result.StandardErrorTail)}");
        }

        return result;
    }

    /// <summary>Runs the pages with at most MaxParallelPages at once; the first real failure stops the others.</summary>
    private async Task<OcrPage[]> ForEachPageAsync(IReadOnlyList<int> pageNumbers, Func<int, CancellationToken, Task<OcrPage>> recognise, CancellationToken cancellationToken)
    {
        using var stopOthers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(_options.MaxParallelPages);
        var tasks = pageNumbers.Select(async pageNumber =>
        {
            await slots.WaitAsync(stopOthers.Token).ConfigureAwait(false);
            try
            {
                return await recognise(pageNumber, stopOthers.Token).ConfigureAwait(false);
            }
            catch
            {
                stopOthers.Cancel();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToArray();

        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Report the failure that stopped the others, not the cancellations it caused.
            var cause = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null) ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    private async Task<ProcessResult> RunToolAsync(Tool tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = _tools.Resolve(tool);
        var spec = new ProcessSpec(path, arguments, timeout)
        {
            // Tesseract's OpenMP threads thrash on small machines; pages run in parallel processes instead.
            Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" },
            Started = ProcessStarted,
        };

        try
        {
            return await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration, $"{ToolPaths.Name(tool)} could not be started ({path}): {e.InnerException?.Message}", e);
        }
        catch (ProcessTimeoutException e)
        {
            throw new DocumentRejectedException(ErrorCodes.OcrTimeout, $"{e.Message}. {Summarise(e.StandardErrorTail)}".Trim(), e);
        }
        catch (ProcessOutputTooLargeException e)
        {
            throw new DocumentRejectedException(ErrorCodes.OcrFailed, e.Message, e);
        }
    }

    private string CreateWorkDirectory()
    {
        var path = Path.Combine(_options.TempDirectory, "invoicescanner-ocr-" + Guid.NewGuid().ToString("N"));
        // Owner-only: the folder holds a customer's document.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing useful to do; the folder name is unique and /tmp is per Lambda sandbox.
        }
    }

    private static int WordCount(OcrPage page) => page.Lines.Sum(l => l.Words.Count);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The last lines of a tool's stderr, short enough for an error message stored on the invoice.</summary>
    private static string Summarise(string standardErrorTail)
    {
        var lines = standardErrorTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = string.Join(" | ", lines.Distinct().TakeLast(3));
        return text.Length <= 400 ? text : "…" + text[^399..];
    }
}
