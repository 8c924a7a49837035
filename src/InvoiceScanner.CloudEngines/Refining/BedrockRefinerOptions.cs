using InvoiceScanner.CloudEngines.Bedrock;

namespace InvoiceScanner.CloudEngines.Refining;

public sealed record BedrockRefinerOptions
{
    /// <summary>Model or inference-profile id, e.g. "us.amazon.nova-micro-v1:0" (BEDROCK_MODEL_ID).</summary>
    public required string ModelId { get; init; }

    public int MaxTokens { get; init; } = 2048;
    public float Temperature { get; init; } = 0f;

    /// <summary>OCR text beyond this is cut (and the cut noted) to bound cost and latency.</summary>
    public int MaxDocumentCharacters { get; init; } = 50_000;

    /// <summary>Confidence given to a value the model supplied (capped by the OCR line's own confidence).</summary>
    public double ModelFieldConfidence { get; init; } = 0.75;

    /// <summary>
    /// Force the tool with toolChoice {tool:{name}} (Claude 3+, Mistral Large, Nova). Models that only accept
    /// "auto" need false; the system prompt still asks for the tool.
    /// </summary>
    public bool ForceToolChoice { get; init; } = true;

    /// <summary>Called once per invoice with what happened (for logs/metrics); must not throw.</summary>
    public Action<RefinementReport>? OnReport { get; init; }
}

public enum RefinementOutcome
{
    /// <summary>The model's tool input was validated and checked against the document.</summary>
    Applied,
    /// <summary>The model answered without calling the tool, or ran out of tokens.</summary>
    NoAnswer,
    /// <summary>The tool input was not a JSON object.</summary>
    InvalidAnswer,
    /// <summary>Bedrock could not be called (validation, access, throttling after retries, network).</summary>
    Failed,
}

/// <summary>Log-worthy facts about one refinement: everything also lands in field traces or review reasons.</summary>
public sealed record RefinementReport(
    RefinementOutcome Outcome,
    string ModelId,
    string? StopReason,
    TokenUsage? Usage,
    long? LatencyMs,
    string? Error,
    IReadOnlyList<string> Notes);
