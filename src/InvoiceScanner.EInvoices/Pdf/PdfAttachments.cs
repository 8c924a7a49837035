using UglyToad.PdfPig;

namespace InvoiceScanner.EInvoices.Pdf;

/// <summary>A file embedded in a PDF: its name (the file specification, else its key in the name tree) and bytes.</summary>
public sealed record PdfAttachment(string Name, ReadOnlyMemory<byte> Content);

/// <summary>
/// Lists the files a PDF carries in its EmbeddedFiles name tree, where PDF/A-3 invoices (Factur-X, ZUGFeRD,
/// XRechnung hybrids) attach their XML. Read in process with PdfPig.
/// </summary>
public static class PdfAttachments
{
    /// <summary>
    /// The attachments, or none when the PDF has none or cannot be parsed: such a PDF is still read from its pages,
    /// where a damaged file gets its own error.
    /// </summary>
    public static IReadOnlyList<PdfAttachment> Read(ReadOnlyMemory<byte> pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (!document.Advanced.TryGetEmbeddedFiles(out var files))
                return [];
            return files
                .Select(file => new PdfAttachment(Name(file.FileSpecification, file.Name), file.Memory.ToArray()))
                .ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return [];
        }
    }

    private static string Name(string? specification, string? key) =>
        !string.IsNullOrWhiteSpace(specification) ? specification.Trim() : key?.Trim() ?? "";
}
