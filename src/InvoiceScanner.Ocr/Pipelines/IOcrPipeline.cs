using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>One way of reading a PDF or an image: <see cref="InProcessPipeline"/> or <see cref="ToolsPipeline"/>.</summary>
internal interface IOcrPipeline
{
    /// <summary>The document's pages; <paramref name="workDirectory"/> is the request's own folder, deleted after.</summary>
    Task<OcrDocument> RecognizeAsync(ReadOnlyMemory<byte> content, DocumentKind kind, string workDirectory, CancellationToken cancellationToken);
}
