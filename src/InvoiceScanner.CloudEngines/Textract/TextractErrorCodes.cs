using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>Failure codes for documents Textract refused (the codes live in <see cref="ErrorCodes"/>).</summary>
public static class TextractErrorCodes
{
    /// <summary>UnsupportedDocumentException: not PNG/JPEG/PDF/TIFF, or a multi-page file sent to the sync API.</summary>
    public const string UnsupportedDocument = ErrorCodes.UnsupportedDocument;

    /// <summary>BadDocumentException: Textract could not read the file (corrupt, encrypted, ...).</summary>
    public const string BadDocument = ErrorCodes.BadDocument;

    /// <summary>InvalidParameterException: the document violates a limit Textract checks as a parameter (e.g. page size).</summary>
    public const string InvalidDocument = ErrorCodes.InvalidDocument;
}
