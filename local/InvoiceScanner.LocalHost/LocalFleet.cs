namespace InvoiceScanner.LocalHost;

/// <summary>One Lambda function of the product, as template.yaml declares it.</summary>
/// <param name="LogicalId">SAM logical id; also the folder name under the functions directory (artifacts/&lt;LogicalId&gt;/bootstrap).</param>
/// <param name="ProjectDirectory">Repository-relative folder of the function's project.</param>
/// <param name="Timeout">Lambda timeout (template Timeout).</param>
/// <param name="MemorySizeMb">Lambda memory (template MemorySize); only passed on as AWS_LAMBDA_FUNCTION_MEMORY_SIZE.</param>
public sealed record FunctionDefinition(string LogicalId, string ProjectDirectory, TimeSpan Timeout, int MemorySizeMb);

/// <summary>An HTTP API route (payload format 2.0, JWT authorizer) and the function it integrates.</summary>
/// <param name="Method">Upper-case HTTP method.</param>
/// <param name="PathTemplate">e.g. "/invoices/{id}"; "{name}" matches one path segment, "{name+}" the rest of the path.</param>
public sealed record HttpRoute(string Method, string PathTemplate, string FunctionLogicalId, bool RequiresJwt = true)
{
    /// <summary>API Gateway's route key, e.g. "GET /invoices/{id}".</summary>
    public string RouteKey => $"{Method} {PathTemplate}";
}

/// <summary>A bucket notification: objects created under <see cref="Prefix"/> (and ending in <see cref="Suffix"/>) invoke a function.</summary>
/// <param name="Event">S3 event type as in template.yaml, e.g. "s3:ObjectCreated:*".</param>
public sealed record S3Notification(string Prefix, string? Suffix, string Event, string FunctionLogicalId)
{
    /// <summary>Filter rules apply to the object's real key (not the URL-encoded form in the event).</summary>
    public bool Matches(string eventName, string key)
    {
        var wanted = Event.StartsWith("s3:", StringComparison.Ordinal) ? Event[3..] : Event;
        var eventMatches = wanted.EndsWith(":*", StringComparison.Ordinal)
            ? eventName.StartsWith(wanted[..^1], StringComparison.Ordinal)
            : string.Equals(eventName, wanted, StringComparison.Ordinal);
        return eventMatches
            && key.StartsWith(Prefix, StringComparison.Ordinal)
            && (Suffix is null || key.EndsWith(Suffix, StringComparison.Ordinal));
    }
}

/// <summary>
/// The deployed shape of the product, in one place: functions, HTTP API routes and S3 notifications.
/// It mirrors template.yaml (a test compares the two), so the local stack routes exactly as AWS does.
/// </summary>
public static class LocalFleet
{
    public const string UploadPresignFunction = "UploadPresignFunction";
    public const string ProcessInvoiceFunction = "ProcessInvoiceFunction";
    public const string ExtractDataFunction = "ExtractDataFunction";
    public const string GetInvoicesFunction = "GetInvoicesFunction";

    /// <summary>API-facing functions answer within 10 s; the S3-triggered ones may OCR for up to 120 s.</summary>
    public static readonly TimeSpan ApiFunctionTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan S3FunctionTimeout = TimeSpan.FromSeconds(120);

    public static IReadOnlyList<FunctionDefinition> Functions { get; } =
    [
        new(UploadPresignFunction, "functions/UploadPresign", ApiFunctionTimeout, 512),
        new(ProcessInvoiceFunction, "functions/ProcessInvoice", S3FunctionTimeout, 2048),
        new(ExtractDataFunction, "functions/ExtractData", S3FunctionTimeout, 1024),
        new(GetInvoicesFunction, "functions/GetInvoices", ApiFunctionTimeout, 512),
    ];

    public static IReadOnlyList<HttpRoute> Routes { get; } =
    [
        new("POST", "/invoices", UploadPresignFunction),
        new("GET", "/invoices", GetInvoicesFunction),
        new("GET", "/invoices/{id}", GetInvoicesFunction),
    ];

    public static IReadOnlyList<S3Notification> S3Notifications { get; } =
    [
        new("uploads/", null, "s3:ObjectCreated:*", ProcessInvoiceFunction),
        new("ocr/", null, "s3:ObjectCreated:*", ExtractDataFunction),
    ];

    /// <summary>The function with this logical id (case-insensitive), or null.</summary>
    public static FunctionDefinition? Find(string logicalId) =>
        Functions.FirstOrDefault(f => string.Equals(f.LogicalId, logicalId, StringComparison.OrdinalIgnoreCase));

    public static bool IsApiFunction(string logicalId) =>
        Routes.Any(r => string.Equals(r.FunctionLogicalId, logicalId, StringComparison.Ordinal));
}
