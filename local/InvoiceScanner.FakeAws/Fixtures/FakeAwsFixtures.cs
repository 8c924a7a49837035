using System.Text.Json;
using System.Text.Json.Nodes;
using InvoiceScanner.CloudEngines.Textract;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Recorded responses served instead of emulated ones, laid out like ../shared/fixtures (so that folder can be used
/// as is). A Textract document is matched by its S3 object's file name without extension ("stem"):
/// <list type="bullet">
/// <item><c>textract/analyze-expense/{stem}.analyze-expense.json</c>: the AnalyzeExpense answer;</item>
/// <item><c>textract/analyze-expense/{stem}.error.json</c>: an error envelope {status, headers, body} for AnalyzeExpense;</item>
/// <item><c>textract/get-expense-analysis/{stem}.get-expense-analysis.json</c>: the result of a StartExpenseAnalysis job
/// for that object (served page by page through GetExpenseAnalysis, its notice published as usual);</item>
/// <item><c>bedrock/converse/{model}.json</c> or <c>{model}.error.json</c>, else <c>default.json</c>: the Converse answer,
/// where {model} is the model id with every character outside [A-Za-z0-9._-] replaced by '_'.</item>
/// </list>
/// botocore's ResponseMetadata member (never sent by the service) is removed from recorded bodies.
/// </summary>
public sealed class FakeAwsFixtures
{
    public FakeAwsFixtures(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Fixture directory '{directory}' does not exist.");
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The file-name stem fixtures are matched by: "uploads/u/i/My Invoice.pdf" → "My Invoice".</summary>
    public static string StemOf(string objectKey) => Path.GetFileNameWithoutExtension(objectKey.Split('/')[^1]);

    /// <summary>"us.amazon.nova-micro-v1:0" → "us.amazon.nova-micro-v1_0".</summary>
    public static string FileNameOf(string modelId) =>
        string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));

    internal FakeAwsResponse? AnalyzeExpense(string objectKey)
    {
        var stem = StemOf(objectKey);
        if (Read("textract", "analyze-expense", stem + ".error.json") is { } error)
            return AwsJsonEnvelope(error);
        return Read("textract", "analyze-expense", stem + ".analyze-expense.json") is { } body
            ? FakeAwsResponse.Json(WithoutResponseMetadata(body))
            : null;
    }

    internal GetExpenseAnalysisResponse? ExpenseAnalysisJob(string objectKey) =>
        Read("textract", "get-expense-analysis", StemOf(objectKey) + ".get-expense-analysis.json") is { } body
            ? JsonSerializer.Deserialize(body, TextractJsonContext.Default.GetExpenseAnalysisResponse)
            : null;

    internal FakeAwsResponse? Converse(string modelId)
    {
        var name = FileNameOf(modelId);
        if (Read("bedrock", "converse", name + ".error.json") is { } error)
            return FakeAwsResponse.FromEnvelope(error);
        var body = Read("bedrock", "converse", name + ".json") ?? Read("bedrock", "converse", "default.json");
        return body is null ? null : FakeAwsResponse.Json(WithoutResponseMetadata(body), contentType: FakeAwsResponse.RestJsonContentType);
    }

    private string? Read(params string[] parts)
    {
        var path = Path.Combine([Directory, .. parts]);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static FakeAwsResponse AwsJsonEnvelope(string envelope)
    {
        var response = FakeAwsResponse.FromEnvelope(envelope);
        return response.ContentType == FakeAwsResponse.RestJsonContentType ? response with { ContentType = FakeAwsResponse.AwsJsonContentType } : response;
    }

    private static string WithoutResponseMetadata(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject root || !root.ContainsKey("ResponseMetadata"))
            return body;
        root.Remove("ResponseMetadata");
        return root.ToJsonString();
    }
}
