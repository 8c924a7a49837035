using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr;

/// <summary>
/// The tool lookup configured by <see cref="LocalOcrOptions"/>' paths; the sample generator and the tests build it
/// from options as the engine does.
/// </summary>
internal sealed class ToolPaths(LocalOcrOptions options)
    : ToolLocator(new ToolLocations(options.PdfInfoPath, options.PdfToTextPath, options.PdfToPpmPath, options.TesseractPath, options.ImageConverterPath));
