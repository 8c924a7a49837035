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

    /// <summary>A plain-text document (invoice2data's Orlen.txt): one OCR line per text line, monospace geometry.</summary>
    public static OcrDocument FromPlainText(string text)
    {
        var rawLines = text.Replace("\r\n", "\n").Split('\n');
        var width = Math.Max(1, rawLines.Max(l => l.Length));
        var height = Math.Max(1, rawLines.Length);
        var lines = new List<OcrLine>();
        for (var row = 0; row < rawLines.Length; row++)
        {
            var line = rawLines[row];
            // Runs of 2+ spaces separate columns: each run of text becomes its own OCR line, as a layout engine would.
            var i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && line[i] == ' ') i++;
                if (i >= line.Length) break;
                var start = i;
                while (i < line.Length && !(line[i] == ' ' && (i + 1 >= line.Length || line[i + 1] == ' '))) i++;
                var segment = line[start..i];
                var box = BoundingBox.FromEdges((double)start / width, (double)row / height, (double)i / width, (row + 0.9) / height);
                lines.Add(new OcrLine(segment, box, 1.0, Extraction.Datasets.SroieBoxReader.SplitWords(segment, box)));
            }
        }
        return new OcrDocument("plain-text", [new OcrPage(1, width, height, lines)]) { FromTextLayer = true };
    }
}
