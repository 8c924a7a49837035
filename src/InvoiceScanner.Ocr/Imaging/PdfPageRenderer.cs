using System.Globalization;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Imaging;

/// <summary>Renders one PDF page to an image file with <c>pdftoppm</c>, for the pages without a usable text layer.</summary>
internal sealed class PdfPageRenderer(ToolRunner runner, int dpi, TimeSpan toolTimeout)
{
    /// <summary>Where <see cref="RenderAsync"/> writes the page (the caller deletes it, rendered or not).</summary>
    public static string ImagePath(string workDirectory, int pageNumber) =>
        // Grey PGM: tesseract binarises a grey image anyway, and an uncompressed file skips PNG encode/decode.
        ImageRoot(workDirectory, pageNumber) + ".pgm";

    public async Task RenderAsync(string pdfPath, int pageNumber, string workDirectory, CancellationToken cancellationToken)
    {
        var imageRoot = ImageRoot(workDirectory, pageNumber);
        string[] rasterise = ["-r", Invariant(dpi), "-f", Invariant(pageNumber), "-l", Invariant(pageNumber), "-gray", "-singlefile", pdfPath, imageRoot];
        var rendered = await runner.RunAsync(Tool.PdfToPpm, rasterise, toolTimeout, cancellationToken).ConfigureAwait(false);
        if (rendered.ExitCode != 0 || !File.Exists(ImagePath(workDirectory, pageNumber)))
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"Page {pageNumber} of the PDF could not be rendered. pdftoppm: {ToolRunner.Summarise(rendered.StandardErrorTail)}");
    }

    private static string ImageRoot(string workDirectory, int pageNumber) => Path.Combine(workDirectory, "page-" + Invariant(pageNumber));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
