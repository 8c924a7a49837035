namespace InvoiceScanner.Core.Processing;

public enum OutcomeKind { Processed, Failed, Skipped }

/// <summary>What one function did with one S3 record; handlers return these so a run is self-explaining.</summary>
public sealed record ProcessingOutcome(string Key, OutcomeKind Kind, string Detail)
{
    public string? InvoiceId { get; init; }
    public string? Status { get; init; }
    public string? Code { get; init; }
}

/// <summary>What an S3-triggered function did with each record of one event (its invocation response).</summary>
public sealed record S3ProcessingSummary(IReadOnlyList<ProcessingOutcome> Outcomes);
