using System.Text.RegularExpressions;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport;
using YamlDotNet.RepresentationModel;

namespace InvoiceScanner.Tests.Deployment;

/// <summary>
/// template.yaml, the Makefile and the code must agree: build targets, triggers, environment, schema and
/// the security settings a deployment relies on.
/// </summary>
public class TemplateTests
{
    private static readonly string Root = SharedFolder.RepositoryRoot;
    private static readonly YamlMappingNode Template = LoadTemplate();
    private static YamlMappingNode Resources => (YamlMappingNode)Template["Resources"];

    private static readonly Dictionary<string, string> FunctionProjects = new()
    {
        ["UploadPresignFunction"] = "UploadPresign",
        ["ProcessInvoiceFunction"] = "ProcessInvoice",
        ["ExtractDataFunction"] = "ExtractData",
        ["GetInvoicesFunction"] = "GetInvoices",
        ["ReviewInvoiceFunction"] = "ReviewInvoice",
        ["SweepInvoicesFunction"] = "SweepInvoices",
        ["WebhooksFunction"] = "Webhooks",
    };

    private static YamlMappingNode LoadTemplate()
    {
        // The representation model keeps CloudFormation tags (!Ref, !Sub, ...) as node tags instead of failing on them.
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "template.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Resource(string id) => (YamlMappingNode)Resources[id];
    private static YamlMappingNode Properties(string id) => (YamlMappingNode)Resource(id)["Properties"];
    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
    private static YamlNode? Find(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static IEnumerable<string> FunctionIds => Resources.Children
        .Where(r => Text(((YamlMappingNode)r.Value)["Type"]) == "AWS::Serverless::Function")
        .Select(r => Text(r.Key));

    [Fact]
    public void Every_function_is_a_makefile_build_of_its_own_project_with_a_target()
    {
        var makefile = File.ReadAllText(Path.Combine(Root, "Makefile"));
        Assert.Equal(FunctionProjects.Keys.Order(), FunctionIds.Order());
        foreach (var (id, project) in FunctionProjects)
        {
            Assert.Equal("makefile", Text(((YamlMappingNode)Resource(id)["Metadata"])["BuildMethod"]));
            Assert.Equal("./", Text(Properties(id)["CodeUri"]));
            Assert.Matches(new Regex($"^build-{id}:", RegexOptions.Multiline), makefile);
            Assert.Contains($"publish_function,{project},", makefile);
            var csproj = File.ReadAllText(Path.Combine(Root, "functions", project, project + ".csproj"));
            Assert.True(File.Exists(Path.Combine(Root, "functions", project, "Program.cs")), project);
            Assert.DoesNotContain("AssemblyName", csproj); // bootstrap comes from functions/Directory.Build.props
        }
        var globals = (YamlMappingNode)((YamlMappingNode)Template["Globals"])["Function"];
        Assert.Equal("provided.al2023", Text(globals["Runtime"]));
        Assert.Equal("bootstrap", Text(globals["Handler"]));
        Assert.Equal("Active", Text(globals["Tracing"]));
        Assert.Contains("<AssemblyName>bootstrap</AssemblyName>", File.ReadAllText(Path.Combine(Root, "functions", "Directory.Build.props")));
    }

    [Fact]
    public void The_default_deploy_reads_documents_in_process_and_the_tesseract_layer_is_built_here_and_optional()
    {
        var parameters = (YamlMappingNode)Template["Parameters"];
        Assert.Null(Find(parameters, "OcrToolsLayerArn")); // nothing to bring: the functions need no layer
        Assert.Equal("Local", Text(((YamlMappingNode)parameters["OcrEngine"])["Default"]));
        Assert.Equal("Enabled", Text(((YamlMappingNode)parameters["TesseractLayer"])["Default"]));
        var variables = (YamlMappingNode)((YamlMappingNode)Properties("ProcessInvoiceFunction")["Environment"])["Variables"];
        Assert.Equal("inprocess", Text(variables["OCR_PIPELINE"]));

        var layer = Resource("OcrTesseractLayer");
        Assert.Equal("AWS::Serverless::LayerVersion", Text(layer["Type"]));
        Assert.Equal("UseTesseractLayer", Text(layer["Condition"]));
        Assert.Equal("makefile", Text(((YamlMappingNode)layer["Metadata"])["BuildMethod"]));
        Assert.Equal(["x86_64"], ((YamlSequenceNode)Properties("OcrTesseractLayer")["CompatibleArchitectures"]).Select(Text));
        Assert.Matches(new Regex("^build-OcrTesseractLayer:", RegexOptions.Multiline), File.ReadAllText(Path.Combine(Root, "Makefile")));
        var layers = Properties("ProcessInvoiceFunction")["Layers"];
        Assert.Equal("!If", layers.Tag.Value);
        Assert.Equal("UseTesseractLayer", Text(((YamlSequenceNode)layers)[0]));
        Assert.Contains("OcrTesseractLayer", layers.ToString());
    }

    [Fact]
    public void Every_parameter_and_condition_is_used_and_every_condition_used_is_defined()
    {
        var text = File.ReadAllText(Path.Combine(Root, "template.yaml"));
        var body = text[text.IndexOf("\nConditions:", StringComparison.Ordinal)..];
        var parameters = ((YamlMappingNode)Template["Parameters"]).Children.Keys.Select(Text).ToList();
        var conditions = ((YamlMappingNode)Template["Conditions"]).Children.Keys.Select(Text).ToList();
        foreach (var parameter in parameters)
            Assert.True(Regex.IsMatch(body, $@"(!Ref {parameter}\b|\$\{{{parameter}\}})"), $"parameter {parameter} is declared but never used");
        var resources = text[text.IndexOf("\nGlobals:", StringComparison.Ordinal)..];
        foreach (var condition in conditions)
            Assert.True(Regex.IsMatch(resources, $@"(Condition: {condition}\b|!If \[{condition}\b|- {condition}\b)"), $"condition {condition} is declared but never used");
        var used = Regex.Matches(resources, @"(?:Condition: |!If \[)(\w+)").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(used, c => Assert.Contains(c, conditions));
    }

    [Fact]
    public void Every_function_has_the_runtime_handler_architecture_and_limits_of_the_globals_or_its_own()
    {
        var globals = (YamlMappingNode)((YamlMappingNode)Template["Globals"])["Function"];
        Assert.Equal(("provided.al2023", "bootstrap"), (Text(globals["Runtime"]), Text(globals["Handler"])));
        Assert.Equal("Architecture", Text(((YamlSequenceNode)globals["Architectures"])[0]));
        foreach (var id in FunctionIds)
        {
            var properties = Properties(id);
            Assert.Null(Find(properties, "Runtime"));
            Assert.Null(Find(properties, "Handler"));
            var memory = int.Parse(Text(Find(properties, "MemorySize") ?? globals["MemorySize"]), System.Globalization.CultureInfo.InvariantCulture);
            var timeout = int.Parse(Text(Find(properties, "Timeout") ?? globals["Timeout"]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(memory, 128, 10240);
            Assert.InRange(timeout, 1, 900);
            Assert.NotNull(Find(properties, "Policies"));
            Assert.NotNull(Find(properties, "Events"));
        }
    }

    [Fact]
    public void The_operators_group_is_the_one_the_api_checks_and_lives_in_the_authorizers_pool()
    {
        var group = Properties("OperatorsGroup");
        Assert.Equal("AWS::Cognito::UserPoolGroup", Text(Resource("OperatorsGroup")["Type"]));
        Assert.Equal(InvoiceScanner.Triggers.Http.ApiRequests.OperatorsGroup, Text(group["GroupName"]));
        Assert.Equal("UserPool", Text(group["UserPoolId"]));
    }

    [Fact]
    public void Routes_match_the_api()
    {
        var routes = FunctionIds.SelectMany(id => EventsOf(id, "HttpApi").Select(e => (Id: id, Route: $"{Text(e["Method"])} {Text(e["Path"])}")));
        Assert.Equal(
            [
                ("ReviewInvoiceFunction", "DELETE /invoices/{id}"), ("ReviewInvoiceFunction", "DELETE /me"),
                ("WebhooksFunction", "DELETE /settings/webhook"),
                ("GetInvoicesFunction", "GET /health"),
                ("GetInvoicesFunction", "GET /invoices"), ("GetInvoicesFunction", "GET /invoices/export"), ("GetInvoicesFunction", "GET /invoices/{id}"),
                ("GetInvoicesFunction", "GET /invoices/{id}/einvoice"), ("GetInvoicesFunction", "GET /invoices/{id}/file"),
                ("GetInvoicesFunction", "GET /invoices/{id}/history"),
                ("GetInvoicesFunction", "GET /invoices/{id}/pages/{n}"), ("GetInvoicesFunction", "GET /review"),
                ("WebhooksFunction", "GET /settings/webhook"),
                ("ReviewInvoiceFunction", "PATCH /invoices/{id}"),
                ("UploadPresignFunction", "POST /invoices"),
                ("ReviewInvoiceFunction", "POST /invoices/{id}/approve"), ("ReviewInvoiceFunction", "POST /invoices/{id}/reprocess"),
                ("WebhooksFunction", "PUT /settings/webhook"),
            ],
            routes.OrderBy(r => r.Route, StringComparer.Ordinal));
    }

    [Fact]
    public void S3_triggers_use_the_key_layout_of_the_code()
    {
        string Prefix(string id)
        {
            var s3 = Assert.Single(EventsOf(id, "S3"));
            Assert.Equal("s3:ObjectCreated:*", Text(s3["Events"]));
            Assert.Equal("DocumentsBucket", Text(s3["Bucket"]));
            var rule = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)s3["Filter"])["S3Key"])["Rules"])[0];
            return Text(rule["Value"]);
        }
        Assert.Equal(ObjectKeys.UploadsPrefix, Prefix("ProcessInvoiceFunction"));
        Assert.Equal(ObjectKeys.OcrPrefix, Prefix("ExtractDataFunction"));
        Assert.Empty(EventsOf("UploadPresignFunction", "S3"));
    }

