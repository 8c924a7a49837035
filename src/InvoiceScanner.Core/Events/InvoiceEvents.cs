using System.Globalization;
using System.Text.Json.Serialization;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Events;

/// <summary>The event names and how an invoice becomes an event.</summary>
public static class InvoiceEvents
{
    /// <summary>EventBridge source of every event the product publishes.</summary>
    public const string Source = "invoicescanner";

    public const string Completed = "Invoice Completed";
    public const string NeedsReview = "Invoice Needs Review";
    public const string Failed = "Invoice Failed";
    public const string Approved = "Invoice Approved";

    public static IReadOnlyList<string> DetailTypes { get; } = [Completed, NeedsReview, Failed, Approved];

    /// <summary>The detail type for an invoice that has just reached <paramref name="status"/>; null for a status nobody is told of.</summary>
    public static string? ForStatus(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Completed => Completed,
        InvoiceStatus.NeedsReview => NeedsReview,
        InvoiceStatus.Failed => Failed,
        _ => null,
    };

    /// <summary>The event for <paramref name="invoice"/> as it now reads (corrections applied).</summary>
    public static InvoiceEvent Of(string detailType, InvoiceRecord invoice, DateTimeOffset now)
    {
        var result = EffectiveResult.Of(invoice);
        var fields = result?.Fields;
        var reasons = result?.ReviewReasons;
        return new InvoiceEvent(detailType, new InvoiceEventDetail(
            Guid.NewGuid().ToString("N"), invoice.InvoiceId, invoice.UserId, invoice.Status.ToWire(), now, invoice.Version)
        {
            FileName = invoice.FileName,
            VendorName = fields?.VendorName?.Value,
            VendorVatId = fields?.VendorTaxId?.Value,
            InvoiceNumber = fields?.InvoiceNumber?.Value,
            InvoiceDate = fields?.InvoiceDate?.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DueDate = fields?.DueDate?.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Currency = fields?.Currency?.Value,
            Total = fields?.Total?.Value.ToString(CultureInfo.InvariantCulture),
            AmountDue = fields?.AmountDue?.Value.ToString(CultureInfo.InvariantCulture),
            ReviewReasons = invoice.Status == InvoiceStatus.NeedsReview && reasons is { Count: > 0 } ? [.. reasons.Select(r => r.Code)] : null,
            FailureCode = invoice.Failure?.Code,
            ApprovedBy = invoice.Approval?.By,
        });
    }

    /// <summary>The envelope a webhook receives for <paramref name="invoiceEvent"/>.</summary>
    public static InvoiceEventEnvelope Envelope(InvoiceEvent invoiceEvent) =>
        new(invoiceEvent.Detail.EventId, invoiceEvent.DetailType, Source, invoiceEvent.Detail.OccurredAt, invoiceEvent.Detail);
}

/// <summary>Source-generated JSON for events (camelCase detail, EventBridge's own names on the envelope).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InvoiceEventDetail))]
[JsonSerializable(typeof(InvoiceEventEnvelope))]
public sealed partial class InvoiceEventsJsonContext : JsonSerializerContext;
