using System.Text.Json;

namespace InvoiceScanner.CloudEngines.Bedrock;

// Converse API shapes (restJson1, camelCase on the wire), named after the service's members. Content blocks are
// unions: exactly one member is set. Unknown members and block kinds (images, citations, ...) are ignored.

public sealed record ConverseRequest
{
    public required IReadOnlyList<Message> Messages { get; init; }
    public IReadOnlyList<SystemContentBlock>? System { get; init; }
    public InferenceConfiguration? InferenceConfig { get; init; }
    public ToolConfiguration? ToolConfig { get; init; }
    public JsonElement? AdditionalModelRequestFields { get; init; }
}

public static class ConversationRole
{
    public const string User = "user";
    public const string Assistant = "assistant";
}

public sealed record Message
{
    public required string Role { get; init; }
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}

public sealed record ContentBlock
{
    public string? Text { get; init; }
    public ToolUseBlock? ToolUse { get; init; }
    public ToolResultBlock? ToolResult { get; init; }
    /// <summary>A reasoning model's thinking; kept so a conversation can be continued, never used as an answer.</summary>
    public ReasoningContentBlock? ReasoningContent { get; init; }

    public static ContentBlock FromText(string text) => new() { Text = text };
}

public sealed record ToolUseBlock
{
    public required string ToolUseId { get; init; }
    public required string Name { get; init; }
    /// <summary>The model's arguments: untrusted JSON, validate before use.</summary>
    public JsonElement Input { get; init; }
}

public sealed record ToolResultBlock
{
    public required string ToolUseId { get; init; }
    public required IReadOnlyList<ToolResultContentBlock> Content { get; init; }
    /// <summary>"success" or "error".</summary>
    public string? Status { get; init; }
}

public sealed record ToolResultContentBlock
{
    public string? Text { get; init; }
    public JsonElement? Json { get; init; }
}

public sealed record ReasoningContentBlock
{
    public ReasoningTextBlock? ReasoningText { get; init; }
    public string? RedactedContent { get; init; }
}

public sealed record ReasoningTextBlock
{
    public string? Text { get; init; }
    public string? Signature { get; init; }
}

public sealed record SystemContentBlock
{
    public string? Text { get; init; }
}

public sealed record InferenceConfiguration
{
    public int? MaxTokens { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public IReadOnlyList<string>? StopSequences { get; init; }
}

public sealed record ToolConfiguration
{
    public required IReadOnlyList<Tool> Tools { get; init; }
    public ToolChoice? ToolChoice { get; init; }
}

public sealed record Tool
{
    public ToolSpecification? ToolSpec { get; init; }
}

public sealed record ToolSpecification
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required ToolInputSchema InputSchema { get; init; }
}

public sealed record ToolInputSchema
{
    /// <summary>A JSON Schema object.</summary>
    public required JsonElement Json { get; init; }
}

/// <summary>One of auto / any / tool.</summary>
public sealed record ToolChoice
{
    public AutoToolChoice? Auto { get; init; }
    public AnyToolChoice? Any { get; init; }
    public SpecificToolChoice? Tool { get; init; }

    public static ToolChoice ForAuto() => new() { Auto = new AutoToolChoice() };
    public static ToolChoice ForAny() => new() { Any = new AnyToolChoice() };
    public static ToolChoice ForTool(string name) => new() { Tool = new SpecificToolChoice { Name = name } };
}

public sealed record AutoToolChoice;

public sealed record AnyToolChoice;

public sealed record SpecificToolChoice
{
    public required string Name { get; init; }
}

public sealed record ConverseResponse
{
    public ConverseOutput? Output { get; init; }
    /// <summary>See <see cref="StopReason"/>.</summary>
    public string? StopReason { get; init; }
    public TokenUsage? Usage { get; init; }
    public ConverseMetrics? Metrics { get; init; }
    public JsonElement? AdditionalModelResponseFields { get; init; }

    /// <summary>The toolUse blocks of the answer, in order (a model may call several tools at once).</summary>
    public IReadOnlyList<ToolUseBlock> GetToolUses() =>
        Output?.Message?.Content?.Select(c => c.ToolUse).OfType<ToolUseBlock>().ToList() ?? [];

    /// <summary>The answer's text blocks joined (reasoning content excluded).</summary>
    public string GetText() =>
        string.Concat(Output?.Message?.Content?.Select(c => c.Text).OfType<string>() ?? []);
}

public sealed record ConverseOutput
{
    public Message? Message { get; init; }
}

public sealed record TokenUsage
{
    public int InputTokens { get; init; }
    public int OutputTokens { get; init; }
    public int TotalTokens { get; init; }
    public int? CacheReadInputTokens { get; init; }
    public int? CacheWriteInputTokens { get; init; }
}

public sealed record ConverseMetrics
{
    public long LatencyMs { get; init; }
}

/// <summary>Values of stopReason.</summary>
public static class StopReason
{
    public const string EndTurn = "end_turn";
    public const string ToolUse = "tool_use";
    public const string MaxTokens = "max_tokens";
    public const string StopSequence = "stop_sequence";
    public const string GuardrailIntervened = "guardrail_intervened";
    public const string ContentFiltered = "content_filtered";
}
