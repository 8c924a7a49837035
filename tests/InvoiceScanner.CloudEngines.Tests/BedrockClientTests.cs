using System.Text.Json;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.FakeAws;
using static InvoiceScanner.CloudEngines.Tests.TestAws;

namespace InvoiceScanner.CloudEngines.Tests;

public sealed class BedrockClientTests
{
    private const string Model = "us.amazon.nova-micro-v1:0";

    private static readonly ConverseRequest Hello = new()
    {
        Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hello")] }],
    };

    private static async Task<ConverseResponse> ConverseWithFixture(string fixture)
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse("*", FakeAwsResponse.Json(Fixtures.Text("bedrock/converse/" + fixture), contentType: "application/json"));
        return await BedrockFor(server).ConverseAsync(Model, Hello, Ct);
    }

    [Fact]
    public async Task Tool_use_is_parsed_with_its_input()
    {
        var response = await ConverseWithFixture("nova-micro.tool-use-only.json");

        Assert.Equal(StopReason.ToolUse, response.StopReason);
        var toolUse = Assert.Single(response.GetToolUses());
        Assert.Equal(("temperature", "tooluse_Mj06ft-ITJik1Otgpkc1uA"), (toolUse.Name, toolUse.ToolUseId));
        Assert.Equal("London", toolUse.Input.GetProperty("city").GetString());
        Assert.Equal("2022-01-01", toolUse.Input.GetProperty("date").GetString());
        Assert.Equal((571, 22, 593), (response.Usage!.InputTokens, response.Usage.OutputTokens, response.Usage.TotalTokens));
        Assert.Equal(401, response.Metrics!.LatencyMs);
        Assert.Equal(ConversationRole.Assistant, response.Output!.Message!.Role);
    }

    [Theory]
    [InlineData("nova-micro.end-turn-text.json", "30°C")]
    [InlineData("claude-3-7-sonnet.end-turn-text.json", "Ciudad de México")]
    [InlineData("vercel.end-turn-text.json", "strawberry")]
    public async Task End_turn_answers_have_text_and_no_tool_use(string fixture, string expectedText)
    {
        var response = await ConverseWithFixture(fixture);

        Assert.Equal(StopReason.EndTurn, response.StopReason);
        Assert.Empty(response.GetToolUses());
        Assert.Contains(expectedText, response.GetText());
    }

    [Fact]
    public async Task Parallel_tool_uses_are_all_returned_in_order()
    {
        var response = await ConverseWithFixture("vercel.parallel-tool-use-with-text.json");

        Assert.Equal(["get_resistor_value", "get_capacitor_value"], response.GetToolUses().Select(t => t.Name));
        Assert.Equal("C1", response.GetToolUses()[1].Input.GetProperty("ref").GetString());
        Assert.StartsWith("Sure!", response.GetText());
    }

    [Theory]
    [InlineData("claude-3-7-sonnet.reasoning-text-tool-use.json", StopReason.ToolUse)]
    [InlineData("vercel.reasoning-end-turn.json", StopReason.EndTurn)]
    public async Task Reasoning_content_is_kept_apart_from_the_answer(string fixture, string stopReason)
    {
        var response = await ConverseWithFixture(fixture);

        Assert.Equal(stopReason, response.StopReason);
        var reasoning = Assert.Single(response.Output!.Message!.Content, c => c.ReasoningContent is not null).ReasoningContent!;
        Assert.False(string.IsNullOrEmpty(reasoning.ReasoningText!.Signature));
        Assert.DoesNotContain(reasoning.ReasoningText.Text!, response.GetText());
        if (stopReason == StopReason.ToolUse)
            Assert.Equal(JsonValueKind.Object, Assert.Single(response.GetToolUses()).Input.ValueKind);
    }

    [Theory]
    [InlineData("nova-micro.text-plus-tool-use.json", "get_capital")]
    [InlineData("nova-micro.tool-use-final-result.json", "final_result")]
    [InlineData("vercel.opus-4-7.tool-use-strict-live.json", "report_result")]
    public async Task Other_tool_use_shapes_parse(string fixture, string toolName) =>
        Assert.Equal(toolName, Assert.Single((await ConverseWithFixture(fixture)).GetToolUses()).Name);

    [Fact]
    public async Task Request_is_camelCase_without_nulls()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, FakeAwsResponse.Json(Fixtures.Text("bedrock/converse/nova-micro.tool-use-only.json"), contentType: "application/json"));
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""");

        await BedrockFor(server).ConverseAsync(Model, Hello with
        {
            System = [new SystemContentBlock { Text = "be brief" }],
            InferenceConfig = new InferenceConfiguration { MaxTokens = 100, Temperature = 0 },
            ToolConfig = new ToolConfiguration
            {
                Tools = [new Tool { ToolSpec = new ToolSpecification { Name = "temperature", InputSchema = new ToolInputSchema { Json = schema.RootElement } } }],
                ToolChoice = ToolChoice.ForTool("temperature"),
            },
        }, Ct);

        var body = Assert.Single(server.Requests).BodyText;
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"hello"}]}],"system":[{"text":"be brief"}],"inferenceConfig":{"maxTokens":100,"temperature":0},"toolConfig":{"tools":[{"toolSpec":{"name":"temperature","inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}}],"toolChoice":{"tool":{"name":"temperature"}}}}""",
            body);
        Assert.Equal("""{"auto":{}}""", JsonSerializer.Serialize(ToolChoice.ForAuto(), BedrockJsonContext.Default.ToolChoice));
        Assert.Equal("""{"any":{}}""", JsonSerializer.Serialize(ToolChoice.ForAny(), BedrockJsonContext.Default.ToolChoice));
    }

    [Fact]
    public async Task Recorded_throttling_is_retried_and_then_reported_with_its_request_id()
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, FakeAwsResponse.FromEnvelope(Fixtures.Text("bedrock/errors/throttling-exception.with-headers.json")));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => BedrockFor(server, InstantRetry(3)).ConverseAsync(Model, Hello, Ct));

        Assert.Equal(("ThrottlingException", 429, "a08a73eb-05c5-416f-b6f4-51f9cab3f35f"), (error.ErrorType, error.StatusCode, error.RequestId));
        Assert.Equal("Too many requests, please wait before trying again.", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData("throttling-exception.dunder-type-in-body.HANDAUTHORED.json", "ThrottlingException")]
    [InlineData("internal-server-error.dunder-type-in-body.HANDAUTHORED.json", "InternalServerError")]
    public async Task Errors_typed_in_the_body_are_retried_then_succeed(string fixture, string expectedType)
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        var failure = FakeAwsResponse.FromEnvelope(Fixtures.Text("bedrock/errors/" + fixture));
        server.Routes.BedrockConverse(Model, failure, FakeAwsResponse.Json(Fixtures.Text("bedrock/converse/nova-micro.end-turn-text.json"), contentType: "application/json"));

        var response = await BedrockFor(server).ConverseAsync(Model, Hello, Ct);

        Assert.Equal(StopReason.EndTurn, response.StopReason);
        Assert.Equal(2, server.Requests.Count);
        var parsed = await Assert.ThrowsAsync<AwsServiceException>(async () =>
        {
            await using var again = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
            again.Routes.BedrockConverse(Model, failure);
            await BedrockFor(again, AwsRetryPolicy.None).ConverseAsync(Model, Hello, Ct);
        });
        Assert.Equal(expectedType, parsed.ErrorType);
    }

    [Theory]
    [InlineData("validation-exception.empty-message.with-headers.json", "ValidationException", "The content field in the Message object at messages.1 is empty.")]
    [InlineData("validation-exception.invalid-model-id.converse.json", "UnknownError", "The provided model identifier is invalid.")]
    public async Task Validation_errors_are_not_retried(string fixture, string expectedType, string expectedMessage)
    {
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, FakeAwsResponse.FromEnvelope(Fixtures.Text("bedrock/errors/" + fixture)));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => BedrockFor(server).ConverseAsync(Model, Hello, Ct));

        Assert.Equal((expectedType, 400), (error.ErrorType, error.StatusCode));
        Assert.StartsWith(expectedMessage, error.Message);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("validation-exception.invalid-tool-name.body.json")]
    [InlineData("validation-exception.reasoning-in-user-message.body.json")]
    public async Task Recorded_validation_bodies_keep_their_message(string fixture)
    {
        using var body = JsonDocument.Parse(Fixtures.Text("bedrock/errors/" + fixture));
        var message = body.RootElement.GetProperty("message").GetString()!;
        await using var server = await FakeAwsServer.StartNewAsync(cancellationToken: Ct);
        server.Routes.BedrockConverse(Model, FakeAwsResponse.RestJsonError(400, "ValidationException", message));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => BedrockFor(server).ConverseAsync(Model, Hello, Ct));
        Assert.Equal(("ValidationException", message), (error.ErrorType, error.Message));
    }
}
