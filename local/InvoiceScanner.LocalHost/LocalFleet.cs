namespace InvoiceScanner.LocalHost;

/// <summary>One Lambda function of the product, as template.yaml declares it.</summary>
/// <param name="LogicalId">SAM logical id; also the folder name under the functions directory (artifacts/&lt;LogicalId&gt;/bootstrap).</param>
/// <param name="ProjectDirectory">Repository-relative folder of the function's project.</param>
/// <param name="Timeout">Lambda timeout (template Timeout).</param>
/// <param name="MemorySizeMb">Lambda memory (template MemorySize); only passed on as AWS_LAMBDA_FUNCTION_MEMORY_SIZE.</param>
/// <param name="Environment">The function's own template variables (those not set from a stack parameter).</param>
public sealed record FunctionDefinition(
    string LogicalId, string ProjectDirectory, TimeSpan Timeout, int MemorySizeMb, IReadOnlyDictionary<string, string> Environment);

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

/// <summary>An EventBridge rule (template event Type: EventBridgeRule) matching events by source.</summary>
public sealed record EventRule(string Source, string FunctionLogicalId);

/// <summary>A schedule (template event Type: Schedule, "rate(N minutes)") that invokes a function every <see cref="Every"/>.</summary>
public sealed record FunctionSchedule(string FunctionLogicalId, TimeSpan Every)
{
    /// <summary>The template's expression for <see cref="Every"/>.</summary>
    public string RateExpression => Every.TotalMinutes == 1 ? "rate(1 minute)" : $"rate({Every.TotalMinutes:0} minutes)";
}

/// <summary>
/// The deployed shape of the product, in one place: functions, HTTP API routes, S3 notifications and schedules.
/// It mirrors template.yaml (a test compares the two), so the local stack routes exactly as AWS does.
/// </summary>
public static class LocalFleet
{
    public const string UploadPresignFunction = "UploadPresignFunction";
    public const string ProcessInvoiceFunction = "ProcessInvoiceFunction";
    public const string ExtractDataFunction = "ExtractDataFunction";
    public const string GetInvoicesFunction = "GetInvoicesFunction";
    public const string ReviewInvoiceFunction = "ReviewInvoiceFunction";
    public const string SweepInvoicesFunction = "SweepInvoicesFunction";
    public const string WebhooksFunction = "WebhooksFunction";

    public static IReadOnlyList<FunctionDefinition> Functions { get; } =
    [
        new(UploadPresignFunction, "functions/UploadPresign", TimeSpan.FromSeconds(10), 512,
            Variables(("UPLOAD_URL_TTL_SECONDS", "900"), ("MAX_UPLOAD_BYTES", "10485760"), ("UPLOADS_PER_MINUTE", "30"), ("UPLOADS_PER_DAY", "1000"))),
        new(ProcessInvoiceFunction, "functions/ProcessInvoice", TimeSpan.FromSeconds(120), 2048,
            Variables(("MAX_UPLOAD_BYTES", "10485760"), ("CLAIM_LEASE_SECONDS", "180"), ("OCR_PIPELINE", "inprocess"))),
        new(ExtractDataFunction, "functions/ExtractData", TimeSpan.FromSeconds(60), 1024,
            Variables(("CLAIM_LEASE_SECONDS", "90"))),
        new(GetInvoicesFunction, "functions/GetInvoices", TimeSpan.FromSeconds(30), 512,
            Variables()),
        new(ReviewInvoiceFunction, "functions/ReviewInvoice", TimeSpan.FromSeconds(10), 512,
            Variables()),
        new(SweepInvoicesFunction, "functions/SweepInvoices", TimeSpan.FromSeconds(60), 256,
            Variables(("STALL_AFTER_SECONDS", "3600"))),
        new(WebhooksFunction, "functions/Webhooks", TimeSpan.FromSeconds(60), 256,
            Variables()),
    ];

    public static IReadOnlyList<HttpRoute> Routes { get; } =
    [
        new("POST", "/invoices", UploadPresignFunction),
        new("GET", "/invoices", GetInvoicesFunction),
        new("GET", "/invoices/export", GetInvoicesFunction),
        new("GET", "/health", GetInvoicesFunction, RequiresJwt: false),
        new("GET", "/invoices/{id}", GetInvoicesFunction),
        new("GET", "/invoices/{id}/history", GetInvoicesFunction),
        new("GET", "/invoices/{id}/pages/{n}", GetInvoicesFunction),
        new("GET", "/invoices/{id}/file", GetInvoicesFunction),
        new("GET", "/invoices/{id}/einvoice", GetInvoicesFunction),
        new("GET", "/review", GetInvoicesFunction),
        new("PATCH", "/invoices/{id}", ReviewInvoiceFunction),
        new("POST", "/invoices/{id}/approve", ReviewInvoiceFunction),
        new("POST", "/invoices/{id}/reprocess", ReviewInvoiceFunction),
        new("DELETE", "/invoices/{id}", ReviewInvoiceFunction),
        new("DELETE", "/me", ReviewInvoiceFunction),
        new("PUT", "/settings/webhook", WebhooksFunction),
        new("GET", "/settings/webhook", WebhooksFunction),
        new("DELETE", "/settings/webhook", WebhooksFunction),
    ];

    public static IReadOnlyList<S3Notification> S3Notifications { get; } =
    [
        new("uploads/", null, "s3:ObjectCreated:*", ProcessInvoiceFunction),
        new("ocr/", null, "s3:ObjectCreated:*", ExtractDataFunction),
    ];

    /// <summary>EventBridge rules on the stack's bus: events of these sources invoke the function (asynchronously).</summary>
    public static IReadOnlyList<EventRule> EventRules { get; } =
    [
        new("invoicescanner", WebhooksFunction),
    ];

    public static IReadOnlyList<FunctionSchedule> Schedules { get; } =
    [
        new(SweepInvoicesFunction, TimeSpan.FromMinutes(5)),
    ];

    /// <summary>The function with this logical id (case-insensitive), or null.</summary>
    public static FunctionDefinition? Find(string logicalId) =>
        Functions.FirstOrDefault(f => string.Equals(f.LogicalId, logicalId, StringComparison.OrdinalIgnoreCase));

    public static bool IsApiFunction(string logicalId) =>
        Routes.Any(r => string.Equals(r.FunctionLogicalId, logicalId, StringComparison.Ordinal));

    private static IReadOnlyDictionary<string, string> Variables(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
