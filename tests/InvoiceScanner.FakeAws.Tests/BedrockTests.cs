using System.Text.Json;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.CloudEngines.Bedrock;
using InvoiceScanner.CloudEngines.Refining;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Extraction;
using InvoiceScanner.Ocr;
using InvoiceScanner.SampleInvoices;
using static InvoiceScanner.FakeAws.Tests.Fake;

namespace InvoiceScanner.FakeAws.Tests;

/// <summary>The stand-in model behind Converse, driven by the real refining extractor.</summary>
public sealed class BedrockTests
{
    private static async Task<OcrDocument> ReadAsync(SampleInvoice sample)
    {
        Tools.RequirePoppler();
        return await new LocalOcrEngine(new LocalOcrOptions()).RecognizeAsync(new OcrInput("", "", DocumentKind.Pdf, sample.RenderPdf()), Ct);
    }

    /// <summary>The rules' answer with some fields left out, so the model has something to fill.</summary>
    private sealed class ForgetfulExtractor(params string[] forget) : IInvoiceExtractor
    {
        public async Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions options, CancellationToken cancellationToken)
        {
            var result = await new LocalInvoiceExtractor().ExtractAsync(document, options, cancellationToken);
            var fields = result.Fields;
            if (forget.Contains(FieldNames.Total)) fields = fields with { Total = null };
            if (forget.Contains(FieldNames.InvoiceNumber)) fields = fields with { InvoiceNumber = null };
            if (forget.Contains(FieldNames.DueDate)) fields = fields with { DueDate = null };
            return result with { Fields = fields };
        }
    }

    [Fact]
    public async Task The_refiner_confirms_the_draft_and_fills_what_it_left_out_with_evidence()
    {
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var document = await ReadAsync(sample);
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);
        var reports = new List<RefinementReport>();
        var refiner = new BedrockRefiningExtractor(new ForgetfulExtractor(FieldNames.Total, FieldNames.InvoiceNumber), Bedrock(server),
            new BedrockRefinerOptions { ModelId = Model, OnReport = reports.Add });

        var result = await refiner.ExtractAsync(document, new ExtractionOptions(sample.Expected.Locale), Ct);

        var report = Assert.Single(reports);
        Assert.Equal(RefinementOutcome.Applied, report.Outcome);
        Assert.Equal(StopReason.ToolUse, report.StopReason);
        Assert.True(report.Usage?.InputTokens > 0);
        Assert.True(report.Usage?.OutputTokens > 0);
        Assert.Equal(report.Usage!.InputTokens + report.Usage.OutputTokens, report.Usage.TotalTokens);
        Assert.True(report.LatencyMs >= 1);
        Assert.Equal(BedrockRefiningExtractor.EngineName, result.Engine);

        var total = result.Fields.Total!;
        Assert.Equal(sample.Expected.Total, total.Value);
        Assert.Contains(RefinableFieldFlags.Filled, total.Flags);
        Assert.Contains(total.Trace, t => t.StartsWith("bedrock: filled", StringComparison.Ordinal));
        Assert.Equal(1, total.Evidence?.Page);
        Assert.Equal(sample.Expected.InvoiceNumber, result.Fields.InvoiceNumber?.Value);
        Assert.Contains(result.Fields.InvoiceNumber!.Trace, t => t.StartsWith("bedrock: filled", StringComparison.Ordinal));

        // Fields the rules found are kept, confirmed by the model.
        Assert.Equal(sample.Expected.InvoiceDate, result.Fields.InvoiceDate?.Value);
        Assert.Contains(result.Fields.InvoiceDate!.Trace, t => t.StartsWith("bedrock: confirmed", StringComparison.Ordinal));
        Assert.Equal(sample.Expected.Subtotal, result.Fields.Subtotal?.Value);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code is BedrockRefiningExtractor.ModelChangedField or BedrockRefiningExtractor.RefinerFailed);
        Assert.Equal(sample.Expected.LineItems.Count, result.LineItems.Count);
    }

    [Fact]
    public async Task The_tool_input_fills_only_the_schema_and_respects_its_constraints()
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "Total":{"type":"string","pattern":"^\\d+\\.\\d{2}$"},
              "InvoiceNumber":{"type":"string","maxLength":3},
              "Currency":{"type":"string","enum":["EUR","GBP"]},
              "Tax":{"type":"number"}}}
            """);
        var request = new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("""{"Total":"120.50","InvoiceNumber":"INV-2024-0042","Currency":"USD","Tax":"20.50","Other":"x"}""")] }],
            ToolConfig = new ToolConfiguration
            {
                Tools = [new Tool { ToolSpec = new ToolSpecification { Name = "record", InputSchema = new ToolInputSchema { Json = schema.RootElement.Clone() } } }],
                ToolChoice = ToolChoice.ForAny(),
            },
        };

        var response = await Bedrock(server).ConverseAsync(Model, request, Ct);

        Assert.Equal(StopReason.ToolUse, response.StopReason);
        var use = Assert.Single(response.GetToolUses());
        Assert.Equal("record", use.Name);
        Assert.StartsWith("tooluse_", use.ToolUseId, StringComparison.Ordinal);
        Assert.Equal("""{"Total":"120.50","Tax":20.50}""", use.Input.GetRawText());
        Assert.NotNull(response.Metrics);
    }

    [Fact]
    public async Task Without_a_tool_the_model_answers_in_text()
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);

        var response = await Bedrock(server).ConverseAsync(Model, new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("ACME Ltd\nInvoice No: A-17\nTotal: 99.00 EUR")] }],
        }, Ct);

        Assert.Equal(StopReason.EndTurn, response.StopReason);
        Assert.Contains("A-17", response.GetText(), StringComparison.Ordinal);
        Assert.Empty(response.GetToolUses());
    }

    [Fact]
    public async Task A_model_that_runs_out_of_tokens_stops_with_max_tokens()
    {
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var document = await ReadAsync(sample);
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);
        var reports = new List<RefinementReport>();
        var refiner = new BedrockRefiningExtractor(new LocalInvoiceExtractor(), Bedrock(server),
            new BedrockRefinerOptions { ModelId = Model, MaxTokens = 5, OnReport = reports.Add });

        var result = await refiner.ExtractAsync(document, ExtractionOptions.Default, Ct);

        Assert.Equal(RefinementOutcome.NoAnswer, Assert.Single(reports).Outcome);
        Assert.Equal(StopReason.MaxTokens, reports[0].StopReason);
        Assert.Equal(LocalInvoiceExtractor.EngineName, result.Engine);
    }

    [Theory]
    [InlineData("us.does-not-exist-model-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.nope-v1:0")]
    public async Task An_unknown_model_id_is_a_ValidationException(string modelId)
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Bedrock(server).ConverseAsync(modelId, new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hi")] }],
        }, Ct));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("The provided model identifier is invalid.", error.Message);
    }

    [Theory]
    [InlineData("amazon.nova-micro-v1:0")]
    [InlineData("eu.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0")]
    public async Task Known_models_answer_by_id_profile_or_arn(string modelId)
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);

        var response = await Bedrock(server).ConverseAsync(modelId, new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("Total 5.00")] }],
        }, Ct);

        Assert.Equal(StopReason.EndTurn, response.StopReason);
    }

    [Fact]
    public async Task Malformed_conversations_are_refused_as_Bedrock_refuses_them()
    {
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions() }, Ct);
        var client = Bedrock(server);
        async Task<string> MessageOf(ConverseRequest request) =>
            (await Assert.ThrowsAsync<AwsServiceException>(() => client.ConverseAsync(Model, request, Ct))).Message;

        Assert.StartsWith("A conversation must start with a user message",
            await MessageOf(new ConverseRequest { Messages = [new Message { Role = ConversationRole.Assistant, Content = [ContentBlock.FromText("hi")] }] }));
        Assert.Contains("is empty", await MessageOf(new ConverseRequest { Messages = [new Message { Role = ConversationRole.User, Content = [] }] }));
        using var schema = JsonDocument.Parse("""{"type":"object"}""");
        Assert.Contains("toolSpec.name", await MessageOf(new ConverseRequest
        {
            Messages = [new Message { Role = ConversationRole.User, Content = [ContentBlock.FromText("hi")] }],
            ToolConfig = new ToolConfiguration { Tools = [new Tool { ToolSpec = new ToolSpecification { Name = "bad name", InputSchema = new ToolInputSchema { Json = schema.RootElement.Clone() } } }] },
        }));
    }

    [Fact]
    public async Task The_refiner_survives_a_model_the_endpoint_does_not_serve()
    {
        var sample = SampleInvoiceCatalog.Get("uk-joinery-invoice");
        var document = await ReadAsync(sample);
        await using var server = await FakeAwsServer.StartNewAsync(new FakeAwsServerOptions { Bedrock = new FakeBedrockOptions { ModelIds = ["amazon.nova-lite-v1:0"] } }, Ct);
        var refiner = new BedrockRefiningExtractor(new LocalInvoiceExtractor(), Bedrock(server), new BedrockRefinerOptions { ModelId = Model });

        var result = await refiner.ExtractAsync(document, ExtractionOptions.Default, Ct);

        var reason = Assert.Single(result.ReviewReasons, r => r.Code == BedrockRefiningExtractor.RefinerFailed);
        Assert.Contains("ValidationException", reason.Message, StringComparison.Ordinal);
        Assert.Equal(sample.Expected.Total, result.Fields.Total?.Value);
    }
}

/// <summary>The refiner's flag names (internal constants there).</summary>
internal static class RefinableFieldFlags
{
    public const string Filled = "MODEL_FILLED";
}
