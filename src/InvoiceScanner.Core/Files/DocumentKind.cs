namespace InvoiceScanner.Core.Files;

/// <summary>What an upload is; <see cref="DocumentKind.Xml"/> is an e-invoice (CII, ZUGFeRD 1.0 or UBL).</summary>
public enum DocumentKind { Pdf, Jpeg, Png, Tiff, Xml }

public static class DocumentKinds
{
    public static string ContentType(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Jpeg => "image/jpeg",
        DocumentKind.Png => "image/png",
        DocumentKind.Tiff => "image/tiff",
        DocumentKind.Xml => "application/xml",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DocumentKind? FromContentType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/pdf" => DocumentKind.Pdf,
        "image/jpeg" or "image/jpg" => DocumentKind.Jpeg,
        "image/png" => DocumentKind.Png,
        "image/tiff" => DocumentKind.Tiff,
        "application/xml" or "text/xml" => DocumentKind.Xml,
        _ => null,
    };
}
