namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>
/// Failure codes for documents Textract refused, beside <see cref="Core.Invoices.ErrorCodes"/> (which has TOO_LARGE,
/// OCR_FAILED and ENGINE_CONFIGURATION_ERROR but nothing for these). Candidates to move into Core.
/// </summary>
public static class TextractErrorCodes
{
    /// <summary>UnsupportedDocumentException: not PNG/JPEG/PDF/TIFF, or a multi-page file sent to the sync API.</summary>
    public const string UnsupportedDocument = "UNSUPPORTED_DOCUMENT";

    /// <summary>BadDocumentException: Textract could not read the file (corrupt, encrypted, ...).</summary>
    public const string BadDocument = "BAD_DOCUMENT";

    /// <summary>InvalidParameterException: the document violates a limit Textract checks as a parameter (e.g. page size).</summary>
    public const string InvalidDocument = "INVALID_DOCUMENT";
}
