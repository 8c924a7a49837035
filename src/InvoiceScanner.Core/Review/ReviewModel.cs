using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Core.Review;

/// <summary>Who did something: a user acting on their own invoices, an operator (any user's), or a function of the fleet.</summary>
public sealed record Actor(string Kind, string Id)
{
    public const string UserKind = "user";
    public const string OperatorKind = "operator";
    public const string FunctionKind = "function";

    public bool IsOperator => Kind == OperatorKind;

    public static Actor User(string userId) => new(UserKind, userId);
    public static Actor Operator(string userId) => new(OperatorKind, userId);
    public static Actor Function(string name) => new(FunctionKind, name);
}

/// <summary>A person's value for one field (canonical JSON text; "null" clears it), and who set it when.</summary>
public sealed record FieldCorrection(string Field, string Value, string By, DateTimeOffset At);

/// <summary>The line items as a person left them (the engine's own stay in the result), and who changed them last.</summary>
public sealed record LineItemsCorrection(IReadOnlyList<LineItem> Items, string By, DateTimeOffset At);

/// <summary>
/// A person's acceptance of the invoice as it stood. <see cref="OverriddenCodes"/> are the blocking review reasons they
/// accepted anyway, with <see cref="OverrideReason"/>.
/// </summary>
public sealed record Approval(string By, DateTimeOffset At)
{
    public string? OverrideReason { get; init; }
    public IReadOnlyList<string> OverriddenCodes { get; init => field = value ?? []; } = [];
}

/// <summary>What kind of change a history entry records.</summary>
public static class HistoryKinds
{
    public const string Created = "created";
    public const string Status = "status";
    public const string Correction = "correction";
    public const string LineItems = "line-items";
    public const string Approval = "approval";
    public const string Reprocess = "reprocess";
}

/// <summary>
/// One change to an invoice, written in the same transaction as the change and never rewritten. <see cref="Status"/> is the
/// status after the change; a correction names its field with the values before and after (canonical JSON text).
/// </summary>
public sealed record HistoryEntry(string Kind, DateTimeOffset At, Actor Actor)
{
    public string? Status { get; init; }
    public string? Field { get; init; }
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public string? Reason { get; init; }
    /// <summary>For an engine's result: which engine, its confidence and the review reasons' codes.</summary>
    public ResultSummary? Result { get; init; }
    /// <summary>A short account in words of anything else (what a reprocess asked for, codes overridden).</summary>
    public string? Detail { get; init; }
}

public sealed record ResultSummary(string Engine, double Confidence, IReadOnlyList<string> ReviewReasons)
{
    public static ResultSummary Of(ExtractionResult result) =>
        new(result.Engine, Math.Round(result.Confidence, 3), [.. result.ReviewReasons.Select(r => r.Code)]);
}

/// <summary>A reprocess request remembered under its Idempotency-Key, so a repeat returns what the first one did.</summary>
public sealed record IdempotencyMark(string Key, string Request, DateTimeOffset At);
