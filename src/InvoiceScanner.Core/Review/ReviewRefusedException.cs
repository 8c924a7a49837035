namespace InvoiceScanner.Core.Review;

/// <summary>Why a person's request was refused; the HTTP adapter maps each to its status code.</summary>
public enum Refusal
{
    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
    /// <summary>The caller may not use this route (403).</summary>
    Forbidden,
    /// <summary>No such invoice for this caller (404).</summary>
    NotFound,
    /// <summary>The invoice's state does not allow it now (409).</summary>
    Conflict,
    /// <summary>The caller's view is stale: If-Match names another version (412).</summary>
    Stale,
    /// <summary>A change needs If-Match (428).</summary>
    PreconditionRequired,
}

public sealed class ReviewRefusedException(Refusal refusal, string code, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    public Refusal Refusal { get; } = refusal;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string>? Details { get; } = details;
}
