namespace InvoiceScanner.Core.Files;

public enum DocumentKind { Pdf, Jpeg, Png, Tiff }

public static class DocumentKinds
{
    public static string ContentType(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Jpeg => "image/jpeg",
        DocumentKind.Png => "image/png",
        DocumentKind.Tiff => "image/tiff",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DocumentKind? FromContentType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/pdf" => DocumentKind.Pdf,
        "image/jpeg" or "image/jpg" => DocumentKind.Jpeg,
        "image/png" => DocumentKind.Png,
        "image/tiff" => DocumentKind.Tiff,
        _ => null,
    };
}
