using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Ports;

/// <summary>What an OCR engine reads: the stored object's key (Textract reads it from S3 itself) and its bytes.</summary>
public sealed record OcrInput(string Bucket, string Key, DocumentKind Kind, ReadOnlyMemory<byte> Content);

/// <summary>
/// Turns a document into the normalised <see cref="OcrDocument"/>. Throws <see cref="DocumentRejectedException"/>
/// when the document itself is the problem (unreadable, no text); other exceptions are treated as transient.
/// </summary>
public interface IOcrEngine
{
    string Name { get; }

    /// <summary>
    /// True for a managed service billed per page: the page of a hybrid e-invoice is then not read just to compare
    /// it with the XML.
    /// </summary>
    bool PaidPerPage => false;

    Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken);
}

/// <summary>
/// An engine that reads some documents (e.g. multi-page PDFs on Textract) as a job: ProcessInvoice starts it
/// and the engine's own completion notice brings the result back, so no function sleeps while it runs.
/// </summary>
public interface IAsyncOcrEngine : IOcrEngine
{
    bool RequiresAsync(OcrInput input);

    /// <summary>Starts the job; idempotent per invoice id. Returns the job id.</summary>
    Task<string> StartAsync(OcrInput input, string invoiceId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the engine's own completion notice (the text of the message it published when a job ended).
    /// Throws <see cref="FormatException"/> when the text is not such a notice.
    /// </summary>
    OcrJobCompletion ReadCompletionNotice(string message);

    /// <summary>Collects a finished job's result.</summary>
    Task<OcrDocument> CompleteAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>An engine's notice that an asynchronous job ended, naming the uploaded object it read.</summary>
public sealed record OcrJobCompletion(string JobId, bool Succeeded, string Bucket, string Key, string? StatusMessage = null);
