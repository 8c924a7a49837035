using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.FakeAws;

/// <summary>The fake Bedrock Runtime's stand-in model: which model ids it answers for and what it reads with.</summary>
public sealed record FakeBedrockOptions
{
    /// <summary>Model ids in common use for the refiner (on-demand ids and their cross-region inference profiles).</summary>
    public static IReadOnlyList<string> DefaultModelIds { get; } =
    [
        "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0",
        "amazon.nova-2-lite-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "meta.llama3-1-8b-instruct-v1:0", "meta.llama3-1-70b-instruct-v1:0", "mistral.mistral-large-2407-v1:0",
    ];

    /// <summary>
    /// Accepted model ids. A cross-region profile ("us.", "eu.", "apac.", "global." + id) and an ARN ending in
    /// "/{id}" are accepted for each; "*" accepts every id. Others answer 400 ValidationException as Bedrock does.
    /// </summary>
    public IReadOnlyCollection<string> ModelIds { get; init; } = DefaultModelIds;

    /// <summary>What the stand-in model reads a document with when the prompt carries no draft answer; null = the rules engine.</summary>
    public IInvoiceExtractor? Extractor { get; init; }
}
