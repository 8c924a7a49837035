namespace InvoiceScanner.Core.Invoices;

/// <summary>
/// The processing life cycle. Values are stored and returned as their upper-snake names.
/// AWAITING_UPLOAD → PROCESSING → OCR_COMPLETE → EXTRACTING → COMPLETED | NEEDS_REVIEW, and FAILED from any
/// non-terminal state; EXPIRED when the upload never came in time. Status never moves backwards (one exception: a
/// FAILED FILE_MISSING invoice, whose file had not arrived, is read when the file's own event comes); duplicated events find the status already past. Only a person's
/// reprocess request restarts a finished invoice (QUEUED to read it again, OCR_COMPLETE to structure it again), through
/// <see cref="InvoiceStatuses.RestartSources"/>, never through an event.
/// </summary>
public enum InvoiceStatus
{
    AwaitingUpload,
    Processing,
    OcrComplete,
    Extracting,
    Completed,
    NeedsReview,
    Failed,
    /// <summary>Stored and waiting to be read again (a reprocess request asked for OCR).</summary>
    Queued,
    /// <summary>No file was uploaded before the upload URL expired (or one came after): nothing to read.</summary>
    Expired,
}

public static class InvoiceStatuses
{
    public static bool IsTerminal(this InvoiceStatus status) =>
        status is InvoiceStatus.Completed or InvoiceStatus.NeedsReview or InvoiceStatus.Failed or InvoiceStatus.Expired;

    /// <summary>Which statuses may be moved to <paramref name="target"/>.</summary>
    public static IReadOnlyList<InvoiceStatus> AllowedSources(InvoiceStatus target) => target switch
    {
        InvoiceStatus.AwaitingUpload => [],
        InvoiceStatus.Processing => [InvoiceStatus.AwaitingUpload, InvoiceStatus.Queued],
        InvoiceStatus.OcrComplete => [InvoiceStatus.Processing],
        // From PROCESSING too: the OCR object's event can overtake ProcessInvoice's own status write.
        InvoiceStatus.Extracting => [InvoiceStatus.Processing, InvoiceStatus.OcrComplete],
        InvoiceStatus.Completed or InvoiceStatus.NeedsReview => [InvoiceStatus.Extracting],
        InvoiceStatus.Failed => [InvoiceStatus.AwaitingUpload, InvoiceStatus.Queued, InvoiceStatus.Processing, InvoiceStatus.OcrComplete, InvoiceStatus.Extracting],
        InvoiceStatus.Expired => [InvoiceStatus.AwaitingUpload],
        _ => [],
    };

    public static bool CanMove(InvoiceStatus from, InvoiceStatus to) => AllowedSources(to).Contains(from);

    /// <summary>Where a reprocess request may start from: a finished invoice (never one in work).</summary>
    public static IReadOnlyList<InvoiceStatus> RestartSources { get; } = [InvoiceStatus.Completed, InvoiceStatus.NeedsReview, InvoiceStatus.Failed];

    /// <summary>Whether a person may correct the invoice now: not while it waits for its file or is being read.</summary>
    public static bool IsCorrectable(this InvoiceStatus status) => status.IsTerminal() && status != InvoiceStatus.Expired;

    /// <summary>
    /// Claims take an invoice into work under a lease; a claim whose lease lapsed (the function died or timed
    /// out) may be taken again by a redelivered event, so nothing stays stuck in PROCESSING.
    /// </summary>
    public static bool IsClaim(this InvoiceStatus status) => status is InvoiceStatus.Processing or InvoiceStatus.Extracting;

    /// <summary>
    /// Whether an invoice now in <paramref name="current"/> (FAILED with <paramref name="failureCode"/>) may take
    /// <paramref name="update"/>.
    /// </summary>
    public static bool Permits(InvoiceStatus current, DateTimeOffset? leaseExpiresAt, StatusUpdate update, string? failureCode = null) =>
        CanMove(current, update.To)
        || (update.To.IsClaim() && current == update.To && leaseExpiresAt is { } lease && lease <= update.At)
        || (update.To == InvoiceStatus.Processing && current == InvoiceStatus.Failed && failureCode == ReopenedByUpload);

    /// <summary>
    /// The failure a later event of the invoice's own upload key may take back into PROCESSING: the file was announced
    /// but never became readable, so when it does arrive it is read.
    /// </summary>
    public const string ReopenedByUpload = ErrorCodes.FileMissing;

    public static string ToWire(this InvoiceStatus status) => status switch
    {
        InvoiceStatus.AwaitingUpload => "AWAITING_UPLOAD",
        InvoiceStatus.Processing => "PROCESSING",
        InvoiceStatus.OcrComplete => "OCR_COMPLETE",
        InvoiceStatus.Extracting => "EXTRACTING",
        InvoiceStatus.Completed => "COMPLETED",
        InvoiceStatus.NeedsReview => "NEEDS_REVIEW",
        InvoiceStatus.Failed => "FAILED",
        InvoiceStatus.Queued => "QUEUED",
        InvoiceStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParseWire(string? value, out InvoiceStatus status)
    {
        foreach (var candidate in Enum.GetValues<InvoiceStatus>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
