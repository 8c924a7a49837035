using System.Text.Json.Serialization;

namespace InvoiceScanner.CloudEngines.Textract;

/// <summary>Source-generated (AOT-safe) JSON for Textract: member names as declared (PascalCase), nulls omitted.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalyzeExpenseRequest))]
[JsonSerializable(typeof(AnalyzeExpenseResponse))]
[JsonSerializable(typeof(StartExpenseAnalysisRequest))]
[JsonSerializable(typeof(StartExpenseAnalysisResponse))]
[JsonSerializable(typeof(GetExpenseAnalysisRequest))]
[JsonSerializable(typeof(GetExpenseAnalysisResponse))]
[JsonSerializable(typeof(DetectDocumentTextRequest))]
[JsonSerializable(typeof(DetectDocumentTextResponse))]
[JsonSerializable(typeof(TextractCompletionNotice))]
public sealed partial class TextractJsonContext : JsonSerializerContext;
