using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Extraction;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// Bedrock Runtime Converse with a deterministic stand-in model. Given a tool, it answers stopReason "tool_use" with
/// an input that fills the tool's JSON schema: from the draft answer in the prompt where there is one, otherwise from
/// the rules engine run over the document text of the user message; every value is checked against its property's
/// type, maxLength, pattern and enum before it is offered. Without a tool it answers "end_turn" with the same values
/// as text. Requests are validated as Bedrock does (model id, message roles and content, tool names, toolChoice).
/// </summary>
internal sealed partial class BedrockEmulator(FakeBedrockOptions options, FakeAwsFixtures? fixtures)
{
    private static readonly string[] ProfilePrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

    private readonly IInvoiceExtractor _extractor = options.Extractor ?? new LocalInvoiceExtractor();
    private readonly HashSet<string> _models = new(options.ModelIds, StringComparer.Ordinal);

    public bool IsKnownModel(string modelId)
    {
        if (_models.Contains("*") || _models.Contains(modelId))
            return true;
        var id = modelId.StartsWith("arn:", StringComparison.Ordinal) ? modelId[(modelId.LastIndexOf('/') + 1)..] : modelId;
        if (_models.Contains(id))
            return true;
        return ProfilePrefixes.FirstOrDefault(p => id.StartsWith(p, StringComparison.Ordinal)) is { } prefix && _models.Contains(id[prefix.Length..]);
    }

    public async Task<FakeAwsResponse?> HandleAsync(FakeAwsRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var modelId = request.ModelId ?? "";
        if (!IsKnownModel(modelId))
            throw new FakeAwsException(400, "ValidationException", "The provided model identifier is invalid.");
        if (fixtures?.Converse(modelId) is { } recorded)
            return recorded;

        var converse = Parse(request);
        Validate(converse);

        var last = converse.Messages[^1];
        var userText = string.Join('\n', last.Content.Select(c => c.Text).OfType<string>());
        var systemText = string.Join('\n', converse.System?.Select(s => s.Text).OfType<string>() ?? []);
        var continuing = last.Content.Any(c => c.ToolResult is not null);
        var answer = continuing ? null : await AnswerAsync(systemText, userText, cancellationToken).ConfigureAwait(false);

        var tool = continuing ? null : ChooseTool(converse.ToolConfig);
        using var content = new MemoryStream();
        using (var writer = new Utf8JsonWriter(content))
        {
            if (tool is not null)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("toolUse");
                writer.WriteString("toolUseId", "tooluse_" + ToolUseId(request.Body));
                writer.WriteString("name", tool.Name);
                writer.WritePropertyName("input");
                SchemaFiller.Write(writer, tool.InputSchema.Json, answer!);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("text", answer is null ? "Thank you, the fields are recorded." : "Fields read from the document: " + answer.ToJson());
                writer.WriteEndObject();
            }
        }

