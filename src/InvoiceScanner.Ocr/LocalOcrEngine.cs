using System.Diagnostics;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pipelines;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr;

/// <summary>
/// OCR without a cloud service. By default (<see cref="OcrPipeline.InProcess"/>) everything runs in this process: PDF
/// text layers with PdfPig, scanned pages from the images they draw, uploaded images decoded here, pixels read by the
/// PP-OCR models (bundled beside the program by the build). The optional tools pipeline (<see cref="OcrPipeline.Tools"/>)
/// runs poppler, ImageMagick and tesseract instead, where they are installed.
/// </summary>
/// <remarks>
/// <see cref="OcrDocument.Engine"/> says where the pages came from: "pdfpig" or "pdftotext" (all from the text layer),
/// "ppocr" or "tesseract" (all recognised from pixels) or "pdfpig+ppocr", "pdftotext+tesseract" and so on (mixed).
/// <see cref="OcrDocument.FromTextLayer"/> is true only when no page was recognised from pixels. Page sizes are in
/// points for text-layer pages and in pixels for recognised ones; boxes are page-relative either way.
/// </remarks>
public sealed class LocalOcrEngine : IOcrEngine
{
    private readonly LocalOcrOptions _options;
    private readonly ToolRunner _runner;
    private readonly IOcrPipeline _pipeline;

    public LocalOcrEngine(LocalOcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _runner = new ToolRunner(new ToolPaths(options));
        var readers = new PixelReaders(options, _runner, new GrayImageDecoder(_runner, options.ToolTimeout));
        _pipeline = options.Pipeline == OcrPipeline.Tools
            ? new ToolsPipeline(options, _runner, readers)
            : new InProcessPipeline(options, readers, new InProcessImageDecoder(new ImageDecodeLimits { MaxPixels = options.MaxImagePixels }));
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
            var document = await _pipeline.RecognizeAsync(input.Content, input.Kind, workDirectory, cancellationToken).ConfigureAwait(false);
            if (!document.AllLines.SelectMany(l => l.Words).Any(w => w.Text.Any(char.IsLetterOrDigit)))
                throw new DocumentRejectedException(ErrorCodes.NoTextFound, "No text was recognised in the document.");
            return document;
        }
        finally
        {
            WorkDirectory.DeleteQuietly(workDirectory);
        }
    }
}
