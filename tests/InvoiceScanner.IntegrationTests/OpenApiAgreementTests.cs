using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Webhooks;
using InvoiceScanner.LocalHost;
using YamlDotNet.RepresentationModel;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// openapi.yaml is the contract clients build on; template.yaml is what AWS deploys, LocalFleet what runs locally, and
/// the C# records what the functions write. These tests fail when any of them says something the others do not.
/// </summary>
public class OpenApiAgreementTests
{
    private static readonly YamlMappingNode Spec = Load("openapi.yaml");
    private static readonly YamlMappingNode Template = Load("template.yaml");

    /// <summary>Each schema of openapi.yaml that is a C# model, with the model's generated JSON contract.</summary>
    public static IReadOnlyDictionary<string, JsonTypeInfo> Models { get; } = new Dictionary<string, JsonTypeInfo>(StringComparer.Ordinal)
    {
        ["InvoiceView"] = InvoiceScannerJsonContext.Default.InvoiceView,
        ["InvoiceSummaryView"] = InvoiceScannerJsonContext.Default.InvoiceSummaryView,
        ["InvoiceListResponse"] = InvoiceScannerJsonContext.Default.InvoiceListResponse,
        ["CreateInvoiceBody"] = InvoiceScannerJsonContext.Default.CreateInvoiceBody,
        ["CreateInvoiceResponse"] = InvoiceScannerJsonContext.Default.CreateInvoiceResponse,
        ["UploadInstructions"] = InvoiceScannerJsonContext.Default.UploadInstructions,
        ["HistoryResponse"] = InvoiceScannerJsonContext.Default.HistoryResponse,
        ["HistoryEntryView"] = InvoiceScannerJsonContext.Default.HistoryEntryView,
        ["ReprocessRequest"] = InvoiceScannerJsonContext.Default.ReprocessRequest,
        ["ReprocessResponse"] = InvoiceScannerJsonContext.Default.ReprocessResponse,
        ["ApprovalRequest"] = InvoiceScannerJsonContext.Default.ApprovalRequest,
        ["ErasureStatusResponse"] = InvoiceScannerJsonContext.Default.ErasureStatusResponse,
        ["ErrorResponse"] = InvoiceScannerJsonContext.Default.ErrorResponse,
        ["ErrorBody"] = InvoiceScannerJsonContext.Default.ErrorBody,
        ["FailureView"] = InvoiceScannerJsonContext.Default.FailureView,
        ["DocumentView"] = InvoiceScannerJsonContext.Default.DocumentView,
        ["InvoiceFields"] = InvoiceScannerJsonContext.Default.InvoiceFields,
        ["FieldString"] = InvoiceScannerJsonContext.Default.FieldString,
        ["LineItem"] = InvoiceScannerJsonContext.Default.LineItem,
        ["ReviewReason"] = InvoiceScannerJsonContext.Default.ReviewReason,
        ["CorrectionView"] = InvoiceScannerJsonContext.Default.CorrectionView,
        ["ApprovalView"] = InvoiceScannerJsonContext.Default.ApprovalView,
        ["Actor"] = InvoiceScannerJsonContext.Default.Actor,
        ["ResultSummary"] = InvoiceScannerJsonContext.Default.ResultSummary,
        ["Evidence"] = InvoiceScannerJsonContext.Default.Evidence,
        ["InvoiceEventEnvelope"] = InvoiceEventsJsonContext.Default.InvoiceEventEnvelope,
        ["InvoiceEventDetail"] = InvoiceEventsJsonContext.Default.InvoiceEventDetail,
        ["ExportLink"] = ExportJsonContext.Default.ExportLink,
        ["PageImageLink"] = InvoiceScannerJsonContext.Default.PageImageLink,
        ["OriginalFileLink"] = InvoiceScannerJsonContext.Default.OriginalFileLink,
        ["InvoiceExportRow"] = ExportJsonContext.Default.InvoiceExportRow,
        ["LineItemExportRow"] = ExportJsonContext.Default.LineItemExportRow,
        // PUT's answer is the view with the generated secret; GET's the same record without it (null, not written).
        ["WebhookSetResponse"] = WebhooksJsonContext.Default.WebhookView,
        ["WebhookDeliveryRecord"] = WebhooksJsonContext.Default.WebhookDeliveryRecord,
    };

    public static TheoryData<string> ModelNames => [.. Models.Keys];

    /// <summary>The models that are request bodies.</summary>
    private static readonly HashSet<string> Requests = ["CreateInvoiceBody", "ReprocessRequest", "ApprovalRequest"];

    /// <summary>Every constant of <see cref="ErrorCodes"/>.</summary>
    public static IReadOnlySet<string> AllErrorCodes { get; } = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_spec_has_the_routes_of_the_template_and_of_the_local_fleet()
    {
        var spec = OpenApiShape.Routes(Spec).Keys.Order().ToList();
        Assert.Equal(OpenApiShape.TemplateRoutes(Template).Keys.Order(), spec);
        Assert.Equal(LocalFleet.Routes.Select(r => r.RouteKey).Order(), spec);
    }

