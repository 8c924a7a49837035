namespace InvoiceScanner.CloudEngines.Textract;

// Request and response shapes of the Textract API (awsJson1_1), named after the service's members so that the
// JSON needs no renaming. Only members this project reads or sends are declared; unknown members are ignored.

public sealed record S3Object
{
    public required string Bucket { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
}

/// <summary>Either an S3 reference or the raw bytes (sent base64), not both.</summary>
public sealed record Document
{
    public S3Object? S3Object { get; init; }
    public byte[]? Bytes { get; init; }
}

public sealed record DocumentLocation
{
    public required S3Object S3Object { get; init; }
}

public sealed record NotificationChannel
{
    public required string SNSTopicArn { get; init; }
    public required string RoleArn { get; init; }
}

public sealed record OutputConfig
{
    public required string S3Bucket { get; init; }
    public string? S3Prefix { get; init; }
}

public sealed record DocumentMetadata
{
    public int? Pages { get; init; }
}

public sealed record Warning
{
    public string? ErrorCode { get; init; }
    public IReadOnlyList<int>? Pages { get; init; }
}

public sealed record BoundingBox
{
    public double Width { get; init; }
    public double Height { get; init; }
    public double Left { get; init; }
    public double Top { get; init; }
}

public sealed record Point
{
    public double X { get; init; }
    public double Y { get; init; }
}

public sealed record Geometry
{
    public BoundingBox? BoundingBox { get; init; }
    public IReadOnlyList<Point>? Polygon { get; init; }
}

public sealed record Relationship
{
    public string? Type { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
}

/// <summary>PAGE, LINE, WORD, ... with 0..100 confidence and page-relative geometry.</summary>
public sealed record Block
{
    public string? BlockType { get; init; }
    public double? Confidence { get; init; }
    public string? Text { get; init; }
    public string? TextType { get; init; }
    public Geometry? Geometry { get; init; }
    public string? Id { get; init; }
    public IReadOnlyList<Relationship>? Relationships { get; init; }
    public int? Page { get; init; }
}

public sealed record ExpenseType
{
    public string? Text { get; init; }
    public double? Confidence { get; init; }
}

public sealed record ExpenseDetection
{
    public string? Text { get; init; }
    public Geometry? Geometry { get; init; }
    public double? Confidence { get; init; }
}

public sealed record ExpenseCurrency
{
    public string? Code { get; init; }
    public double? Confidence { get; init; }
}

public sealed record ExpenseGroupProperty
{
    public IReadOnlyList<string>? Types { get; init; }
    public string? Id { get; init; }
}

public sealed record ExpenseField
{
    public ExpenseType? Type { get; init; }
    public ExpenseDetection? LabelDetection { get; init; }
    public ExpenseDetection? ValueDetection { get; init; }
    public int? PageNumber { get; init; }
    public ExpenseCurrency? Currency { get; init; }
    public IReadOnlyList<ExpenseGroupProperty>? GroupProperties { get; init; }
}

public sealed record LineItemFields
{
    public IReadOnlyList<ExpenseField>? LineItemExpenseFields { get; init; }
}

public sealed record LineItemGroup
{
    public int? LineItemGroupIndex { get; init; }
    public IReadOnlyList<LineItemFields>? LineItems { get; init; }
}

public sealed record ExpenseDocument
{
    public int? ExpenseIndex { get; init; }
    public IReadOnlyList<ExpenseField>? SummaryFields { get; init; }
    public IReadOnlyList<LineItemGroup>? LineItemGroups { get; init; }
    public IReadOnlyList<Block>? Blocks { get; init; }
}

public sealed record AnalyzeExpenseRequest
{
    public required Document Document { get; init; }
}

public sealed record AnalyzeExpenseResponse
{
    public DocumentMetadata? DocumentMetadata { get; init; }
    public IReadOnlyList<ExpenseDocument>? ExpenseDocuments { get; init; }
}

public sealed record StartExpenseAnalysisRequest
{
    public required DocumentLocation DocumentLocation { get; init; }
    /// <summary>Idempotency token (1-64 of [a-zA-Z0-9-_]): a repeated start within 7 days returns the same JobId.</summary>
    public string? ClientRequestToken { get; init; }
    /// <summary>Echoed in the completion notice (1-64 of [a-zA-Z0-9_.\-:]).</summary>
    public string? JobTag { get; init; }
    public NotificationChannel? NotificationChannel { get; init; }
    public OutputConfig? OutputConfig { get; init; }
    public string? KMSKeyId { get; init; }
}

public sealed record StartExpenseAnalysisResponse
{
    public string? JobId { get; init; }
}

public sealed record GetExpenseAnalysisRequest
{
    public required string JobId { get; init; }
    /// <summary>Documents per page, 1..20 (the service default is 20).</summary>
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

public sealed record GetExpenseAnalysisResponse
{
    public DocumentMetadata? DocumentMetadata { get; init; }
    public string? JobStatus { get; init; }
    public string? NextToken { get; init; }
    public IReadOnlyList<ExpenseDocument>? ExpenseDocuments { get; init; }
    public IReadOnlyList<Warning>? Warnings { get; init; }
    public string? StatusMessage { get; init; }
    public string? AnalyzeExpenseModelVersion { get; init; }
}

public sealed record DetectDocumentTextRequest
{
    public required Document Document { get; init; }
}

public sealed record DetectDocumentTextResponse
{
    public DocumentMetadata? DocumentMetadata { get; init; }
    public IReadOnlyList<Block>? Blocks { get; init; }
    public string? DetectDocumentTextModelVersion { get; init; }
}

/// <summary>Values of JobStatus.</summary>
public static class TextractJobStatus
{
    public const string InProgress = "IN_PROGRESS";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string PartialSuccess = "PARTIAL_SUCCESS";
}