    [Fact]
    public void Environment_variables_are_ones_the_code_reads()
    {
        // The function settings, and the local OCR engine's own OCR_* settings.
        var settingsSource = File.ReadAllText(Path.Combine(Root, "src", "InvoiceScanner.Core", "Configuration", "FunctionSettings.cs"))
            + File.ReadAllText(Path.Combine(Root, "src", "InvoiceScanner.Ocr", "LocalOcrOptions.cs"));
        var globals = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Template["Globals"])["Function"])["Environment"])["Variables"];
        var names = globals.Children.Keys.Select(Text).ToList();
        foreach (var id in FunctionIds)
        {
            if (Find(Properties(id), "Environment") is YamlMappingNode env)
                names.AddRange(((YamlMappingNode)env["Variables"]).Children.Keys.Select(Text));
        }
        Assert.Contains("TABLE_NAME", names);
        Assert.Contains("BUCKET_NAME", names);
        foreach (var name in names.Where(n => n != "LOG_LEVEL"))
            Assert.True(settingsSource.Contains($"\"{name}\""), $"template sets {name} but neither FunctionSettings nor LocalOcrOptions reads it");
        var logLevel = File.ReadAllText(Path.Combine(Root, "src", "InvoiceScanner.Hosting", "LambdaEnvironment.cs"));
        Assert.Contains("LOG_LEVEL", logLevel);
    }

    [Fact]
    public void The_table_matches_the_code_and_is_protected()
    {
        var table = Properties("InvoicesTable");
        var expected = InvoiceTableDefinition.Create("t");
        static IEnumerable<(string, string)> Keys(YamlNode schema) =>
            ((YamlSequenceNode)schema).Cast<YamlMappingNode>().Select(k => (Text(k["AttributeName"]), Text(k["KeyType"])));
        Assert.Equal(expected.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)), Keys(table["KeySchema"]));
        var indexes = ((YamlSequenceNode)table["GlobalSecondaryIndexes"]).Cast<YamlMappingNode>().ToDictionary(i => Text(i["IndexName"]));
        Assert.Equal(expected.GlobalSecondaryIndexes.Select(i => i.IndexName).Order(), indexes.Keys.Order());
        foreach (var index in expected.GlobalSecondaryIndexes)
        {
            Assert.Equal(index.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)), Keys(indexes[index.IndexName]["KeySchema"]));
            Assert.Equal(index.Projection.ProjectionType.Value, Text(((YamlMappingNode)indexes[index.IndexName]["Projection"])["ProjectionType"]));
        }
        var attributes = ((YamlSequenceNode)table["AttributeDefinitions"]).Cast<YamlMappingNode>().Select(a => (Text(a["AttributeName"]), Text(a["AttributeType"])));
        Assert.Equal(expected.AttributeDefinitions.Select(a => (a.AttributeName, a.AttributeType.Value)).Order(), attributes.Order());
        Assert.Equal(InvoiceTableDefinition.ExpiresAt, Text(((YamlMappingNode)table["TimeToLiveSpecification"])["AttributeName"]));
        Assert.Equal("PAY_PER_REQUEST", Text(table["BillingMode"]));
        Assert.Equal("true", Text(((YamlMappingNode)table["SSESpecification"])["SSEEnabled"]));
        Assert.Equal("true", Text(((YamlMappingNode)table["PointInTimeRecoverySpecification"])["PointInTimeRecoveryEnabled"]));
    }

    [Fact]
    public void The_bucket_is_private_encrypted_tls_only_and_expires_raw_uploads()
    {
        var bucket = Properties("DocumentsBucket");
        var block = (YamlMappingNode)bucket["PublicAccessBlockConfiguration"];
        foreach (var setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            Assert.Equal("true", Text(block[setting]));
        Assert.NotNull(Find(bucket, "BucketEncryption"));
        var rules = ((YamlSequenceNode)((YamlMappingNode)bucket["LifecycleConfiguration"])["Rules"]).Cast<YamlMappingNode>();
        Assert.Contains(rules, r => Find(r, "Prefix") is YamlScalarNode p && p.Value == ObjectKeys.UploadsPrefix && Find(r, "ExpirationInDays") is not null);
        Assert.Contains(rules, r => Find(r, "Prefix") is YamlScalarNode p && p.Value == ExportKeys.Prefix && Find(r, "ExpirationInDays") is YamlScalarNode { Value: "1" });

        var statement = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)Properties("DocumentsBucketPolicy")["PolicyDocument"])["Statement"])[0];
        Assert.Equal("Deny", Text(statement["Effect"]));
        Assert.Equal("false", Text(((YamlMappingNode)((YamlMappingNode)statement["Condition"])["Bool"])["aws:SecureTransport"]));
    }

    [Fact]
    public void S3_triggered_functions_keep_failed_events_and_api_is_throttled_with_jwt()
    {
        foreach (var id in new[] { "ProcessInvoiceFunction", "ExtractDataFunction" })
        {
            var invokeConfig = (YamlMappingNode)Properties(id)["EventInvokeConfig"];
            Assert.NotNull(Find((YamlMappingNode)((YamlMappingNode)invokeConfig["DestinationConfig"])["OnFailure"], "Destination"));
            // The code fails an invoice on the attempt Lambda will not retry, so none waits for ever.
            Assert.Equal(new InvoiceScanner.Core.Processing.ProcessingSettings().MaxAttempts, int.Parse(Text(invokeConfig["MaximumRetryAttempts"])) + 1);
        }
        var api = Properties("InvoicesApi");
        Assert.NotNull(Find((YamlMappingNode)api["DefaultRouteSettings"], "ThrottlingRateLimit"));
        var auth = (YamlMappingNode)api["Auth"];
        var authorizer = (YamlMappingNode)((YamlMappingNode)auth["Authorizers"])[Text(auth["DefaultAuthorizer"])];
        Assert.NotNull(Find((YamlMappingNode)authorizer["JwtConfiguration"], "issuer"));
    }

    [Fact]
    public void Policies_are_scoped_to_their_own_resources_and_prefixes()
    {
        foreach (var id in FunctionIds)
        {
            var text = Serialize(Properties(id)["Policies"]);
            Assert.DoesNotContain("s3:*", text);
            Assert.DoesNotContain("dynamodb:*", text);
            Assert.DoesNotContain("dynamodb:Scan", text);
        }
        Assert.DoesNotContain("s3:GetObject", Serialize(Properties("UploadPresignFunction")["Policies"]));
        Assert.DoesNotContain("PutItem", Serialize(Properties("GetInvoicesFunction")["Policies"]));
        Assert.DoesNotContain("UpdateItem", Serialize(Properties("GetInvoicesFunction")["Policies"]));
        Assert.DoesNotContain("/index/*", Serialize(Properties("ReviewInvoiceFunction")["Policies"]));
        Assert.Contains("/ocr/*", Serialize(Properties("ExtractDataFunction")["Policies"]));
        Assert.DoesNotContain("/uploads/*", Serialize(Properties("ExtractDataFunction")["Policies"]));
        // Page images and the original file are read through presigned URLs of GetInvoices: read only, never written.
        var reads = Serialize(Properties("GetInvoicesFunction")["Policies"]);
        Assert.Contains("/pages/*", reads);
        Assert.DoesNotContain("s3:DeleteObject", reads);
        Assert.Contains("/pages/*", Serialize(Properties("ProcessInvoiceFunction")["Policies"]));
    }

    [Fact]
    public void Erasure_deletes_only_on_the_table_and_the_users_prefixes_and_lists_only_those_prefixes()
    {
        var statements = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)Properties("ReviewInvoiceFunction")["Policies"])[0])["Statement"])
            .Cast<YamlMappingNode>().ToList();
        YamlMappingNode With(string action) => statements.Single(s => ((YamlSequenceNode)s["Action"]).Select(Text).Contains(action));
        var delete = With("dynamodb:DeleteItem");
        Assert.Equal(["dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], ((YamlSequenceNode)delete["Action"]).Select(Text));
        Assert.Equal("InvoicesTable.Arn", Text(delete["Resource"]));
        var objects = Serialize(With("s3:DeleteObject")["Resource"]);
        Assert.Contains("/uploads/*", objects);
        Assert.Contains("/ocr/*", objects);
        Assert.Contains("/exports/*", objects);
        Assert.Contains("/pages/*", objects);
        var list = With("s3:ListBucket");
        Assert.Equal(["s3:ListBucket"], ((YamlSequenceNode)list["Action"]).Select(Text));
        var prefixes = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)list["Condition"])["StringLike"])["s3:prefix"];
        Assert.Equal([ObjectKeys.UploadsPrefix + "*", ObjectKeys.OcrPrefix + "*", ExportKeys.Prefix + "*", ObjectKeys.PagesPrefix + "*"], prefixes.Select(Text));
        // The webhook settings' DELETE removes the caller's one WEBHOOK item (by key, the table only).
        foreach (var id in FunctionIds.Where(id => id is not ("ReviewInvoiceFunction" or "WebhooksFunction")))
        {
            var text = Serialize(Properties(id)["Policies"]);
            Assert.False(text.Contains("dynamodb:DeleteItem", StringComparison.Ordinal), id);
            Assert.False(text.Contains("dynamodb:BatchWriteItem", StringComparison.Ordinal), id);
        }
        Assert.DoesNotContain("dynamodb:BatchWriteItem", Serialize(Properties("WebhooksFunction")["Policies"]));
    }

    [Fact]
    public void The_web_app_is_a_private_bucket_behind_cloudfront_with_every_api_path_sent_uncached_to_the_api()
    {
        var block = (YamlMappingNode)Properties("WebBucket")["PublicAccessBlockConfiguration"];
        Assert.All(block.Children.Values, v => Assert.Equal("true", Text(v)));
        var read = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)Properties("WebBucketPolicy")["PolicyDocument"])["Statement"]).Single();
        Assert.Equal(("Allow", "s3:GetObject", "cloudfront.amazonaws.com"),
            (Text(read["Effect"]), Text(read["Action"]), Text(((YamlMappingNode)read["Principal"])["Service"])));
        Assert.Contains("distribution/${WebDistribution}", Serialize(read["Condition"]));

        var config = (YamlMappingNode)Properties("WebDistribution")["DistributionConfig"];
        var origins = ((YamlSequenceNode)config["Origins"]).Cast<YamlMappingNode>().ToDictionary(o => Text(o["Id"]));
        Assert.Equal("WebOriginAccessControl.Id", Text(origins["web"]["OriginAccessControlId"]));
        Assert.Contains("${InvoicesApi}.execute-api.", Text(origins["api"]["DomainName"]));
        Assert.Equal("web", Text(((YamlMappingNode)config["DefaultCacheBehavior"])["TargetOriginId"]));
        var behaviors = ((YamlSequenceNode)config["CacheBehaviors"]).Cast<YamlMappingNode>().ToList();
        foreach (var behavior in behaviors)
        {
            Assert.Equal("api", Text(behavior["TargetOriginId"]));
            Assert.Equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", Text(behavior["CachePolicyId"])); // CachingDisabled
            Assert.Equal("b689b0a8-53d0-40ab-baf2-68738e2966ac", Text(behavior["OriginRequestPolicyId"])); // AllViewerExceptHostHeader
            Assert.Contains("PATCH", ((YamlSequenceNode)behavior["AllowedMethods"]).Select(Text));
        }
        // Every route of the API reaches it through the web app's origin (the app calls the API there, no CORS).
        var paths = FunctionIds.SelectMany(id => EventsOf(id, "HttpApi").Select(e => Text(e["Path"]))).Distinct().ToList();
        Assert.All(paths, path => Assert.Contains(behaviors, b => Matches(Text(b["PathPattern"]), path)));
        Assert.DoesNotContain(behaviors, b => Matches(Text(b["PathPattern"]), "/index.html") || Matches(Text(b["PathPattern"]), "/app/main.js"));
    }

    [Fact]
    public void The_web_app_signs_in_with_the_hosted_ui_by_code_and_pkce_and_may_upload_through_presigned_urls()
    {
        var client = Properties("UserPoolClient");
        Assert.Equal("false", Text(client["GenerateSecret"]));
        Assert.Equal(["code"], ((YamlSequenceNode)client["AllowedOAuthFlows"]).Select(Text));
        Assert.Contains("WebDistribution.DomainName", Serialize(client["CallbackURLs"]));
        Assert.Equal("UserPool", Text(Properties("UserPoolDomain")["UserPoolId"]));
        var cors = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)Properties("DocumentsBucket")["CorsConfiguration"])["CorsRules"]).Single();
        Assert.Contains("PUT", ((YamlSequenceNode)cors["AllowedMethods"]).Select(Text));
        Assert.Contains("if-none-match", ((YamlSequenceNode)cors["AllowedHeaders"]).Select(Text)); // the URL signs it
        var outputs = (YamlMappingNode)Template["Outputs"];
        foreach (var name in new[] { "WebUrl", "WebBucketName", "WebDistributionId", "AuthDomain", "UserPoolClientId" })
            Assert.Contains(name, File.ReadAllText(Path.Combine(Root, "scripts", "deploy-web.sh")));
        Assert.All(new[] { "WebUrl", "WebBucketName", "WebDistributionId", "AuthDomain" }, name => Assert.NotNull(Find(outputs, name)));
    }

    /// <summary>CloudFront's path patterns: * matches any characters, the rest literally.</summary>
    private static bool Matches(string pattern, string path) =>
        Regex.IsMatch(path, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$");

    [Fact]
    public void Invoice_events_go_to_the_chosen_bus_from_the_functions_that_change_invoices_and_feed_the_webhooks()
    {
        var parameter = (YamlMappingNode)((YamlMappingNode)Template["Parameters"])["EventBusName"];
        Assert.Equal("default", Text(parameter["Default"]));
        var globals = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Template["Globals"])["Function"])["Environment"])["Variables"];
        Assert.Equal(("!Ref", "EventBusName"), (globals["EVENT_BUS_NAME"].Tag.Value, Text(globals["EVENT_BUS_NAME"])));
        string[] publishers = ["ExtractDataFunction", "ProcessInvoiceFunction", "ReviewInvoiceFunction", "SweepInvoicesFunction"];
        Assert.Equal(publishers, FunctionIds.Where(id => Serialize(Properties(id)["Policies"]).Contains("events:PutEvents", StringComparison.Ordinal)).Order());
        foreach (var id in publishers)
            Assert.Contains(":event-bus/${EventBusName}", Serialize(Properties(id)["Policies"]));
        var rule = Assert.Single(EventsOf("WebhooksFunction", "EventBridgeRule"));
        Assert.Equal("EventBusName", Text(rule["EventBusName"]));
        Assert.Equal(["invoicescanner"], ((YamlSequenceNode)((YamlMappingNode)rule["Pattern"])["source"]).Select(Text));
    }

    [Fact]
    public void The_upload_checks_and_the_sweeper_have_the_permissions_they_use_and_no_more()
    {
        var process = Serialize(Properties("ProcessInvoiceFunction")["Policies"]);
        // A missing object must be a 404 (ListBucket), and an object that is not the awaited upload is removed.
        Assert.Contains("s3:ListBucket", process);
        Assert.Contains("s3:DeleteObject", process);
        Assert.Contains("UpdateItem", Serialize(Properties("UploadPresignFunction")["Policies"])); // the quota's counters
        var sweep = Serialize(Properties("SweepInvoicesFunction")["Policies"]);
        Assert.Contains("/index/InFlight", sweep);
        Assert.DoesNotContain("s3:", sweep);
        var schedule = Assert.Single(EventsOf("SweepInvoicesFunction", "Schedule"));
        Assert.Equal("rate(5 minutes)", Text(schedule["Schedule"]));
        var index = ((YamlSequenceNode)Properties("InvoicesTable")["GlobalSecondaryIndexes"]).Cast<YamlMappingNode>()
            .Single(i => Text(i["IndexName"]) == InvoiceTableDefinition.InFlightIndex);
        Assert.Equal(InvoiceTableDefinition.InFlightAttributes, ((YamlSequenceNode)((YamlMappingNode)index["Projection"])["NonKeyAttributes"]).Select(Text));
    }

    [Fact]
    public void Alarms_watch_failed_events_error_rates_and_stuck_invoices_and_notify_the_alarm_topic()
    {
        var alarms = Resources.Children.Where(r => Text(((YamlMappingNode)r.Value)["Type"]) == "AWS::CloudWatch::Alarm")
            .ToDictionary(r => Text(r.Key), r => (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"]);
        Assert.Equal(["ExtractDataErrorRateAlarm", "FailedEventsAlarm", "InvoicesStuckAlarm", "ProcessInvoiceErrorRateAlarm"], alarms.Keys.Order());
        Assert.All(alarms.Values, a => Assert.Contains("AlarmTopic", Serialize(a["AlarmActions"])));
        Assert.Contains("FailedEventsQueue", Serialize(alarms["FailedEventsAlarm"]["Dimensions"]));
        // The stuck-invoices alarm reads the metric the sweeper writes (embedded metric format, namespace InvoiceScanner).
        Assert.Equal((Hosting.Metrics.EmbeddedMetrics.Namespace, "InvoicesStalled"), (Text(alarms["InvoicesStuckAlarm"]["Namespace"]), Text(alarms["InvoicesStuckAlarm"]["MetricName"])));
        Assert.Contains("InvoicesStalled", File.ReadAllText(Path.Combine(Root, "functions", "SweepInvoices", "SweepInvoicesHandler.cs")));
    }

    [Fact]
    public void Cloud_engines_get_only_the_actions_they_call_when_selected()
    {
        var process = Serialize(Properties("ProcessInvoiceFunction")["Policies"]);
        foreach (var action in new[] { "textract:AnalyzeExpense", "textract:StartExpenseAnalysis", "textract:GetExpenseAnalysis", "iam:PassRole" })
            Assert.Contains(action, process);
        Assert.Contains("UseTextract", process);
        var extract = Serialize(Properties("ExtractDataFunction")["Policies"]);
        Assert.Contains("bedrock:InvokeModel", extract);
        Assert.Contains("foundation-model/${BedrockModelId}", extract);
        Assert.Contains("UseBedrock", extract);
        // Textract's SNS completion notice is delivered to ProcessInvoice.
        Assert.Equal("lambda", Text(Properties("TextractCompletionSubscription")["Protocol"]));
        Assert.Contains("ProcessInvoiceFunction", Serialize(Properties("TextractCompletionSubscription")["Endpoint"]));
        var parameters = (YamlMappingNode)Template["Parameters"];
        Assert.Equal("Local", Text(((YamlMappingNode)parameters["OcrEngine"])["Default"]));
        Assert.Equal("Rules", Text(((YamlMappingNode)parameters["Structuring"])["Default"]));
    }

    private static string Serialize(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static IEnumerable<YamlMappingNode> EventsOf(string id, string type) =>
        Find(Properties(id), "Events") is YamlMappingNode events
            ? events.Children.Values.Cast<YamlMappingNode>().Where(e => Text(e["Type"]) == type).Select(e => (YamlMappingNode)e["Properties"])
            : [];
}
