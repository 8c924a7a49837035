using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>A client's request to upload one file.</summary>
public sealed record NewInvoiceRequest(string? FileName, string? ContentType);

public sealed record UploadTicket(InvoiceRecord Invoice, PresignedUpload Upload);

/// <summary>A request the API rejects with 400; <see cref="Details"/> names the offending members.</summary>
public sealed class RequestValidationException(string code, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string> Details { get; } = details ?? new Dictionary<string, string>();
}

/// <summary>POST /invoices: records the invoice as AWAITING_UPLOAD and hands out a presigned PUT URL for its key.</summary>
public sealed class InvoiceUploads(IInvoiceRepository invoices, IUploadUrlSigner signer, TimeProvider clock, UploadSettings settings)
{
    public async Task<UploadTicket> CreateAsync(string userId, NewInvoiceRequest request, CancellationToken cancellationToken)
    {
        var (fileName, contentType) = Validate(request);
        var now = clock.GetUtcNow();
        var invoiceId = InvoiceId.New(now);
        var key = ObjectKeys.Upload(userId, invoiceId, ObjectKeys.SafeFileName(fileName));
        var record = new InvoiceRecord(userId, invoiceId, InvoiceStatus.AwaitingUpload, now, now, fileName, key, contentType);
        await invoices.CreateAsync(record, cancellationToken);
        var upload = signer.CreateUploadUrl(key, contentType, now + settings.UrlLifetime);
        return new UploadTicket(record, upload);
    }

    private static (string FileName, string ContentType) Validate(NewInvoiceRequest request)
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

        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The upload request is invalid.", errors);
        return (fileName!, kind!.Value.ContentType());
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