        var block = Encoding.UTF8.GetString(content.ToArray());
        var inputTokens = Tokens(request.Body.Length);
        var outputTokens = Tokens(block.Length);
        var stopReason = tool is not null ? StopReason.ToolUse : StopReason.EndTurn;
        if (converse.InferenceConfig?.MaxTokens is { } maxTokens && outputTokens > maxTokens)
        {
            // Cut off mid-answer, as a model that runs out of tokens is.
            var cut = block[..Math.Min(block.Length, maxTokens * 4)];
            block = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = cut });
            outputTokens = maxTokens;
            stopReason = StopReason.MaxTokens;
        }

        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var body = new StringBuilder()
            .Append("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[").Append(block).Append("]}},")
            .Append("\"stopReason\":\"").Append(stopReason).Append("\",")
            .Append(CultureInfo.InvariantCulture, $"\"usage\":{{\"inputTokens\":{inputTokens},\"outputTokens\":{outputTokens},\"totalTokens\":{inputTokens + outputTokens}}},")
            .Append(CultureInfo.InvariantCulture, $"\"metrics\":{{\"latencyMs\":{Math.Max(1, latency)}}}}}")
            .ToString();
        return FakeAwsResponse.Json(body, contentType: FakeAwsResponse.RestJsonContentType);
    }

    /// <summary>The values the stand-in model gives: the draft's where it has them, the rules' reading of the document text for the rest.</summary>
    private async Task<ModelAnswer> AnswerAsync(string systemText, string userText, CancellationToken cancellationToken)
    {
        var prompt = PromptReader.Read(systemText, userText);
        var answer = new ModelAnswer();
        if (prompt.Draft is { } draft)
            answer.AddDraft(draft);
        if (prompt.DocumentText.Trim().Length > 0)
        {
            var document = PromptReader.ToOcrDocument(prompt.DocumentText);
            var result = await _extractor.ExtractAsync(document, new ExtractionOptions(prompt.LocaleHint), cancellationToken).ConfigureAwait(false);
            answer.AddExtraction(result);
        }
        return answer;
    }

    private static ToolSpecification? ChooseTool(ToolConfiguration? config)
    {
        if (config is null)
            return null;
        var tools = config.Tools.Select(t => t.ToolSpec).OfType<ToolSpecification>().ToList();
        if (config.ToolChoice?.Tool is { } chosen)
            return tools.First(t => t.Name == chosen.Name);
        return tools.FirstOrDefault();
    }

    private static ConverseRequest Parse(FakeAwsRequest request)
    {
        try
        {
            return JsonSerializer.Deserialize(request.Body, BedrockJsonContext.Default.ConverseRequest)
                ?? throw new FakeAwsException(400, "ValidationException", "The request body is JSON null.");
        }
        catch (JsonException error)
        {
            throw new FakeAwsException(400, "ValidationException", "Malformed input request: " + error.Message);
        }
    }

    private static void Validate(ConverseRequest request)
    {
        if (request.Messages.Count == 0 || request.Messages[0].Role != ConversationRole.User)
            throw Invalid("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message.Role is not (ConversationRole.User or ConversationRole.Assistant))
                throw Invalid($"1 validation error detected: Value '{message.Role}' at 'messages.{i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            if (i > 0 && request.Messages[i - 1].Role == message.Role)
                throw Invalid("A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
            if (message.Content is not { Count: > 0 })
                throw Invalid($"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.");
            if (message.Content.Any(c => c.Text is { Length: 0 }))
                throw Invalid($"The text field in the ContentBlock object at messages.{i} is blank. Add text to the text field, and try again.");
        }
        if (request.InferenceConfig?.MaxTokens is < 1 and var max)
            throw Invalid($"1 validation error detected: Value '{max}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
        if (request.ToolConfig is not { } config)
        {
            if (request.Messages.Any(m => m.Content.Any(c => c.ToolUse is not null || c.ToolResult is not null)))
                throw Invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
            return;
        }
        if (config.Tools.Count == 0)
            throw Invalid("1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1");
        for (var i = 0; i < config.Tools.Count; i++)
        {
            var spec = config.Tools[i].ToolSpec ?? throw Invalid($"The tool at toolConfig.tools.{i + 1} has no toolSpec.");
            if (!ToolName().IsMatch(spec.Name))
                throw Invalid($"1 validation error detected: Value at 'toolConfig.tools.{i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
            if (spec.InputSchema.Json.ValueKind != JsonValueKind.Object)
                throw Invalid($"The input schema of tool {spec.Name} must be a JSON object.");
        }
        if (config.Tools.Select(t => t.ToolSpec!.Name).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw Invalid($"The toolConfig contains duplicate tool names: {duplicate.Key}.");
        if (config.ToolChoice?.Tool is { } chosen && config.Tools.All(t => t.ToolSpec!.Name != chosen.Name))
            throw Invalid($"The tool {chosen.Name} named in toolChoice is not in toolConfig.tools.");
    }

    private static FakeAwsException Invalid(string message) => new(400, "ValidationException", message);

    private static int Tokens(int characters) => Math.Max(1, (characters + 3) / 4);

    private static string ToolUseId(byte[] body) =>
        Convert.ToBase64String(SHA256.HashData(body)).Replace('+', 'A').Replace('/', 'B')[..22];

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}

/// <summary>The stand-in model's reading: field name → printed value, and line items as field name → value maps.</summary>
internal sealed class ModelAnswer
{
    public const string LineItemsName = "LineItems";

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
    public List<Dictionary<string, string>> LineItems { get; } = [];

    public void AddDraft(JsonElement draft)
    {
        foreach (var property in draft.EnumerateObject())
        {
            if (property.Name == LineItemsName && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                    LineItems.Add(item.EnumerateObject().Where(p => Scalar(p.Value) is not null).ToDictionary(p => p.Name, p => Scalar(p.Value)!, StringComparer.Ordinal));
            }
            else if (Scalar(property.Value) is { } value)
            {
                Fields[property.Name] = value;
            }
        }
    }

    /// <summary>Fills what the draft left out.</summary>
    public void AddExtraction(ExtractionResult result)
    {
        var f = result.Fields;
        Add(FieldNames.VendorName, f.VendorName);
        Add(FieldNames.VendorAddress, f.VendorAddress);
        Add(FieldNames.VendorPhone, f.VendorPhone);
        Add(FieldNames.VendorTaxId, f.VendorTaxId);
        Add(FieldNames.ReceiverName, f.ReceiverName);
        Add(FieldNames.ReceiverAddress, f.ReceiverAddress);
        Add(FieldNames.InvoiceNumber, f.InvoiceNumber);
        Add(FieldNames.InvoiceDate, f.InvoiceDate);
        Add(FieldNames.DueDate, f.DueDate);
        Add(FieldNames.PoNumber, f.PoNumber);
        Add(FieldNames.PaymentTerms, f.PaymentTerms);
        Add(FieldNames.Subtotal, f.Subtotal);
        Add(FieldNames.Tax, f.Tax);
        Add(FieldNames.Total, f.Total);
        Add(FieldNames.AmountDue, f.AmountDue);
        Add(FieldNames.AmountPaid, f.AmountPaid);
        Add(FieldNames.Discount, f.Discount);
        Add(FieldNames.Currency, f.Currency);
        if (LineItems.Count > 0)
            return;
        foreach (var item in result.LineItems)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            Put(cells, FieldNames.ItemDescription, item.Description);
            Put(cells, FieldNames.ItemQuantity, item.Quantity);
            Put(cells, FieldNames.ItemUnitPrice, item.UnitPrice);
            Put(cells, FieldNames.ItemAmount, item.Amount);
            Put(cells, FieldNames.ItemProductCode, item.ProductCode);
            if (cells.Count > 0)
                LineItems.Add(cells);
        }
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in Fields)
                writer.WriteString(name, value);
            if (LineItems.Count > 0)
            {
                writer.WriteStartArray(LineItemsName);
                foreach (var item in LineItems)
                {
                    writer.WriteStartObject();
                    foreach (var (name, value) in item)
                        writer.WriteString(name, value);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Add<T>(string name, Field<T>? field)
    {
        if (field is not null && !Fields.ContainsKey(name))
            Fields[name] = Print(field.Value);
    }

    private static void Put<T>(Dictionary<string, string> cells, string name, Field<T>? field)
    {
        if (field is not null)
            cells[name] = Print(field.Value);
    }

    private static string Print<T>(T value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