    [Fact]
    public void A_route_needs_a_token_in_the_spec_exactly_when_the_template_and_the_local_fleet_put_the_authorizer_on_it()
    {
        var template = OpenApiShape.TemplateRoutes(Template);
        var spec = OpenApiShape.Routes(Spec);
        Assert.Empty(OpenApiShape.SecurityDifferences(spec, template));
        Assert.Empty(OpenApiShape.SecurityDifferences(spec, LocalFleet.Routes.ToDictionary(r => r.RouteKey, r => r.RequiresJwt)));
        Assert.Equal(["GET /health"], spec.Where(r => !r.Value).Select(r => r.Key));
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_schema_names_the_properties_the_model_writes(string schema)
    {
        Assert.Empty(OpenApiShape.PropertyDifferences(Spec, schema, Models[schema], Requests.Contains(schema)));
    }

    [Fact]
    public void The_error_code_enum_is_every_code_of_ErrorCodes()
    {
        Assert.Empty(OpenApiShape.ErrorCodeDifferences(Spec, AllErrorCodes));
    }

    [Fact]
    public void Every_error_answer_of_every_route_is_the_envelope_and_the_gateway_s_own_are_listed()
    {
        Assert.Empty(OpenApiShape.ErrorsOutsideTheEnvelope(Spec));
        foreach (var (route, statuses) in OpenApiShape.ResponseStatuses(Spec))
        {
            Assert.All(new[] { "414", "429", "500", "503" }, status => Assert.Contains(status, statuses));
            Assert.Equal(OpenApiShape.Routes(Spec)[route], statuses.Contains("401"));
        }
    }

    [Fact]
    public void The_webhook_event_is_documented_with_its_signature_and_id_headers()
    {
        var post = OpenApiShape.Map(OpenApiShape.Map(OpenApiShape.Map(Spec, "webhooks"), "invoiceEvent"), "post");
        var headers = OpenApiShape.Seq(post, "parameters").OfType<YamlMappingNode>().Select(p => OpenApiShape.Text(p, "name")).ToList();
        Assert.Contains("InvoiceScanner-Signature", headers);
        Assert.Contains("InvoiceScanner-Event-Id", headers);
    }

    /// <summary>The helpers above report a document that disagrees; without this they could pass on anything.</summary>
    [Fact]
    public void The_comparisons_catch_a_document_that_disagrees()
    {
        var wrong = Parse("""
            openapi: 3.1.0
            security: [{bearerAuth: []}]
            paths:
              /invoices:
                get:
                  responses:
                    '200': {description: ok}
                    '404': {description: plain, content: {application/json: {schema: {type: object}}}}
              /health:
                get:
                  responses: {'200': {description: ok}}
              /extra:
                post:
                  security: []
                  responses: {'200': {description: ok}}
            components:
              schemas:
                ErrorCode: {type: string, enum: [NOT_FOUND, NOT_A_CODE]}
                ErrorBody:
                  type: object
                  properties: {code: {type: string}, message: {type: string}, reqId: {type: string}}
            """);

        var routes = OpenApiShape.Routes(wrong);
        Assert.NotEqual(OpenApiShape.TemplateRoutes(Template).Keys.Order(), routes.Keys.Order());
        Assert.Contains("GET /health", OpenApiShape.SecurityDifferences(routes, OpenApiShape.TemplateRoutes(Template)));
        Assert.Contains("POST /extra", OpenApiShape.SecurityDifferences(routes, new Dictionary<string, bool> { ["POST /extra"] = true }));
        var properties = OpenApiShape.PropertyDifferences(wrong, "ErrorBody", InvoiceScannerJsonContext.Default.ErrorBody);
        Assert.Contains("ErrorBody: details is written but not in the spec", properties);
        Assert.Contains("ErrorBody: reqId is in the spec but not written", properties);
        Assert.Contains("InvoiceView: no such schema", OpenApiShape.PropertyDifferences(wrong, "InvoiceView", InvoiceScannerJsonContext.Default.InvoiceView));
        var codes = OpenApiShape.ErrorCodeDifferences(wrong, AllErrorCodes);
        Assert.Contains("NOT_A_CODE is not in ErrorCodes", codes);
        Assert.Contains("VERSION_MISMATCH is missing from the spec", codes);
        Assert.Contains("GET /invoices 404", OpenApiShape.ErrorsOutsideTheEnvelope(wrong));
    }

    private static YamlMappingNode Load(string file) => Parse(File.ReadAllText(Path.Combine(StackPaths.RepositoryRoot, file)));

    private static YamlMappingNode Parse(string yaml)
    {
        // The representation model keeps CloudFormation tags (!Ref, !If, ...) as node tags.
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
