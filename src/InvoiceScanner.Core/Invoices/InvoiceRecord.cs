using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core.Invoices;

/// <summary>One invoice of one user: what was uploaded, where it is in its life cycle, and what was read.</summary>
public sealed record InvoiceRecord(
    string UserId,
    string InvoiceId,
    InvoiceStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string FileName,
    string UploadKey,
    string ContentType)
{
    /// <summary>When the upload URL stops being accepted; a file that arrives later is not read.</summary>
    public DateTimeOffset? UploadExpiresAt { get; init; }

    /// <summary>The size the client declared, which the upload URL signs: S3 accepts no other.</summary>
    public long? UploadSize { get; init; }

    public DocumentFacts? Document { get; init; }
    public string? OcrKey { get; init; }
    public string? OcrEngine { get; init; }
    public ProcessingFailure? Failure { get; init; }
    public ExtractionResult? Result { get; init; }
    /// <summary>While PROCESSING/EXTRACTING: when the claim lapses and a redelivered event may take over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Counts every stored change; the API's ETag, so a person's change is refused when made on a stale view.</summary>
    public long Version { get; init; }

    /// <summary>A person's values, applied over <see cref="Result"/> (which keeps what the engine read).</summary>
    public IReadOnlyList<FieldCorrection> Corrections { get; init => field = value ?? []; } = [];

    public LineItemsCorrection? LineItemsCorrection { get; init; }

    public Approval? Approval { get; init; }
}

/// <summary>What ProcessInvoice learned about the file itself.</summary>
public sealed record DocumentFacts(DocumentKind Kind, long SizeBytes, string Sha256)
{
    public int? Pages { get; init; }

    /// <summary>The e-invoice's syntax and profile (e.g. "CII, EN16931") when the file is or carries one.</summary>
    public string? EInvoice { get; init; }

    /// <summary>The file name of the e-invoice attached to a hybrid PDF.</summary>
    public string? EInvoiceAttachment { get; init; }

    /// <summary>What the API calls the document: pdf, jpeg, png, tiff, einvoice-xml, or pdf+einvoice for a hybrid PDF.</summary>
    public string WireKind => Kind switch
    {
        DocumentKind.Xml => "einvoice-xml",
        DocumentKind.Pdf when EInvoice is not null => "pdf+einvoice",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

public sealed record ProcessingFailure(string Code, string Message, DateTimeOffset At);

/// <summary>A requested status change plus the data written with it, in one conditional write.</summary>
public sealed record StatusUpdate(InvoiceStatus To, DateTimeOffset At)
{
    public DocumentFacts? Document { get; init; }
    public string? OcrKey { get; init; }
    public string? OcrEngine { get; init; }
    public ProcessingFailure? Failure { get; init; }
    public ExtractionResult? Result { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Who made the change, for the history; the fleet's functions name themselves.</summary>
    public Actor? By { get; init; }
}

public enum TransitionOutcome { Applied, NotFound, Conflict }

/// <summary>The result of a conditional status write; on conflict, the status found.</summary>
public sealed record TransitionResult(TransitionOutcome Outcome, InvoiceStatus? CurrentStatus = null)
{
    public bool Applied => Outcome == TransitionOutcome.Applied;
}

public sealed record InvoiceQuery(string UserId, int Limit, string? Cursor, InvoiceStatus? Status = null)
{
    /// <summary>Oldest first (the review queue's order) instead of newest first.</summary>
    public bool OldestFirst { get; init; }
}

public sealed record InvoicePage(IReadOnlyList<InvoiceRecord> Items, string? NextCursor);

/// <summary>A cursor that does not decode, or that names another listing.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);
