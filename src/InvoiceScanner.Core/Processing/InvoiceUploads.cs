using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>A client's request to upload one file of <see cref="Size"/> bytes.</summary>
public sealed record NewInvoiceRequest(string? FileName, string? ContentType, long? Size);

public sealed record UploadTicket(InvoiceRecord Invoice, PresignedUpload Upload);

/// <summary>The caller's upload quota is used up: 429, and when to try again.</summary>
public sealed class QuotaExceededException(QuotaRefusal refusal, DateTimeOffset now)
    : Exception($"You have made {refusal.Window.Limit} upload requests this {refusal.Window.Name}, the most allowed; try again after {refusal.RetryAt:u}.")
{
    public QuotaRefusal Refusal { get; } = refusal;

    /// <summary>Whole seconds until the window opens again (at least 1), for the Retry-After header.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling((refusal.RetryAt - now).TotalSeconds));
}

/// <summary>A request the API rejects with 400; <see cref="Details"/> names the offending members.</summary>
public sealed class RequestValidationException(string code, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string> Details { get; } = details ?? new Dictionary<string, string>();
}

/// <summary>
/// POST /invoices: records the invoice as AWAITING_UPLOAD and hands out a presigned PUT URL for its key. The URL signs
/// the declared size and If-None-Match: *, so S3 takes exactly one file of that size: a second PUT, after the first
/// was read, is refused (412) and cannot replace what the invoice describes.
/// </summary>
public sealed class InvoiceUploads(IInvoiceRepository invoices, IUploadUrlSigner signer, TimeProvider clock, UploadSettings settings,
    IUploadQuota? quota = null)
{
    public async Task<UploadTicket> CreateAsync(string userId, NewInvoiceRequest request, CancellationToken cancellationToken)
    {
        var (fileName, contentType, size) = Validate(request);
        var now = clock.GetUtcNow();
        // Counted after validation: a refused request costs the caller nothing.
        if (quota is not null && settings.QuotaWindows is { Count: > 0 } windows
            && await quota.TryTakeAsync(userId, now, windows, cancellationToken) is { } refusal)
            throw new QuotaExceededException(refusal, now);
        var invoiceId = InvoiceId.New(now);
        var key = ObjectKeys.Upload(userId, invoiceId, ObjectKeys.SafeFileName(fileName));
        var expiresAt = now + settings.UrlLifetime;
        var record = new InvoiceRecord(userId, invoiceId, InvoiceStatus.AwaitingUpload, now, now, fileName, key, contentType)
        {
            UploadExpiresAt = expiresAt,
            UploadSize = size,
        };
        await invoices.CreateAsync(record, cancellationToken);
        var upload = signer.CreateUploadUrl(new UploadGrant(key, contentType, size, expiresAt));
        return new UploadTicket(record, upload);
    }

    private (string FileName, string ContentType, long Size) Validate(NewInvoiceRequest request)
    {
        var errors = new Dictionary<string, string>();
        var fileName = request.FileName?.Trim();
        if (string.IsNullOrEmpty(fileName))
            errors["fileName"] = "required: the name of the file you will upload, e.g. invoice.pdf";
        else if (fileName.Length > 255 || fileName.Any(char.IsControl))
            errors["fileName"] = "must be at most 255 characters without control characters";

        var kind = request.ContentType is null ? KindFromExtension(fileName) : DocumentKinds.FromContentType(request.ContentType);
        if (kind is null)
            errors["contentType"] = request.ContentType is null
                ? "required when the file name has no .pdf, .jpg, .jpeg, .png, .tif, .tiff or .xml extension"
                : $"'{request.ContentType}' is not supported: use application/pdf, image/jpeg, image/png, image/tiff, or application/xml (or text/xml) for an e-invoice";

        if (request.Size is not { } size)
            errors["size"] = $"required: the file's size in bytes (1 to {settings.MaxUploadBytes:N0}); the upload URL accepts exactly that many";
        else if (size < 1)
            errors["size"] = "must be at least 1: an empty file has nothing to read";
        else if (size > settings.MaxUploadBytes)
            errors["size"] = $"{size:N0} bytes is more than the {settings.MaxUploadBytes:N0} bytes a file may have";

        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The upload request is invalid.", errors);
        return (fileName!, kind!.Value.ContentType(), request.Size!.Value);
    }

    private static DocumentKind? KindFromExtension(string? fileName) =>
        Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
        {
            ".pdf" => DocumentKind.Pdf,
            ".jpg" or ".jpeg" => DocumentKind.Jpeg,
            ".png" => DocumentKind.Png,
            ".tif" or ".tiff" => DocumentKind.Tiff,
            ".xml" => DocumentKind.Xml,
            _ => null,
        };
}
