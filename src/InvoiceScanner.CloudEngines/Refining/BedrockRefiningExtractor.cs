using System.Text.Json;
using Amazon.Runtime;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.CloudEngines.Refining;

/// <summary>
/// Runs the rules extractor, then asks a Bedrock model (through a tool whose schema is our field set) to fill and
/// correct its answer. The model is untrusted: its tool input is validated against the schema, every value must be
/// printed in the document, rules values stay unless the model's differing value is printed too, and each change is
/// recorded in the field's Trace. The refiner is optional: if Bedrock fails, the rules result is returned with a
/// REFINER_FAILED review reason instead of failing the invoice.
/// </summary>
public sealed class BedrockRefiningExtractor(IInvoiceExtractor inner, BedrockRuntimeClient client, BedrockRefinerOptions options) : IInvoiceExtractor
{
    public const string EngineName = "rules+bedrock";
    public const string ToolName = RefinerPrompt.ToolName;
    public const string RefinerFailed = "REFINER_FAILED";
    public const string ModelChangedField = "MODEL_CHANGED_FIELD";

    public async Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions extractionOptions, CancellationToken cancellationToken)
    {
        var draft = await inner.ExtractAsync(document, extractionOptions, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        var request = RefinerPrompt.Build(document, draft, extractionOptions, options, notes);

        ConverseResponse response;
        try
        {
            response = await client.ConverseAsync(options.ModelId, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsRefinerFailure(error, cancellationToken))
        {
            // The message, not the exception's type: the description reaches the invoice's review reason.
            var description = error is AwsServiceException aws ? aws.Describe() : error.Message;
            notes.Add("bedrock call failed: " + description);
            Report(RefinementOutcome.Failed, null, description, notes);
            return draft with
            {
                Fields = NoteAll(draft.Fields, $"bedrock: not consulted ({description}); rules value kept"),
                ReviewReasons = [.. draft.ReviewReasons, new ReviewReason(RefinerFailed, $"Model refinement with {options.ModelId} failed, so the rules result stands unchecked: {description}")],
            };
        }

        var toolUse = response.GetToolUses().FirstOrDefault(t => t.Name == ToolName);
        if (toolUse is null || response.StopReason == StopReason.MaxTokens)
        {
            var why = response.StopReason == StopReason.MaxTokens
                ? "the answer was cut off at the token limit"
                : $"it answered without calling {ToolName} (stopReason {response.StopReason ?? "none"})";
            notes.Add("no usable answer: " + why);
            Report(RefinementOutcome.NoAnswer, response, null, notes);
            return draft with { Fields = NoteAll(draft.Fields, $"bedrock: no answer, {why}; rules value kept") };
        }

        if (toolUse.Input.ValueKind != JsonValueKind.Object)
        {
            var why = $"tool input is {toolUse.Input.ValueKind.ToString().ToLowerInvariant()}, not an object";
            notes.Add("answer rejected: " + why);
            Report(RefinementOutcome.InvalidAnswer, response, null, notes);
            return draft with { Fields = NoteAll(draft.Fields, $"bedrock: answer rejected ({why}); rules value kept") };
        }

        var refined = Refine(draft, toolUse.Input, document, extractionOptions, notes);
        Report(RefinementOutcome.Applied, response, null, notes);
        return refined;
    }

    private ExtractionResult Refine(ExtractionResult draft, JsonElement input, OcrDocument document, ExtractionOptions extractionOptions, List<string> notes)
    {
        var context = new RefinementContext(new DocumentEvidence(document), options, extractionOptions.LocaleHint);
        var fields = draft.Fields;
        var lineItems = draft.LineItems;
        foreach (var property in input.EnumerateObject())
        {
            if (RefinableFields.ByName.TryGetValue(property.Name, out var field))
                fields = field.Apply(fields, property.Value, context);
            else if (property.Name == RefinableLineItems.Name)
                lineItems = RefinableLineItems.Apply(lineItems, property.Value, context);
            else
                context.Notes.Add($"ignored unknown property {ValueKinds.Quote(property.Name)}");
        }
        notes.AddRange(context.Notes);
        // What the validator decides is decided again on the refined fields (a filled total settles MISSING_TOTAL, a
        // changed one may break the sums); the draft's other reasons and the model's own stand.
        var checks = InvoiceValidator.Validate(fields, lineItems, extractionOptions, draft.Addressed);
        var kept = draft.ReviewReasons.Where(r => !ReviewCodes.IsCheck(r.Code) && r.Code != ReviewCodes.LowConfidence);
        return draft with
        {
            Fields = fields,
            LineItems = lineItems,
            ReviewReasons = [.. kept, .. checks, .. context.ReviewReasons],
            Engine = EngineName,
        };
    }

    /// <summary>Anything that means "Bedrock could not be used this time" — but the caller's deadline still wins.</summary>
    private static bool IsRefinerFailure(Exception error, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && error is AwsServiceException or HttpRequestException or TimeoutException or AmazonClientException or JsonException;

    private static InvoiceFields NoteAll(InvoiceFields fields, string note) =>
        RefinableFields.All.Aggregate(fields, (current, field) => field.Note(current, note));

    private void Report(RefinementOutcome outcome, ConverseResponse? response, string? error, List<string> notes)
    {
        if (options.OnReport is not { } onReport)
            return;
        try
        {
            onReport(new RefinementReport(outcome, options.ModelId, response?.StopReason, response?.Usage, response?.Metrics?.LatencyMs, error, notes));
        }
        catch (Exception)
        {
            // Reporting is for logs only; a failing logger must not change the invoice's result.
        }
    }
}
