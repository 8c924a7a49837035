using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr;

namespace InvoiceScanner.Eval;

/// <summary>The one place the evaluation calls the OCR project (pdftotext for PDFs, tesseract for images).</summary>
internal static class OcrAdapters
{
    private static readonly Lazy<LocalOcrEngine> Engine = new(() => new LocalOcrEngine(LocalOcrOptions.FromEnvironment()));

    /// <summary>
    /// OCR of a file, cached by content hash under the temp folder (tesseract takes seconds per receipt; the
    /// cache makes re-running the evaluation after an extraction change cheap). --no-cache bypasses it.
    /// </summary>
    public static async Task<OcrDocument> RecognizeFileAsync(string path, bool useCache, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))[..24];
        var cacheDir = Path.Combine(Path.GetTempPath(), "invoicescanner-eval-ocr");
        var cacheFile = Path.Combine(cacheDir, hash + ".json");
        if (useCache && File.Exists(cacheFile))
            return OcrDocumentJson.Deserialize(await File.ReadAllBytesAsync(cacheFile, cancellationToken));
        var document = await RecognizeAsync(path, content, cancellationToken);
        if (useCache)
        {
            Directory.CreateDirectory(cacheDir);
            await File.WriteAllBytesAsync(cacheFile, OcrDocumentJson.Serialize(document), cancellationToken);
        }
        return document;
    }

    private static Task<OcrDocument> RecognizeAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var kind = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pdf" => DocumentKind.Pdf,
            ".png" => DocumentKind.Png,
            ".jpg" or ".jpeg" => DocumentKind.Jpeg,
            ".tif" or ".tiff" => DocumentKind.Tiff,
            var other => throw new NotSupportedException($"no OCR for '{other}' files"),
        };
        return Engine.Value.RecognizeAsync(new OcrInput("eval", Path.GetFileName(path), kind, content), cancellationToken);
    }
}
