using System.Text;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Storage;

public enum ObjectKind { Upload, OcrResult }

/// <summary>Who and which invoice an object belongs to, derived from its key (never from client input).</summary>
public sealed record InvoiceObjectKey(ObjectKind Kind, string UserId, string InvoiceId, string Key);

/// <summary>
/// The bucket layout: <c>uploads/{userId}/{invoiceId}/{fileName}</c> for what users upload and
/// <c>ocr/{userId}/{invoiceId}.json</c> for normalised OCR results (each of these two prefixes triggers one function),
/// and <c>pages/{userId}/{invoiceId}/{n}.webp</c> for the page images people look at, with <c>einvoice.xml</c> there for
/// the XML a hybrid PDF carries (nothing listens there).
/// </summary>
public static class ObjectKeys
{
    public const string UploadsPrefix = "uploads/";
    public const string OcrPrefix = "ocr/";
    public const string PagesPrefix = "pages/";
    public const int MaxFileNameLength = 120;

    public static string Upload(string userId, string invoiceId, string fileName) =>
        $"{UploadsPrefix}{userId}/{invoiceId}/{fileName}";

    public static string OcrResult(string userId, string invoiceId) => $"{OcrPrefix}{userId}/{invoiceId}.json";

    /// <summary>The folder of an invoice's uploads (its file, and any stray written beside it).</summary>
    public static string UploadFolder(string userId, string invoiceId) => $"{UploadsPrefix}{userId}/{invoiceId}/";

    /// <summary>The folder of an invoice's page images.</summary>
    public static string PagesFolder(string userId, string invoiceId) => $"{PagesPrefix}{userId}/{invoiceId}/";

    /// <summary>Page <paramref name="number"/>'s image; <paramref name="extension"/> is ".webp" or ".png".</summary>
    public static string PageImage(string userId, string invoiceId, int number, string extension) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PagesFolder(userId, invoiceId)}{number}{extension}");

    /// <summary>A copy of the e-invoice XML a hybrid PDF carries, beside its page images, for people to read.</summary>
    public static string EInvoiceCopy(string userId, string invoiceId) => $"{PagesFolder(userId, invoiceId)}einvoice.xml";

    /// <summary>Every prefix that holds a user's objects; each ends with '/', so no user's prefix is another's start.</summary>
    public static IReadOnlyList<string> UserPrefixes(string userId) =>
        [$"{UploadsPrefix}{userId}/", $"{OcrPrefix}{userId}/", $"{PagesPrefix}{userId}/"];

    /// <summary>Parses an already URL-decoded key; null when it is not one of ours.</summary>
    public static InvoiceObjectKey? Parse(string key)
    {
        if (key.StartsWith(UploadsPrefix, StringComparison.Ordinal))
        {
            var parts = key[UploadsPrefix.Length..].Split('/', 3);
            return parts.Length == 3 && UserIds.IsValid(parts[0]) && InvoiceId.IsValid(parts[1]) && parts[2].Length > 0
                ? new InvoiceObjectKey(ObjectKind.Upload, parts[0], parts[1], key)
                : null;
        }
        if (key.StartsWith(OcrPrefix, StringComparison.Ordinal) && key.EndsWith(".json", StringComparison.Ordinal))
        {
            var parts = key[OcrPrefix.Length..^".json".Length].Split('/');
            return parts.Length == 2 && UserIds.IsValid(parts[0]) && InvoiceId.IsValid(parts[1])
                ? new InvoiceObjectKey(ObjectKind.OcrResult, parts[0], parts[1], key)
                : null;
        }
        return null;
    }

    /// <summary>
    /// The key as logs show it: the user as <see cref="UserIds.LogRef"/>, the invoice id, and no file name (a file
    /// name often names a person or a supplier). A key that is not ours shows only its first segment.
    /// </summary>
    public static string ForLog(string key) => Parse(key) switch
    {
        { Kind: ObjectKind.Upload } upload => $"{UploadsPrefix}{UserIds.LogRef(upload.UserId)}/{upload.InvoiceId}/…",
        { Kind: ObjectKind.OcrResult } ocr => $"{OcrPrefix}{UserIds.LogRef(ocr.UserId)}/{ocr.InvoiceId}.json",
        _ => key.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? key[..(slash + 1)] + "…" : "…",
    };

    /// <summary>
    /// A file name safe to use as the last key segment: no path, no control characters, bounded length.
    /// Spaces and common punctuation are kept (S3 encodes them in notifications; the parser decodes).
    /// </summary>
    public static string SafeFileName(string fileName)
    {
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var allowed = Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '.' or '-' or '_' or '(' or ')' or '+' or ',' or '&';
            builder.Append(allowed ? rune.ToString() : "_");
        }
        var safe = builder.ToString().Trim('.', ' ');
        if (safe.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(safe);
            safe = safe[..(MaxFileNameLength - extension.Length)] + extension;
        }
        return safe.Length == 0 ? "document" : safe;
    }
}
