using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Api;

// The public HTTP API's bodies. Field names are camelCase on the wire (see InvoiceScannerJsonContext).

public sealed record CreateInvoiceBody(string? FileName, string? ContentType, long? Size);

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

    /// <summary>The record's version; the ETag header carries it for If-Match.</summary>
    public long Version { get; init; }

    /// <summary>Every value a person set (null: cleared), with the engine's value before it.</summary>
    public IReadOnlyList<CorrectionView>? Corrections { get; init; }

    public ApprovalView? Approval { get; init; }
}

public sealed record CorrectionView(string Field, JsonElement Value, JsonElement MachineValue, string By, DateTimeOffset At);

public sealed record ApprovalView(string By, DateTimeOffset At)
{
    public string? OverrideReason { get; init; }
    public IReadOnlyList<string>? OverriddenCodes { get; init; }
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
    public IReadOnlyList<ReviewReason>? ReviewReasons { get; init; }
    /// <summary>The invoice's owner; given in the operators' review queue, which spans users.</summary>
    public string? Owner { get; init; }
}

public sealed record InvoiceListResponse(IReadOnlyList<InvoiceSummaryView> Items, string? NextCursor);

/// <param name="Attempt">For a claim (PROCESSING, EXTRACTING): which try at that step this was since the invoice was (re)started.</param>
public sealed record HistoryEntryView(string Kind, DateTimeOffset At, Actor Actor)
{
    public string? Status { get; init; }
    public int? Attempt { get; init; }
    public string? Field { get; init; }
    public JsonElement? OldValue { get; init; }
    public JsonElement? NewValue { get; init; }
    public string? Reason { get; init; }
    public ResultSummary? Result { get; init; }
    public string? Detail { get; init; }
}

public sealed record HistoryResponse(IReadOnlyList<HistoryEntryView> Items, string? NextCursor);

/// <summary>A reprocess request's answer (202): the invoice as it now stands, and whether this call started the work.</summary>
public sealed record ReprocessResponse(InvoiceView Invoice, bool Started);

/// <summary>DELETE /me's answer while the erasure is not finished (202): call again until it answers 204.</summary>
public sealed record ErasureStatusResponse(string Status, string Message);

public sealed record ErrorBody(string Code, string Message)
{
    public IReadOnlyDictionary<string, string>? Details { get; init; }
    public string? RequestId { get; init; }
}

public sealed record ErrorResponse(ErrorBody Error);

public static class InvoiceViews
{
    public static InvoiceView Detail(InvoiceRecord invoice)
    {
        var result = EffectiveResult.Of(invoice);
        return new(invoice.InvoiceId, invoice.Status.ToWire(), invoice.FileName, invoice.ContentType, invoice.CreatedAt, invoice.UpdatedAt)
        {
            Failure = invoice.Failure is { } f ? new FailureView(f.Code, f.Message) : null,
            Document = invoice.Document is { } d
                ? new DocumentView(d.WireKind, d.SizeBytes, d.Pages, d.Sha256, invoice.OcrEngine) { EInvoice = d.EInvoice, EInvoiceAttachment = d.EInvoiceAttachment }
                : null,
            Fields = result?.Fields,
            LineItems = result?.LineItems,
            ReviewReasons = result?.ReviewReasons,
            Confidence = result?.Confidence,
            Engine = result?.Engine,
            Version = invoice.Version,
            Corrections = invoice.Corrections.Count == 0 ? null : [.. invoice.Corrections.Select(c => Correction(invoice, c))],
            Approval = invoice.Approval is { } a
                ? new ApprovalView(a.By, a.At) { OverrideReason = a.OverrideReason, OverriddenCodes = a.OverriddenCodes.Count > 0 ? a.OverriddenCodes : null }
                : null,
        };
    }

    private static CorrectionView Correction(InvoiceRecord invoice, FieldCorrection correction)
    {
        var machine = invoice.Result is { } r && CorrectableFields.Find(correction.Field) is { } field ? field.Current(r.Fields) : "null";
        return new CorrectionView(correction.Field, Json(correction.Value), Json(machine), correction.By, correction.At);
    }

    /// <summary>Canonical JSON text (as corrections and history store values) as a JSON value of the response.</summary>
    public static JsonElement Json(string canonical)
    {
        using var document = JsonDocument.Parse(canonical);
        return document.RootElement.Clone();
    }

    /// <summary>History as the API lists it: a claim numbered by its attempt since the invoice was last (re)started.</summary>
    public static IReadOnlyList<HistoryEntryView> History(IReadOnlyList<HistoryEntry> entries)
    {
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var views = new List<HistoryEntryView>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Kind is HistoryKinds.Reprocess or HistoryKinds.Created)
                attempts.Clear();
            int? attempt = null;
            if (e.Kind == HistoryKinds.Status && e.Status is { } s && InvoiceStatuses.TryParseWire(s, out var status) && status.IsClaim())
                attempts[s] = (attempt = attempts.GetValueOrDefault(s) + 1).Value;
            views.Add(new HistoryEntryView(e.Kind, e.At, e.Actor)
            {
                Status = e.Status,
                Attempt = attempt,
                Field = e.Field,
                OldValue = e.OldValue is null ? null : Json(e.OldValue),
                NewValue = e.NewValue is null ? null : Json(e.NewValue),
                Reason = e.Reason,
                Result = e.Result,
                Detail = e.Detail,
            });
        }
        return views;
    }

    public static InvoiceSummaryView Summary(InvoiceRecord invoice)
    {
        var result = EffectiveResult.Of(invoice);
        var fields = result?.Fields;
        return new(invoice.InvoiceId, invoice.Status.ToWire(), invoice.FileName, invoice.CreatedAt, invoice.UpdatedAt)
        {
            VendorName = fields?.VendorName?.Value,
            InvoiceNumber = fields?.InvoiceNumber?.Value,
            InvoiceDate = fields?.InvoiceDate?.Value,
            Total = fields?.Total?.Value,
            Currency = fields?.Currency?.Value,
            FailureCode = invoice.Failure?.Code,
            ReviewReasons = invoice.Status == InvoiceStatus.NeedsReview ? result?.ReviewReasons : null,
        };
    }
}
