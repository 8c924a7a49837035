using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Storage.S3;

/// <summary>Keeps normalised OCR documents as compact JSON objects in the bucket.</summary>
public sealed class S3OcrResultStore(IObjectStore objects) : IOcrResultStore
{
    private const long MaxDocumentBytes = 64L * 1024 * 1024;

    public Task SaveAsync(string key, OcrDocument document, CancellationToken cancellationToken) =>
        objects.PutAsync(key, OcrDocumentJson.Serialize(document), "application/json", cancellationToken);

    public async Task<OcrDocument?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await objects.GetAsync(key, MaxDocumentBytes, cancellationToken);
        return stored is null ? null : OcrDocumentJson.Deserialize(stored.Content.Span);
    }
}
