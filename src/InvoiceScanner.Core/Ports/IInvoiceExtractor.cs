using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Core.Ports;

/// <summary>Structures an OCR document into invoice fields. Rules engine locally; may be refined by a model.</summary>
public interface IInvoiceExtractor
{
    Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions options, CancellationToken cancellationToken);
}
