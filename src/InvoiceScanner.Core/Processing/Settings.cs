namespace InvoiceScanner.Core.Processing;

public sealed record UploadSettings
{
    public TimeSpan UrlLifetime { get; init; } = TimeSpan.FromMinutes(15);
}

public sealed record ProcessingSettings
{
    /// <summary>The function doing the work (AWS_LAMBDA_FUNCTION_NAME), named in the invoice's history.</summary>
    public string FunctionName { get; init; } = "local";

    public Review.Actor Actor => Review.Actor.Function(FunctionName);

    /// <summary>Largest upload read (Textract's synchronous limit is 10 MB too).</summary>
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How long a claim holds before a redelivered event may take the invoice over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts at one step before the invoice is FAILED instead of released for another retry: Lambda's asynchronous
    /// invocation makes 3 (MaximumRetryAttempts 2 in template.yaml); after that the event only reaches the
    /// on-failure queue, and the invoice would otherwise wait in PROCESSING/EXTRACTING for ever.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;
}
