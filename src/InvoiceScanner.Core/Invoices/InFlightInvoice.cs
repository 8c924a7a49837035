namespace InvoiceScanner.Core.Invoices;

/// <summary>An invoice not yet in a terminal status, as the sweeper sees it: enough to tell whether it is stuck.</summary>
public sealed record InFlightInvoice(string UserId, string InvoiceId, InvoiceStatus Status, DateTimeOffset UpdatedAt)
{
    public DateTimeOffset? UploadExpiresAt { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
}
