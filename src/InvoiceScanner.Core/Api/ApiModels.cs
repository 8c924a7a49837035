using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Api;

// The public HTTP API's bodies. Field names are camelCase on the wire (see InvoiceScannerJsonContext).

public sealed record CreateInvoiceBody(string? FileName, string? ContentType);

public sealed record UploadInstructions(string Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

public sealed record CreateInvoiceResponse(string InvoiceId, string Status, UploadInstructions Upload);

public sealed record FailureView(string Code, string Message);

/// <param name="Kind">pdf, jpeg, png, tiff, einvoice-xml, or pdf+einvoice (a PDF carrying an e-invoice).</param>
public sealed record DocumentView(string Kind, long SizeBytes, int? Pages, string Sha256, string? OcrEngine)
{
    /// <summary>The e-invoice's syntax and profile, e.g. "CII, EN16931".</summary>
    public string? EInvoice { get; init; }

    public string? EInvoiceAttachment { get; init; }
}

/// <summary>GET /invoices/{id}: status, failure reason if any, and everything that was read.</summary>
public sealed record InvoiceView(
    string InvoiceId,
    string Status,
    string FileName,
    string ContentType,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public FailureView? Failure { get; init; }
    public DocumentView? Document { get; init; }
    public InvoiceFields? Fields { get; init; }
    public IReadOnlyList<LineItem>? LineItems { get; init; }
    public IReadOnlyList<ReviewReason>? ReviewReasons { get; init; }
    public double? Confidence { get; init; }
    public string? Engine { get; init; }
}

/// <summary>One row of GET /invoices.</summary>
public sealed record InvoiceSummaryView(string InvoiceId, string Status, string FileName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string? VendorName { get; init; }
    public string? InvoiceNumber { get; init; }
    public DateOnly? InvoiceDate { get; init; }
    public decimal? Total { get; init; }
    public string? Currency { get; init; }
    public string? FailureCode { get; init; }
}

public sealed record InvoiceListResponse(IReadOnlyList<InvoiceSummaryView> Items, string? NextCursor);

public sealed record ErrorBody(string Code, string Message)
{
    public IReadOnlyDictionary<string, string>? Details { get; init; }
    public string? RequestId { get; init; }
}

public sealed record ErrorResponse(ErrorBody Error);

public static class InvoiceViews
{
    public static InvoiceView Detail(InvoiceRecord invoice) =>
        new(invoice.InvoiceId, invoice.Status.ToWire(), invoice.FileName, invoice.ContentType, invoice.CreatedAt, invoice.UpdatedAt)
        {
            Failure = invoice.Failure is { } f ? new FailureView(f.Code, f.Message) : null,
            Document = invoice.Document is { } d
                ? new DocumentView(d.WireKind, d.SizeBytes, d.Pages, d.Sha256, invoice.OcrEngine) { EInvoice = d.EInvoice, EInvoiceAttachment = d.EInvoiceAttachment }
                : null,
            Fields = invoice.Result?.Fields,
            LineItems = invoice.Result?.LineItems,
            ReviewReasons = invoice.Result?.ReviewReasons,
            Confidence = invoice.Result?.Confidence,
            Engine = invoice.Result?.Engine,
        };

    public static InvoiceSummaryView Summary(InvoiceRecord invoice)
    {
        var fields = invoice.Result?.Fields;
        return new(invoice.InvoiceId, invoice.Status.ToWire(), invoice.FileName, invoice.CreatedAt, invoice.UpdatedAt)
        {
            VendorName = fields?.VendorName?.Value,
            InvoiceNumber = fields?.InvoiceNumber?.Value,
            InvoiceDate = fields?.InvoiceDate?.Value,
            Total = fields?.Total?.Value,
            Currency = fields?.Currency?.Value,
            FailureCode = invoice.Failure?.Code,
        };
    }
}
