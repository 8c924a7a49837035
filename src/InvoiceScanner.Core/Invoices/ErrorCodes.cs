namespace InvoiceScanner.Core.Invoices;

/// <summary>Machine-readable failure codes stored on an invoice and returned by the API.</summary>
public static class ErrorCodes
{
    // Uploaded file
    public const string EmptyFile = "EMPTY_FILE";
    public const string TooLarge = "TOO_LARGE";
    /// <summary>An upload was announced but its object never became readable; the object's own later event still reads it.</summary>
    public const string FileMissing = "FILE_MISSING";
    /// <summary>The file arrived after its upload URL expired (EXPIRED), or never (the sweeper's EXPIRED).</summary>
    public const string UploadExpired = "UPLOAD_EXPIRED";
    public const string UnsupportedType = "UNSUPPORTED_TYPE";
    public const string UnreadablePdf = "UNREADABLE_PDF";
    public const string UnreadableImage = "UNREADABLE_IMAGE";
    public const string TooManyPages = "TOO_MANY_PAGES";
    public const string NoTextFound = "NO_TEXT_FOUND";
    /// <summary>An image whose pixel count is beyond what is decoded (even at a reduced size).</summary>
    public const string ImageTooLarge = "IMAGE_TOO_LARGE";
    /// <summary>
    /// A PDF page with neither a usable text layer nor a page image the local engine decodes: text drawn as vector
    /// paths, or a scan in an encoding it lacks (JBIG2). The message names which; Textract reads such pages.
    /// </summary>
    public const string PageNotReadable = "PAGE_NOT_READABLE";
    // E-invoices (XML)
    /// <summary>Not well-formed XML, or XML this reader refuses to expand (a DTD, entities).</summary>
    public const string InvalidXml = "INVALID_XML";
    /// <summary>Well-formed XML, but not an invoice or credit note in a syntax we read (e.g. an Order-X order).</summary>
    public const string NotAnInvoice = "NOT_AN_INVOICE";
    // Engines
    public const string OcrFailed = "OCR_FAILED";
    /// <summary>The cloud engine refused the file type or layout (Textract UnsupportedDocumentException).</summary>
    public const string UnsupportedDocument = "UNSUPPORTED_DOCUMENT";
    /// <summary>The cloud engine could not read the file (corrupt, encrypted).</summary>
    public const string BadDocument = "BAD_DOCUMENT";
    /// <summary>The document breaks a limit the engine checks as a parameter (e.g. page size).</summary>
    public const string InvalidDocument = "INVALID_DOCUMENT";
    public const string OcrTimeout = "OCR_TIMEOUT";
    public const string OcrResultInvalid = "OCR_RESULT_INVALID";
    public const string EngineConfiguration = "ENGINE_CONFIGURATION_ERROR";
    public const string ExtractionFailed = "EXTRACTION_FAILED";
    /// <summary>The sweeper found the invoice unfinished long after its last change: the work and its retries ended without a result.</summary>
    public const string ProcessingStalled = "PROCESSING_STALLED";
    // API
    public const string BadRequest = "BAD_REQUEST";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string RouteNotFound = "ROUTE_NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    /// <summary>The caller's upload quota for the minute or the day is used up (429, with Retry-After).</summary>
    public const string RateLimited = "RATE_LIMITED";
    // The gateway's own answers (a request that reaches no function), in the same envelope.
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    // Webhooks
    /// <summary>The webhook URL is not https, or names (or resolves to) a private, loopback or link-local address.</summary>
    public const string WebhookUrlRefused = "WEBHOOK_URL_REFUSED";
    // Review
    /// <summary>The invoice is still waiting for its file or being read; it can be changed once it is finished.</summary>
    public const string NotCorrectable = "NOT_CORRECTABLE";
    public const string NotApprovable = "NOT_APPROVABLE";
    public const string NotReprocessable = "NOT_REPROCESSABLE";
    /// <summary>Blocking review reasons stand; approving needs {"override": true, "reason": "…"}.</summary>
    public const string ApprovalBlocked = "APPROVAL_BLOCKED";
    /// <summary>If-Match names a version the invoice has moved past.</summary>
    public const string VersionMismatch = "VERSION_MISMATCH";
    public const string IfMatchRequired = "IF_MATCH_REQUIRED";
    /// <summary>The stored file or OCR result a reprocess needs has expired (bucket retention) or is missing.</summary>
    public const string SourceGone = "SOURCE_GONE";
    /// <summary>The invoice has no image of that page (an e-invoice's XML, still being read, or its pages could not be drawn).</summary>
    public const string PageNotFound = "PAGE_NOT_FOUND";
    /// <summary>The invoice is not an e-invoice and carries none (GET /invoices/{id}/einvoice).</summary>
    public const string NoEInvoice = "NO_EINVOICE";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string Internal = "INTERNAL_ERROR";
}

/// <summary>
/// A failure that belongs to the document (bad file, engine refused it): the invoice ends FAILED with
/// <see cref="Code"/>. Anything else is treated as transient and retried.
/// </summary>
public class DocumentRejectedException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
