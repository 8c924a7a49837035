using InvoiceScanner.CloudEngines.Aws;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>Amazon Textract over awsJson1_1: POST / with X-Amz-Target "Textract.{Operation}", SigV4 service "textract".</summary>
public sealed class TextractClient
{
    public const string SigningName = "textract";
    public const string EndpointVariable = "AWS_ENDPOINT_URL_TEXTRACT";
    private const string ContentType = "application/x-amz-json-1.1";

    // GetExpenseAnalysis pages hold ≤ 20 documents and a job ≤ 3,000 pages: far below this, unless a token loops.
    private const int MaxResultPages = 1_000;

    private readonly AwsJsonTransport _transport;

    public TextractClient(AwsClientOptions options, HttpClient? httpClient = null)
    {
        _transport = new AwsJsonTransport(SigningName, options.ServiceUrl ?? AwsClientOptions.DefaultEndpoint("textract", options.Region),
            options, httpClient);
    }

    /// <summary>Region and endpoint from AWS_REGION / AWS_ENDPOINT_URL_TEXTRACT / AWS_ENDPOINT_URL; default credential chain.</summary>
    public static TextractClient FromEnvironment(HttpClient? httpClient = null, Func<string, string?>? read = null) =>
        new(AwsClientOptions.FromEnvironment(EndpointVariable, read), httpClient);

    public Uri Endpoint => _transport.Endpoint;

    public Task<AnalyzeExpenseResponse> AnalyzeExpenseAsync(AnalyzeExpenseRequest request, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operation("AnalyzeExpense"), request,
            TextractJsonContext.Default.AnalyzeExpenseRequest, TextractJsonContext.Default.AnalyzeExpenseResponse, cancellationToken);

    public Task<StartExpenseAnalysisResponse> StartExpenseAnalysisAsync(StartExpenseAnalysisRequest request, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operation("StartExpenseAnalysis"), request,
            TextractJsonContext.Default.StartExpenseAnalysisRequest, TextractJsonContext.Default.StartExpenseAnalysisResponse, cancellationToken);

    public Task<GetExpenseAnalysisResponse> GetExpenseAnalysisAsync(GetExpenseAnalysisRequest request, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operation("GetExpenseAnalysis"), request,
            TextractJsonContext.Default.GetExpenseAnalysisRequest, TextractJsonContext.Default.GetExpenseAnalysisResponse, cancellationToken);

    public Task<DetectDocumentTextResponse> DetectDocumentTextAsync(DetectDocumentTextRequest request, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operation("DetectDocumentText"), request,
            TextractJsonContext.Default.DetectDocumentTextRequest, TextractJsonContext.Default.DetectDocumentTextResponse, cancellationToken);

    /// <summary>
    /// Reads a finished job through every NextToken page and returns one response holding all ExpenseDocuments and
    /// Warnings. A job that is still IN_PROGRESS or FAILED is returned as the first page said, without paging.
    /// </summary>
    public async Task<GetExpenseAnalysisResponse> GetAllExpenseAnalysisPagesAsync(string jobId, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var first = await GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId, MaxResults = maxResults }, cancellationToken).ConfigureAwait(false);
        if (first.JobStatus is not (TextractJobStatus.Succeeded or TextractJobStatus.PartialSuccess) || first.NextToken is null)
            return first;

        var documents = new List<ExpenseDocument>(first.ExpenseDocuments ?? []);
        var warnings = new List<Warning>(first.Warnings ?? []);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var token = first.NextToken;
        for (var page = 1; token is not null; page++)
        {
            if (!seen.Add(token) || page > MaxResultPages)
                throw new InvalidOperationException($"GetExpenseAnalysis for job {jobId} kept returning NextTokens (loop at page {page}).");
            var next = await GetExpenseAnalysisAsync(new GetExpenseAnalysisRequest { JobId = jobId, MaxResults = maxResults, NextToken = token }, cancellationToken)
                .ConfigureAwait(false);
            documents.AddRange(next.ExpenseDocuments ?? []);
            warnings.AddRange(next.Warnings ?? []);
            token = next.NextToken;
        }
        return first with { ExpenseDocuments = documents, Warnings = warnings, NextToken = null };
    }

    private static AwsJsonOperation Operation(string name) => new(name, "/", ContentType, "Textract." + name);
}
