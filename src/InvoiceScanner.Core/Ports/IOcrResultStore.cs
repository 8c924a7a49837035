using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Core.Ports;

/// <summary>Where the normalised OCR document is kept between ProcessInvoice and ExtractData.</summary>
public interface IOcrResultStore
{
    /// <summary>Stores the document under its key (see <see cref="Storage.ObjectKeys.OcrResult"/>).</summary>
    Task SaveAsync(string key, OcrDocument document, CancellationToken cancellationToken);

    /// <summary>Null when missing; throws DocumentRejectedException(OCR_RESULT_INVALID) when it does not parse.</summary>
    Task<OcrDocument?> LoadAsync(string key, CancellationToken cancellationToken);
}
